import { given } from './check-input';
import { resourceAvailability } from './resource-availability';

const record = (fields: Record<string, unknown>) => ({ status: 200, message: 'Group found', data: { group: fields } });
const sent = { group_name: 'Gold', group_description: 'Big spenders', customer_group_id: '42' };

test.each([
  ['the values that were sent', 200, record({ id: 7, ...sent }), []],
  [
    'documented type differences ("42" and 42) and extra fields',
    200,
    record({ ...sent, customer_group_id: 42, id: 7 }),
    [],
  ],
  [
    'a field the create dropped',
    200,
    record({ ...sent, group_description: null }),
    ['follow-up:/data/group/group_description'],
  ],
  ['a fetch of the new record answering 404', 404, { status: 404, message: 'Not found', data: {} }, ['follow-up']],
  ['an answer that cannot be read (another check’s finding)', 200, { status: 200 }, []],
])('given a read-back with %s, want violations at %p', (_name, status, body, pointers) => {
  const found = resourceAvailability(given({ sentBody: sent, readBack: { action: 'create', status, body } }));
  expect(found.map((v) => v.pointer)).toEqual(pointers);
  expect(found.every((v) => v.check === 'resource-availability')).toBe(true);
});

test('no read-back (the create failed, or it is not a create): nothing to judge', () => {
  expect(resourceAvailability(given({ sentBody: sent }))).toEqual([]);
  expect(resourceAvailability(given({ sentBody: sent, readBack: { action: 'edit', status: 404 } }))).toEqual([]);
});
