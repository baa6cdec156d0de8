// HTTP as a client uses it: content negotiation (406 for an Accept the mock cannot serve), HEAD like GET without a
// body, and a trailing slash naming the same resource. In every mode: these are the core's, below the hosts.
import { loadSpec } from '../openapi/spec';
import { createMockCore } from './core-node';
import type { RunningMock } from './server';
import { AUTH, call, examplePath, startTestMock } from './test-support';

describe.each([
  ['static', { stateful: false }],
  ['stateful', { stateful: true }],
  ['dynamic', { dynamic: true }],
] as Array<[string, { stateful?: boolean; dynamic?: boolean }]>)('in %s mode', (_mode, options) => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startTestMock(options);
  });
  afterAll(async () => {
    await mock.close();
  });

  test.each(['text/plain', 'application/xml', 'application/vnd.api+json', 'application/json;q=0, text/html'])(
    'Accept: %s gets 406 in the envelope, on every read',
    async (accept) => {
      const spec = await loadSpec();
      for (const op of spec.operations.filter((o) => o.method === 'get')) {
        const answer = await call(mock, 'GET', examplePath(op), { headers: { ...AUTH, accept } });
        expect(`${op.operationId} ${answer.status}`).toBe(`${op.operationId} 406`);
        expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
        expect(answer.json).toMatchObject({ status: 406, data: { code: 'NOT_ACCEPTABLE' } });
      }
    },
  );

  test.each(['application/json', '*/*', 'application/*', 'text/html, application/json;q=0.1', ''])(
    'Accept: "%s" is served JSON as usual',
    async (accept) => {
      const answer = await call(mock, 'GET', '/customers', { headers: { ...AUTH, accept } });
      expect(answer.status).toBe(200);
    },
  );

  test('HEAD answers like GET, with no body: same status and headers, Content-Length of the GET body', async () => {
    const spec = await loadSpec();
    for (const op of spec.operations.filter((o) => o.method === 'get')) {
      const get = await call(mock, 'GET', examplePath(op), { headers: AUTH });
      const head = await call(mock, 'HEAD', examplePath(op), { headers: AUTH });
      expect(`${op.operationId} ${head.status}`).toBe(`${op.operationId} ${get.status}`);
      expect(head.text).toBe('');
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      if (!options.dynamic) expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(get.text)));
    }
    // Without a key, HEAD is refused like GET.
    expect((await call(mock, 'HEAD', '/customers')).status).toBe(401);
  });

  test('a trailing slash names the same resource: GET /customers/ is GET /customers', async () => {
    const plain = await call(mock, 'GET', '/customers', { headers: AUTH });
    const slashed = await call(mock, 'GET', '/customers/', { headers: AUTH });
    expect(slashed.status).toBe(200);
    if (!options.dynamic) expect(slashed.json).toEqual(plain.json);
    const one = await call(mock, 'GET', '/customers/1/', { headers: AUTH });
    expect(one.status).toBe((await call(mock, 'GET', '/customers/1', { headers: AUTH })).status);
  });
});

test('a forced 400 names a violation of that operation’s own inputs, with data.code, in every operation', async () => {
  const mock = await startTestMock();
  try {
    const spec = await loadSpec();
    const seen = new Set<string>();
    for (const op of spec.operations.filter((o) => '400' in o.responses)) {
      const answer = await call(mock, op.method.toUpperCase(), examplePath(op), {
        headers: { ...AUTH, prefer: 'code=400' },
      });
      expect(answer.status).toBe(400);
      const data = (answer.json as { data: { code: string; errors: Array<{ field: string }> } }).data;
      expect(data.code).toBe('INVALID_REQUEST');
      // An operation that takes no input (authenticateUser) has none to name.
      if (op.parameters.length === 0 && !op.operation.requestBody) {
        expect(data.errors).toEqual([]);
        continue;
      }
      const field = data.errors[0]?.field ?? '';
      const [where, name] = field.split('.') as [string, string | undefined];
      // The field is one this operation takes: a body property or one of its parameters.
      const body = JSON.stringify(op.operation.requestBody ?? {});
      const own =
        (where === 'body' && (name === undefined || body.includes(`"${name}"`))) ||
        op.parameters.some((p) => p.in === where && p.name === name);
      expect(`${op.operationId}: ${field} ${own}`).toBe(`${op.operationId}: ${field} true`);
      seen.add(field);
    }
    // Not one canned body for all: a GET's violation is not a create's missing customer_name.
    expect(seen.size).toBeGreaterThan(5);
  } finally {
    await mock.close();
  }
});

