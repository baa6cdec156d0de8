import { given } from './check-input';
import { notAServerError } from './not-a-server-error';
import { statusCodeConformance } from './status-code-conformance';

test.each([
  ['a 200 where 200 is expected', { expected: 200, status: 200 }, []],
  ['a 500 where 400 is expected', { expected: 400, status: 400 + 100 }, ['not-a-server-error']],
  ['a 503 where 200 is expected', { expected: 200, status: 503 }, ['not-a-server-error']],
  ['a forced 500', { expected: 500, status: 500 }, []],
  ['a 404 where 200 is expected (status-code-conformance’s finding)', { expected: 200, status: 404 }, []],
])('given %s, want %p', (_name, input, want) => {
  expect(notAServerError(given(input)).map((v) => v.check)).toEqual(want);
});

test('an unexpected 5xx is reported once: status-code-conformance leaves it to not-a-server-error', () => {
  expect(statusCodeConformance(given({ expected: 200, status: 500 }))).toEqual([]);
});
