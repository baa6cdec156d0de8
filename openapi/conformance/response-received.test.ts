import { runChecks } from '.';
import { given } from './check-input';
import { responseReceived } from './response-received';

test.each([
  ['an answer', { body: { status: 200, message: 'ok', data: {} } }, []],
  [
    'a timeout',
    { error: { kind: 'timeout' as const, message: 'no complete answer within 300 ms' } },
    ['response-received'],
  ],
  ['a reset connection', { error: { kind: 'connection' as const, message: 'ECONNRESET' } }, ['response-received']],
  ['garbage that is not HTTP', { error: { kind: 'protocol' as const, message: 'not HTTP' } }, ['response-received']],
])('given %s, want %p', (_name, input, want) => {
  expect(responseReceived(given(input)).map((v) => v.check)).toEqual(want);
});

test('without an answer no other check runs', () => {
  expect(runChecks(given({ error: { kind: 'timeout', message: 'slow' } })).map((v) => v.check)).toEqual([
    'response-received',
  ]);
});
