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
  ['bytes that are not UTF-8', { raw: '{"status":200,"message":"\uFFFD","data":{}}', notUtf8: true }, ['body-is-json']],
  ['a name twice in the envelope', { raw: '{"status":200,"status":500,"message":"ok","data":{}}' }, ['body-is-json']],
  ['a name twice in a record', { raw: '{"status":200,"message":"ok","data":{"c":{"id":1,"id":2}}}' }, ['body-is-json']],
  ['the same name in two objects', { raw: '{"status":200,"message":"ok","data":{"a":{"id":1},"b":{"id":2}}}' }, []],
  ['a number too large for a double', { raw: '{"status":200,"message":"ok","data":{"id":1e400}}' }, ['body-is-json']],
  ['a large but finite number', { raw: '{"status":200,"message":"ok","data":{"id":1e300,"n":-12.5e-3}}' }, []],
  ['JSON nested 100,000 deep', { raw: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }, ['body-is-json']],
  ['JSON nested 60 deep', { raw: `{"status":200,"message":"ok","data":{"x":${'['.repeat(60)}${']'.repeat(60)}}}` }, []],
  [
    'escapes and brackets inside strings',
    { raw: '{"status":200,"message":"a\\\\\\"{[,","data":{"k\\u0031":1,"k1x":2}}' },
    [],
  ],
  [
    'a name twice, once escaped',
    { raw: '{"status":200,"message":"ok","data":{"k1":1,"k\\u0031":2}}' },
    ['body-is-json'],
  ],
])('given %s', (_name, input, want) => {
  expect(bodyIsJson(given(input)).map((v) => v.check)).toEqual(want);
});

test('a repeated name or an over-deep body is located and said plainly', () => {
  const [dup] = bodyIsJson(given({ raw: '{"status":200,"message":"ok","data":{"rows":[{"id":1},{"id":2,"id":3}]}}' }));
  expect(dup?.message).toContain('"id" appears twice');
  expect(dup?.pointer).toBe('/data/rows/1/id');
  const [deep] = bodyIsJson(given({ raw: `${'{"a":'.repeat(100)}1${'}'.repeat(100)}` }));
  expect(deep?.message).toContain('nested more than 64 levels');
});
