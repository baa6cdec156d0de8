import { ENVELOPE, given } from './check-input';
import { contentTypeConformance } from './content-type-conformance';

test.each([
  ['application/json', 'application/json', []],
  ['a charset parameter', 'application/json; charset=utf-8', []],
  ['upper case', 'Application/JSON', []],
  ['text/plain', 'text/plain', ['content-type-conformance']],
  ['problem+json', 'application/problem+json', ['content-type-conformance']],
  ['text/html', 'text/html; charset=utf-8', ['content-type-conformance']],
  ['no Content-Type', null, ['content-type-conformance']],
])('given %s, want %p', (_name, contentType, want) => {
  expect(contentTypeConformance(given({ body: ENVELOPE, contentType })).map((v) => v.check)).toEqual(want);
});

test('a 204 needs no Content-Type', () => {
  expect(contentTypeConformance(given({ expected: 204, status: 204, contentType: null }))).toEqual([]);
});
