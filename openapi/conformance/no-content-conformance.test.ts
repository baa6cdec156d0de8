import { given } from './check-input';
import { noContentConformance } from './no-content-conformance';

test.each([
  ['an empty 204', { expected: 204, status: 204, raw: '' }, []],
  ['a 204 with a body', { expected: 204, status: 204, raw: '{"status":204}' }, ['no-content-conformance']],
  ['a 200 with a body (not a 204)', { expected: 204, status: 200, raw: '{}' }, []],
  [
    'a 204 announcing a body',
    { expected: 204, status: 204, raw: '', headers: { 'content-length': '44' } },
    ['no-content-conformance'],
  ],
  ['a 204 with Content-Length: 0', { expected: 204, status: 204, raw: '', headers: { 'content-length': '0' } }, []],
])('given %s, want %p', (_name, input, want) => {
  expect(noContentConformance(given(input)).map((v) => v.check)).toEqual(want);
});
