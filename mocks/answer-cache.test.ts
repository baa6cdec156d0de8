// The static mode's answer cache gives exactly the answer the pipeline gives, and never one meant for
// another request: everything the answer depends on is in the key.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningMock } from './server';
import { AUTH, call, startTestMock } from './test-support';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(() => mock.close());

const strip = (headers: Headers) => Object.fromEntries([...headers].filter(([name]) => name !== 'date'));

test.each([
  ['a GET', 'GET', '/customers', undefined],
  ['a filtered list', 'GET', '/customers?customer_group_id=1', undefined],
  ['an invalid POST', 'POST', '/customer-groups/add', { group_description: 'no name' }],
  ['a 404', 'GET', '/customers/999', undefined],
])(
  '%s asked three times gets the same answer each time (the third from the cache)',
  async (_name, method, path, body) => {
    const ask = () => call(mock, method, path, { headers: AUTH, ...(body ? { body } : {}) });
    const first = await ask();
    await ask(); // seen twice: now kept
    const third = await ask();
    expect(third.status).toBe(first.status);
    expect(third.text).toBe(first.text);
    expect(strip(third.headers)).toEqual(strip(first.headers));
  },
);

test('what changes the answer changes the key: key, Prefer, Origin, body', async () => {
  for (let i = 0; i < 3; i++) await call(mock, 'GET', '/customers', { headers: AUTH });
  expect((await call(mock, 'GET', '/customers', { headers: { authorization: 'Bearer other' } })).status).toBe(401);
  expect((await call(mock, 'GET', '/customers', { headers: { ...AUTH, prefer: 'code=500' } })).status).toBe(500);
  const other = await call(mock, 'GET', '/customers', { headers: { ...AUTH, origin: 'http://other.test' } });
  expect(other.headers.get('access-control-allow-origin')).toBe('http://other.test');
  const a = await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: { group_name: 'A' } });
  const b = await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: { group_name: 42 } });
  expect([a.status, b.status]).toEqual([200, 400]);
});

test('the stateful mode keeps no answers: a record changes between two identical requests', async () => {
  const stateful = await startTestMock({ stateful: true });
  try {
    const before = await call(stateful, 'GET', '/customer-groups', { headers: AUTH });
    await call(stateful, 'POST', '/customer-groups/add', { headers: AUTH, body: { group_name: 'New' } });
    const after = await call(stateful, 'GET', '/customer-groups', { headers: AUTH });
    expect(after.text).not.toBe(before.text);
  } finally {
    await stateful.close();
  }
});

test('a header parameter the spec declares is in the key: a request without it never gets the answer meant for one with it', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'header-spec-'));
  const file = path.join(dir, 'header.yaml');
  writeFileSync(
    file,
    [
      'openapi: 3.1.0',
      'info: { title: Headers, version: 1.0.0 }',
      'paths:',
      '  /report:',
      '    get:',
      '      operationId: report',
      '      parameters:',
      '        - { name: X-Tenant, in: header, required: true, schema: { type: string } }',
      '      responses:',
      "        '200': { description: ok, content: { application/json: { example: { status: 200, message: ok, data: {} } } } }",
      "        '400': { description: bad, content: { application/json: { example: { status: 400, message: bad, data: {} } } } }",
    ].join('\n'),
  );
  const headers = await startTestMock({ spec: file });
  try {
    for (let i = 0; i < 3; i++) {
      expect((await call(headers, 'GET', '/report', { headers: { 'x-tenant': 'acme' } })).status).toBe(200);
    }
    expect((await call(headers, 'GET', '/report')).status).toBe(400);
    expect((await call(headers, 'GET', '/report', { headers: { 'x-tenant': 'other' } })).status).toBe(200);
  } finally {
    await headers.close();
  }
});

test('both caches are bounded in bytes, and large bodies cost their keys only a hash', async () => {
  // A POST that changes no record (no x-xtrakit-store) is answered from its example, so it may be cached.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'post-spec-'));
  const file = path.join(dir, 'post.yaml');
  writeFileSync(
    file,
    [
      'openapi: 3.1.0',
      'info: { title: Posts, version: 1.0.0 }',
      'paths:',
      '  /quote:',
      '    post:',
      '      operationId: quote',
      '      requestBody: { content: { application/json: { schema: { type: object } } } }',
      '      responses:',
      "        '200': { description: ok, content: { application/json: { example: { status: 200, message: ok, data: {} } } } }",
    ].join('\n'),
  );
  const posts = await startTestMock({ spec: file });
  try {
    const big = (i: number) => ({ name: `Quote ${i}`, text: `${i}`.padEnd(900 * 1024, 'x') });
    for (let i = 0; i < 12; i++) {
      for (let twice = 0; twice < 2; twice++) {
        expect((await call(posts, 'POST', '/quote', { body: big(i) })).status).toBe(200);
      }
    }
    const health = await call(posts, 'GET', '/__mock/health');
    const { cache } = (health.json as { data: { cache: Record<string, { entries: number; bytes: number }> } }).data;
    expect(cache.answers?.entries).toBe(12);
    expect(cache.answers?.bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    // Each key is a hash: a few hundred bytes per remembered request, not the 900 KiB body.
    expect(cache.seen?.entries).toBe(12);
    expect(cache.seen?.bytes).toBeLessThan(12 * 512);
  } finally {
    await posts.close();
  }
});

test.each([
  ['Prefer: dynamic=true', { prefer: 'dynamic=true' }, '/customer-groups'],
  ['?__dynamic=true', {}, '/customer-groups?__dynamic=true'],
])('nothing with dynamic data in effect is cached (%s): five asks, nothing kept', async (_name, extra, url) => {
  const cached = async () =>
    ((await call(mock, 'GET', '/__mock/health')).json as { data: { cache: { seen: { entries: number } } } }).data.cache
      .seen.entries;
  const before = await cached();
  for (let i = 0; i < 5; i++) {
    expect((await call(mock, 'GET', url, { headers: { ...AUTH, ...extra } })).status).toBe(200);
  }
  expect(await cached()).toBe(before);
});
