// A generated corpus of hostile requests to the mock. Every one of them must be answered, quickly, with a
// 4xx envelope, and none may hurt the process.
import type { RawRequest } from './raw-http';

export interface HostileCase extends RawRequest {
  name: string;
}

const KEY = '92857043717beff382ae75c8dc7514162f04';
const AUTH = `Authorization: Bearer ${KEY}\r\n`;
const CREATE = '/api/v1/customer-groups/add';
const VALID_BODY = JSON.stringify({
  group_name: 'Platinum Customers',
  group_description: 'Spent over $5000 in a year',
});

const request = (method: string, path: string, headers: string, body: string | Buffer = ''): Buffer => {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const length = bytes.length > 0 || method === 'POST' || method === 'PUT' ? `Content-Length: ${bytes.length}\r\n` : '';
  return Buffer.concat([
    Buffer.from(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}${length}\r\n`, 'latin1'),
    bytes,
  ]);
};
const post = (body: string | Buffer, type = 'application/json', path = CREATE) =>
  request('POST', path, `${AUTH}Content-Type: ${type}\r\n`, body);
const one = (name: string, bytes: Buffer | string): HostileCase => ({ name, chunks: [bytes] });

export function hostileCorpus(): HostileCase[] {
  const cases: HostileCase[] = [];

  // Truncated JSON: a valid body cut at every few characters.
  for (let cut = 1; cut < VALID_BODY.length; cut += 1)
    cases.push(one(`JSON truncated at ${cut}`, post(VALID_BODY.slice(0, cut))));
  // Malformed JSON.
  const malformed = [
    '{bad',
    '{"a":}',
    '[1,]',
    "{'group_name':'x'}",
    'nul',
    '{"a":1}}',
    '"unterminated',
    '{"a" 1}',
    'NaN',
    '{"a":undefined}',
    '{"a":01}',
    '{"a":"\\x"}',
    '\u0000',
    '{"a":1,}',
    'true false',
    '{"a":"b"\n"c":"d"}',
  ];
  for (const text of malformed) cases.push(one(`malformed JSON ${JSON.stringify(text)}`, post(text)));
  // Invalid UTF-8.
  const invalidUtf8 = [
    [0xff],
    [0xc3, 0x28],
    [0xe2, 0x28, 0xa1],
    [0xf0, 0x28, 0x8c, 0x28],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0x80],
    [0xfe, 0xfe, 0xff, 0xff],
  ];
  for (const bytes of invalidUtf8) {
    const body = Buffer.concat([Buffer.from('{"group_name":"'), Buffer.from(bytes), Buffer.from('"}')]);
    cases.push(one(`invalid UTF-8 ${Buffer.from(bytes).toString('hex')}`, post(body)));
  }
  // Deep nesting.
  for (const depth of [100, 1_000, 10_000]) {
    cases.push(one(`arrays nested ${depth} deep`, post('['.repeat(depth) + ']'.repeat(depth))));
    cases.push(
      one(`objects nested ${depth} deep`, post(`{"group_name":"x","a":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`)),
    );
  }
  // Huge bodies.
  cases.push(one('a 10 MiB body', post(`{"group_name":"${'x'.repeat(10 * 1024 * 1024)}"}`)));
  cases.push(one('a 2 MiB body', post(Buffer.alloc(2 * 1024 * 1024, 0x20))));
  cases.push(
    one(
      'a 10 MiB chunked body',
      Buffer.concat([
        Buffer.from(
          `POST ${CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\n${AUTH}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
        ),
        ...Array.from({ length: 10 }, () =>
          Buffer.concat([Buffer.from('100000\r\n'), Buffer.alloc(0x100000, 0x61), Buffer.from('\r\n')]),
        ),
        Buffer.from('0\r\n\r\n'),
      ]),
    ),
  );
  // Thousands of headers, huge headers, huge query strings.
  for (const count of [2_000, 3_000, 10_000]) {
    const many = Array.from({ length: count }, (_, i) => `X-Filler-${i}: ${i}\r\n`).join('');
    cases.push(one(`${count} headers`, request('GET', '/api/v1/customers', `${AUTH}${many}`)));
  }
  cases.push(one('a 20 KiB header', request('GET', '/api/v1/customers', `${AUTH}X-Big: ${'b'.repeat(20 * 1024)}\r\n`)));
  for (const size of [17, 64, 512]) {
    cases.push(
      one(`a ${size} KiB query string`, request('GET', `/api/v1/customers?q=${'q'.repeat(size * 1024)}`, AUTH)),
    );
  }
  for (const query of [
    'customer_group_id=abc',
    'customer_group_id=1.5',
    'customer_group_id=x1',
    'created_at=yesterday',
    'updated_at=2024-13-45',
    'customer_group_id=%FF',
    'customer_group_id=[1]',
  ]) {
    cases.push(one(`invalid query ${query}`, request('GET', `/api/v1/customers?${query}`, AUTH)));
  }
  for (const query of [
    'invoice_type=refund',
    'payment_status=unknown',
    'customer_id=abc',
    'payment_date=2024-02-30x',
    'due_date=tomorrow',
  ]) {
    cases.push(one(`invalid sales filter ${query}`, request('GET', `/api/v1/sales?${query}`, AUTH)));
  }
  // Null bytes and dot segments in paths.
  const paths = [
    '/api/v1/customers/%00',
    '/api/v1/customers/1%00',
    '/api/v1/../../etc/passwd',
    '/api/v1/customers/../../../etc/passwd',
    '/api/v1/%2e%2e/%2e%2e/etc/passwd',
    '/api/v1/customers/..%2f..%2fetc%2fpasswd',
    '/api/v1/expenses/%00',
    '/api/v1/expenses/..',
    '/api/v1/inventory/items/%2e%2e%2f%2e%2e',
    '/api/v1/customers/%ZZ',
    '/../../../../etc/passwd',
    '/api/v1//customers',
    '/api/v1/customers/1/../../../../..',
    '/api/v1/customers\\..\\..\\windows',
    '/api/v1/expenses/1e99999',
  ];
  for (const path of paths) cases.push(one(`path ${path}`, request('GET', path, AUTH)));
  cases.push(
    one(
      'a raw NUL byte in the path',
      Buffer.concat([
        Buffer.from('GET /api/v1/customers/'),
        Buffer.from([0]),
        Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1\r\n${AUTH}\r\n`),
      ]),
    ),
  );
  cases.push(
    one(
      'a raw NUL byte in a header',
      Buffer.concat([
        Buffer.from(`GET /api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a`),
        Buffer.from([0]),
        Buffer.from(`b\r\n${AUTH}\r\n`),
      ]),
    ),
  );
  // Wrong content types.
  const types = [
    'text/plain',
    'text/html',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'image/png',
    ';;;',
    'application/jsonp',
    'json',
  ];
  for (const type of types) {
    cases.push(one(`Content-Type ${type} on a create`, post(VALID_BODY, type)));
    cases.push(
      one(
        `Content-Type ${type} on an edit`,
        request('PUT', '/api/v1/customer-groups/1', `${AUTH}Content-Type: ${type}\r\n`, VALID_BODY),
      ),
    );
  }
  cases.push(one('a body without Content-Type', request('POST', CREATE, AUTH, VALID_BODY)));
  // Authorization: duplicated, missing, malformed.
  const auths = [
    `Authorization: Bearer ${KEY}\r\nAuthorization: Bearer ${KEY}\r\n`,
    `Authorization: Bearer ${KEY}\r\nAuthorization: Bearer wrong\r\n`,
    `Authorization: Bearer wrong\r\nAuthorization: Bearer ${KEY}\r\n`,
    `Authorization: Bearer ${KEY}, Bearer ${KEY}\r\n`,
    'Authorization: Basic dXNlcjpwYXNz\r\n',
    'Authorization: Bearer\r\n',
    'Authorization: \r\n',
    `Authorization: Token ${KEY}\r\n`,
    `Authorization: ${KEY}\r\n`,
    `Authorization: Bearer ${'k'.repeat(4000)}\r\n`,
    '',
  ];
  for (const [i, auth] of auths.entries()) {
    cases.push(one(`Authorization variant ${i}`, request('GET', '/api/v1/customers', auth)));
    cases.push(one(`Authorization variant ${i} on a delete`, request('DELETE', '/api/v1/customers/1', auth)));
  }
  // Unknown paths and methods, odd preferences.
  for (const method of ['PATCH', 'TRACE', 'FOO', 'PROPFIND'])
    cases.push(one(`method ${method}`, request(method, '/api/v1/customers/1', AUTH)));
  for (const path of ['/', '/api', '/api/v2/customers', '/api/v1', '/api/v1/', '/api/v1/nothing', '/__mock/nothing'])
    cases.push(one(`unknown path ${path}`, request('GET', path, AUTH)));
  for (const prefer of ['code=abc', 'code=999', 'code=418', 'dynamic=maybe', 'example=', 'example=nope', 'code=20']) {
    cases.push(one(`Prefer: ${prefer}`, request('GET', '/api/v1/customers', `${AUTH}Prefer: ${prefer}\r\n`)));
  }
  // Invalid bodies that parse: wrong types, missing fields.
  for (const body of [
    '[]',
    '"text"',
    '42',
    'null',
    '{}',
    '{"group_name":42}',
    '{"group_name":{"first":"x"}}',
    '{"group_name":["x"]}',
    '{"group_description":"no name"}',
    '{"group_name":null}',
  ]) {
    cases.push(one(`invalid body ${body}`, post(body)));
  }
  // Not HTTP at all.
  for (const garbage of [
    'HELLO\r\n\r\n',
    'GET\r\n\r\n',
    'GET / HTTP/9.9\r\n\r\n',
    '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03',
    'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
  ]) {
    cases.push(one(`not HTTP ${JSON.stringify(garbage.slice(0, 12))}`, garbage));
  }
  // Slow senders: a body that stalls after a few bytes, or never starts.
  const head = `POST ${CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\n${AUTH}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
  cases.push({ name: 'a body that never arrives', chunks: [head] });
  cases.push({ name: 'a body that stalls after 10 bytes', chunks: [head + VALID_BODY.slice(0, 10)] });
  cases.push({ name: 'a body trickled with long gaps', chunks: [head, '{"gr', 'oup_'], gapMs: 700 });
  return cases;
}
