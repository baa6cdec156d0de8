import { given } from './check-input';
import { recordIdentity } from './record-identity';

const key = { field: 'item_code', value: 'Jce84a50', wrapper: 'item' };
const answer = (code: unknown) => ({ status: 200, message: 'Item found', data: { item: { item_code: code } } });

test.each([
  ['the record asked for', answer('Jce84a50'), []],
  ['the key with the documented leading space', answer(' Jce84a50'), []],
  ['another record', answer('Zzz00000'), ['/data/item/item_code']],
  ['no key in the record', { status: 200, message: 'Item found', data: { item: {} } }, ['/data/item/item_code']],
])('given a fetch answering %s, want violations at %p', (_name, body, pointers) => {
  expect(recordIdentity(given({ body, requestedKey: key })).map((v) => v.pointer)).toEqual(pointers);
});

test('a 404, or a case that asked for no key, is not judged', () => {
  expect(recordIdentity(given({ status: 404, body: answer('x'), requestedKey: key }))).toEqual([]);
  expect(recordIdentity(given({ body: answer('x') }))).toEqual([]);
});
