import { given } from './check-input';
import { editPersisted } from './edit-persisted';

const record = (fields: Record<string, unknown>) => ({ status: 200, message: 'Group found', data: { group: fields } });
const sent = { group_name: 'Renamed', unit_cost: '1000.00' };

test.each([
  ['the edit', 200, record({ id: 7, group_name: 'Renamed', unit_cost: 1000 }), []],
  [
    'the old value still there',
    200,
    record({ id: 7, group_name: 'Gold', unit_cost: 1000 }),
    ['follow-up:/data/group/group_name'],
  ],
  ['the record gone after the edit', 404, { status: 404, message: 'Not found', data: {} }, ['follow-up']],
])('given a read-back with %s, want violations at %p', (_name, status, body, pointers) => {
  const found = editPersisted(given({ sentBody: sent, readBack: { action: 'edit', status, body } }));
  expect(found.map((v) => v.pointer)).toEqual(pointers);
  expect(found.every((v) => v.check === 'edit-persisted')).toBe(true);
});
