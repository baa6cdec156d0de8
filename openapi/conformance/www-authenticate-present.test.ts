import { given } from './check-input';
import { wwwAuthenticatePresent } from './www-authenticate-present';

const unauthorized = { status: 401, expected: 401, body: { status: 401, message: 'no', data: {} } };

test.each([
  ['a Bearer challenge', { ...unauthorized, headers: { 'www-authenticate': 'Bearer realm="XtraKit"' } }, []],
  ['a lower-case challenge', { ...unauthorized, headers: { 'www-authenticate': 'bearer' } }, []],
  ['no challenge', unauthorized, ['www-authenticate-present']],
  ['a 200 (not a 401)', { body: {} }, []],
])('given %s, want %p', (_name, input, want) => {
  expect(wwwAuthenticatePresent(given(input)).map((v) => v.check)).toEqual(want);
});

test('a missing challenge is an advisory, not a failure', () => {
  expect(wwwAuthenticatePresent(given(unauthorized))[0]?.severity).toBe('warning');
});
