import { bodyIsJson } from './body-is-json';
import { ENVELOPE, given } from './check-input';

test.each([
  ['a JSON body', { body: ENVELOPE }, []],
  ['pretty-printed JSON', { raw: JSON.stringify(ENVELOPE, null, 2) }, []],
  ['truncated JSON', { raw: '{"status":200,"mess' }, ['body-is-json']],
  ['an HTML page', { raw: '<html><body>Server Error</body></html>' }, ['body-is-json']],
  ['an empty body on a 200', { raw: '' }, ['body-is-json']],
  ['a body cut at the size cap', { raw: '{"status":200', truncated: true }, ['body-is-json']],
  ['a body shorter than its Content-Length', { raw: '{"status":2', bodyError: 'length mismatch' }, ['body-is-json']],
  ['an empty 204', { status: 204, expected: 204, raw: '' }, []],
])('given %s, want %p', (_name, input, want) => {
  expect(bodyIsJson(given(input)).map((v) => v.check)).toEqual(want);
});
