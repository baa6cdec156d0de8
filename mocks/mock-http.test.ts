// The mock over real HTTP: auth as XtraKit documents it, and the envelope on every answer it gives.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LoadedSpec, loadSpec } from '../openapi/spec';
import { DEFAULT_LAPSED_KEY } from './options';
import type { RunningMock } from './server';
import { AUTH, call, exampleBody, examplePath, isEnvelope, KEY, rawExchange, startTestMock } from './test-support';

let mock: RunningMock;
let spec: LoadedSpec;
const lines: string[] = [];

beforeAll(async () => {
  spec = await loadSpec();
  mock = await startTestMock({ quiet: false, log: (line) => lines.push(line) });
});
afterAll(() => mock.close());

describe('auth as XtraKit documents it', () => {
  test('the docs sample key is accepted', async () => {
    const answer = await call(mock, 'GET', '/customers', { headers: AUTH });
    expect(answer.status).toBe(200);
    expect(isEnvelope(answer.json, 200)).toBe(true);
  });

  test('the scheme is case-insensitive: "bearer" and "BEARER" work', async () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      const answer = await call(mock, 'GET', '/customers', { headers: { authorization: `${scheme} ${KEY}` } });
      expect(answer.status).toBe(200);
    }
  });

  test.each([
    ['no Authorization header', {}, 'Bearer realm="XtraKit"'],
    ['another scheme', { authorization: `Basic ${KEY}` }, 'Bearer realm="XtraKit"'],
    ['an empty token', { authorization: 'Bearer ' }, 'Bearer realm="XtraKit"'],
    [
      'a key that is not accepted',
      { authorization: 'Bearer 00000000000000000000000000000000beef' },
      'error="invalid_token"',
    ],
  ])('%s gets a 401 envelope with WWW-Authenticate', async (_case, headers, challenge) => {
    const answer = await call(mock, 'GET', '/customers', { headers });
    expect(answer.status).toBe(401);
    expect(isEnvelope(answer.json, 401)).toBe(true);
    expect(answer.headers.get('www-authenticate')).toContain('Bearer');
    expect(answer.headers.get('www-authenticate')).toContain(challenge);
  });

  test('the lapsed-account key answers 402 on every operation', async () => {
    for (const op of spec.operations) {
      const body = exampleBody(op);
      const answer = await call(mock, op.method.toUpperCase(), examplePath(op), {
        headers: { authorization: `Bearer ${DEFAULT_LAPSED_KEY}` },
        ...(body === undefined ? {} : { body }),
      });
      expect({ op: op.operationId, status: answer.status, envelope: isEnvelope(answer.json, 402) }).toEqual({
        op: op.operationId,
        status: 402,
        envelope: true,
      });
    }
  });

  test('a wrong key cannot be rescued by forcing a status', async () => {
    const answer = await call(mock, 'GET', '/customers', {
      headers: { authorization: 'Bearer wrong', prefer: 'code=200' },
    });
    expect(answer.status).toBe(401);
  });
});