test('in process (core.handle, as MSW and Playwright use it): HEAD, 406, a trailing slash and a form body answer as over HTTP', async () => {
  const core = await createMockCore();
  const at = (path: string, init: RequestInit = {}) =>
    core.handle(new Request(`http://127.0.0.1/api/v1${path}`, { ...init, headers: { ...AUTH, ...init.headers } }));
  const get = await at('/customers');
  const head = await at('/customers', { method: 'HEAD' });
  expect(head.status).toBe(get.status);
  expect(await head.text()).toBe('');
  expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
  const refused = await at('/customers', { headers: { accept: 'text/plain' } });
  expect(refused.status).toBe(406);
  expect(await refused.json()).toMatchObject({ data: { code: 'NOT_ACCEPTABLE' } });
  expect(await (await at('/customers/')).text()).toBe(await (await at('/customers')).text());
  const form = await at('/customer-groups/add', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'group_name=Platinum+Customers',
  });
  expect(form.status).toBe(415);
  expect(await form.json()).toMatchObject({ data: { code: 'UNSUPPORTED_MEDIA_TYPE', accepted: ['application/json'] } });
});

describe('form bodies, as the docs’ PHP samples send them (the spec’s request-bodies decision: JSON only)', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startTestMock({ stateful: true });
  });
  afterAll(() => mock.close());
  const boundary = '------------------------d74496d66958873e';
  const multipart = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="group_name"',
    '',
    'Platinum Customers',
    `--${boundary}--`,
    '',
  ].join('\r\n');

  test.each([
    ['multipart/form-data', `multipart/form-data; boundary=${boundary}`, multipart],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', 'group_name=Platinum+Customers'],
  ])('%s: 415 in the envelope, saying to send JSON, and nothing is stored', async (_name, type, body) => {
    const before = await call(mock, 'GET', '/customer-groups', { headers: AUTH });
    const answer = await call(mock, 'POST', '/customer-groups/add', {
      headers: { ...AUTH, 'content-type': type },
      rawBody: body,
    });
    expect(answer.status).toBe(415);
    expect(answer.json).toMatchObject({
      status: 415,
      data: { code: 'UNSUPPORTED_MEDIA_TYPE', accepted: ['application/json'] },
    });
    expect((answer.json as { message: string }).message).toContain('json_encode($data)');
    expect((await call(mock, 'GET', '/customer-groups', { headers: AUTH })).json).toEqual(before.json);
  });

  test("the PHP sample as cURL runs it (a multipart body under the sample's Content-Type: application/json): 400 that says so", async () => {
    const answer = await call(mock, 'POST', '/customer-groups/add', {
      headers: { ...AUTH, 'content-type': 'application/json' },
      rawBody: multipart,
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ data: { code: 'MALFORMED_JSON' } });
    expect(JSON.stringify(answer.json)).toContain('multipart/form-data body labelled application/json');
  });
});

test('with --spec, the mock’s own messages name that API, never XtraKit', async () => {
  const { mkdtempSync, readFileSync, writeFileSync, rmSync } = await import('node:fs');
  const os = await import('node:os');
  const nodePath = await import('node:path');
  const dir = mkdtempSync(nodePath.join(os.tmpdir(), 'acme-spec-'));
  const file = nodePath.join(dir, 'acme.yaml');
  // Another API: the XtraKit contract with every XtraKit name replaced, so only the mock's own words could say it.
  writeFileSync(
    file,
    readFileSync(nodePath.join(__dirname, '../openapi/xtrakit.yaml'), 'utf8').replace(/XtraKit/g, 'Acme'),
  );
  const mock = await startTestMock({ spec: file });
  try {
    const texts: string[] = [];
    for (const [method, path, headers, body] of [
      ['GET', '/customers', {}, undefined],
      ['GET', '/customers', { authorization: 'Bearer wrong' }, undefined],
      ['GET', '/no-such-path', AUTH, undefined],
      ['PATCH', '/customers', AUTH, undefined],
      ['POST', '/customer-groups/add', { ...AUTH, 'content-type': 'text/plain' }, 'x'],
      ['GET', '/__mock/health', {}, undefined],
    ] as Array<[string, string, Record<string, string>, string | undefined]>) {
      const answer = await call(mock, method, path, { headers, ...(body === undefined ? {} : { rawBody: body }) });
      texts.push(answer.text, answer.headers.get('www-authenticate') ?? '');
    }
    expect(texts.filter((t) => /xtrakit/i.test(t))).toEqual([]);
    expect(texts).toContain('Bearer realm="Acme"');
    expect(texts.join('\n')).toContain('Acme mock is up');
  } finally {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
