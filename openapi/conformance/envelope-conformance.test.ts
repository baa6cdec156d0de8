import { ENVELOPE, given } from './check-input';
import { envelopeConformance } from './envelope-conformance';

test.each([
  ['the envelope', ENVELOPE, []],
  ['reordered keys', { data: {}, message: 'ok', status: 200 }, []],
  ['an extra envelope field', { ...ENVELOPE, request_id: 'abc' }, []],
  ['message missing', { status: 200, data: {} }, ['/message']],
  ['an empty message', { status: 200, message: ' ', data: {} }, ['/message']],
  ['status as a string', { status: '200', message: 'ok', data: {} }, ['/status']],
  ['status different from the HTTP status', { status: 201, message: 'ok', data: {} }, ['/status']],
  ['data null', { status: 200, message: 'ok', data: null }, ['/data']],
  ['data an array', { status: 200, message: 'ok', data: [] }, ['/data']],
  ['a problem+json body', { type: 'about:blank', title: 'Not Found', status: 200, detail: 'x' }, ['/message', '/data']],
  ['a bare array', [1, 2], ['']],
])('given %s, want violations at %p', (_name, body, pointers) => {
  const found = envelopeConformance(given({ body }));
  expect(found.map((v) => v.pointer)).toEqual(pointers);
  expect(found.every((v) => v.check === 'envelope-conformance')).toBe(true);
});

test('a body that is not JSON is left to body-is-json', () => {
  expect(envelopeConformance(given({ raw: 'oops' }))).toEqual([]);
});