describe('every answer is the envelope with Content-Type application/json', () => {
  test('every documented status of every operation, forced, is an envelope (204 has no body)', async () => {
    let checked = 0;
    for (const op of spec.operations) {
      const body = exampleBody(op);
      for (const code of Object.keys(op.responses)) {
        const answer = await call(mock, op.method.toUpperCase(), examplePath(op), {
          headers: { ...AUTH, prefer: `code=${code}` },
          ...(body === undefined ? {} : { body }),
        });
        const where = `${op.operationId} ${code}`;
        expect({ where, status: answer.status }).toEqual({ where, status: Number(code) });
        if (code === '204') {
          expect({ where, text: answer.text, type: answer.headers.get('content-type') }).toEqual({
            where,
            text: '',
            type: null,
          });
          expect(answer.headers.get('content-length')).toBeNull();
        } else {
          expect({ where, type: answer.headers.get('content-type') }).toEqual({ where, type: 'application/json' });
          expect({ where, envelope: isEnvelope(answer.json, Number(code)) }).toEqual({ where, envelope: true });
        }
        checked += 1;
      }
    }
    expect(checked).toBe(spec.operations.reduce((n, op) => n + Object.keys(op.responses).length, 0));
  });

  test('an unknown path answers a 404 envelope, not problem+json', async () => {
    for (const path of ['/nope', '/customers/1/extra', '/../../etc/passwd']) {
      const answer = await call(mock, 'GET', path, { headers: AUTH });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(isEnvelope(answer.json, 404)).toBe(true);
    }
    const outside = await fetch(`${mock.origin}/customers`, { headers: AUTH });
    expect(outside.status).toBe(404);
    expect(isEnvelope(await outside.json(), 404)).toBe(true);
  });

  test('a known path with a wrong method answers 405 with Allow', async () => {
    const answer = await call(mock, 'PATCH', '/customers/1', { headers: AUTH });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, PUT, DELETE');
    expect(isEnvelope(answer.json, 405)).toBe(true);
  });

  test('a literal path beside a templated one allows only its own methods: PATCH /customers/add → Allow: POST', async () => {
    const answer = await call(mock, 'PATCH', '/customers/add', { headers: AUTH });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
  });

  test('a forced invalid-key 401 carries error="invalid_token", a forced missing-key 401 does not', async () => {
    const invalid = await call(mock, 'GET', '/customers', {
      headers: { ...AUTH, prefer: 'code=401, example=invalidKey' },
    });
    expect(invalid.status).toBe(401);
    expect(invalid.headers.get('www-authenticate')).toBe('Bearer realm="XtraKit", error="invalid_token"');
    const missing = await call(mock, 'GET', '/customers', {
      headers: { ...AUTH, prefer: 'code=401, example=missingKey' },
    });
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="XtraKit"');
  });

  test('malformed JSON answers 400 at once, never hangs', async () => {
    const answer = await call(mock, 'POST', '/customer-groups/add', {
      headers: { ...AUTH, 'content-type': 'application/json' },
      rawBody: '{"group_name": ',
    });
    expect(answer.status).toBe(400);
    expect((answer.json as { data: { code: string } }).data.code).toBe('MALFORMED_JSON');
  });

  test('a body over 1 MiB answers 413', async () => {
    const answer = await call(mock, 'POST', '/customer-groups/add', {
      headers: { ...AUTH, 'content-type': 'application/json' },
      rawBody: JSON.stringify({ group_name: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(answer.status).toBe(413);
    expect(isEnvelope(answer.json, 413)).toBe(true);
  });

  test('a body that is not JSON answers 415', async () => {
    const answer = await call(mock, 'POST', '/customer-groups/add', {
      headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: 'group_name=VIP',
    });
    expect(answer.status).toBe(415);
    expect(isEnvelope(answer.json, 415)).toBe(true);
  });

  test('an invalid body answers 400 naming each violated field', async () => {
    const answer = await call(mock, 'POST', '/customers/add', { headers: AUTH, body: { customer_name: 'Kofi' } });
    expect(answer.status).toBe(400);
    const errors = (answer.json as { data: { errors: Array<{ field: string; message: string }> } }).data.errors;
    expect(errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['body.customer_phone', 'body.customer_country', 'body.address1']),
    );
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
  });

  test('an invalid query parameter answers 400 naming it', async () => {
    const answer = await call(mock, 'GET', '/customers?customer_group_id=abc', { headers: AUTH });
    expect(answer.status).toBe(400);
    const errors = (answer.json as { data: { errors: Array<{ field: string }> } }).data.errors;
    expect(errors.map((e) => e.field)).toContain('query.customer_group_id');
  });

  test('a request line Node cannot parse still gets an envelope', async () => {
    const reply = await rawExchange(mock, 'GET /api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toContain('"status":400');
  });
});

describe('CORS and the request log', () => {
  test('a preflight from another origin is answered', async () => {
    const response = await fetch(`${mock.baseUrl}/customers/add`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  test('a preflight allows every method the mock answers, so a page can read a PATCH’s 405', async () => {
    const preflight = await fetch(`${mock.baseUrl}/customers/add`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PATCH' },
    });
    const allowed = (preflight.headers.get('access-control-allow-methods') ?? '').split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']));
    const patch = await call(mock, 'PATCH', '/customers/add', {
      headers: { ...AUTH, origin: 'http://localhost:5173' },
    });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(patch.headers.get('access-control-expose-headers')).toContain('Allow');
  });

  test('answers carry Access-Control-Allow-Origin and expose WWW-Authenticate', async () => {
    const answer = await call(mock, 'GET', '/customers', { headers: { origin: 'http://localhost:5173' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(answer.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
  });

  test('each request is one log line: method, path, status, milliseconds; the key is redacted', async () => {
    lines.length = 0;
    await call(mock, 'GET', `/customers?api_key=${KEY}`, { headers: AUTH });
    await call(mock, 'GET', '/customers', { headers: { authorization: 'Bearer some-secret-token' } });
    expect(lines[0]).toMatch(/^GET \/api\/v1\/customers\?api_key=\*\*\* 200 \d+\.\dms$/);
    expect(lines.join('\n')).not.toContain(KEY);
    expect(lines.join('\n')).not.toContain('some-secret-token');
  });
});

describe('switches', () => {
  test('--no-cors adds no CORS headers and answers no preflight', async () => {
    const plain = await startTestMock({ cors: false });
    try {
      const answer = await call(plain, 'GET', '/customers', { headers: { ...AUTH, origin: 'http://localhost:5173' } });
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${plain.baseUrl}/customers`, {
        method: 'OPTIONS',
        headers: { origin: 'http://x', 'access-control-request-method': 'GET' },
      });
      expect(preflight.status).toBe(405);
    } finally {
      await plain.close();
    }
  });

  test('--quiet writes no log line', async () => {
    const quietLines: string[] = [];
    const quiet = await startTestMock({ quiet: true, log: (line) => quietLines.push(line) });
    try {
      await call(quiet, 'GET', '/customers', { headers: AUTH });
      expect(quietLines).toEqual([]);
    } finally {
      await quiet.close();
    }
  });

  test('--spec serves another contract: its base path, its security, its title; undocumented statuses get envelopes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spec-'));
    const write = (name: string, lines: string[]) => {
      const file = path.join(dir, name);
      writeFileSync(file, lines.join('\n'));
      return file;
    };
    const ping = [
      'paths:',
      '  /ping:',
      '    get:',
      '      operationId: ping',
      '      responses:',
      "        '200':",
      '          description: pong',
      '          content:',
      '            application/json:',
      '              example: { status: 200, message: pong, data: {} }',
    ];
    // No servers and no security: served at the root, and no key is needed.
    const open = await startTestMock({
      spec: write('open.yaml', ['openapi: 3.1.0', 'info: { title: Open, version: 1.0.0 }', ...ping]),
    });
    try {
      expect(open.baseUrl).toBe(open.origin);
      expect((await call(open, 'GET', '/ping')).json).toEqual({ status: 200, message: 'pong', data: {} });
      const elsewhere = await call(open, 'GET', '/customers');
      expect(elsewhere.status).toBe(404);
      expect((elsewhere.json as { data: { code: string } }).data.code).toBe('ROUTE_NOT_FOUND');
    } finally {
      await open.close();
    }
    // Its own base path and a bearer key: a missing key gets the mock's own 401 envelope (the spec documents none).
    const secured = write('secured.yaml', [
      'openapi: 3.1.0',
      'info: { title: Tiny, version: 1.0.0 }',
      'servers: [{ url: "https://tiny.example/v2" }]',
      'security: [{ key: [] }]',
      'components: { securitySchemes: { key: { type: http, scheme: bearer } } }',
      ...ping,
    ]);
    const tiny = await startTestMock({ spec: secured });
    try {
      expect(tiny.baseUrl).toBe(`${tiny.origin}/v2`);
      expect((await call(tiny, 'GET', '/ping', { headers: AUTH })).status).toBe(200);
      const refused = await call(tiny, 'GET', '/ping');
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toContain('Bearer');
      expect((refused.json as { data: { code: string } }).data.code).toBe('UNAUTHENTICATED');
      expect((await call(tiny, 'GET', '/customers', { headers: AUTH })).status).toBe(404);
    } finally {
      await tiny.close();
    }
    // A security scheme the mock cannot check: refused at start, in one line.
    const apiKey = write('api-key.yaml', [
      'openapi: 3.1.0',
      'info: { title: Keyed, version: 1.0.0 }',
      'security: [{ key: [] }]',
      'components: { securitySchemes: { key: { type: apiKey, in: query, name: key } } }',
      ...ping,
    ]);
    await expect(startTestMock({ spec: apiKey })).rejects.toThrow(
      `cannot serve ${apiKey}: ping needs the "key" security scheme (apiKey); the mock checks bearer keys only`,
    );
  });

  test('--key replaces the accepted keys', async () => {
    const custom = await startTestMock({ keys: ['my-own-key'] });
    try {
      expect(
        (await call(custom, 'GET', '/customers', { headers: { authorization: 'Bearer my-own-key' } })).status,
      ).toBe(200);
      expect((await call(custom, 'GET', '/customers', { headers: AUTH })).status).toBe(401);
    } finally {
      await custom.close();
    }
  });
});
