// A mock a web page cannot drive: Host checked against DNS rebinding, control routes closed to other sites and to
// simple requests, the API itself open to any Origin. Over raw HTTP (Host can be any name there), and from a real
// chromium page on another origin.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { browserTest, launchChromium } from './fixtures/chromium';
import { resolveMockOptions } from './options';
import type { RunningMock } from './server';
import { AUTH, CUSTOMER_INPUT, startTestMock } from './test-support';

jest.setTimeout(120_000);

/** One request over node:http, which lets the test say any Host and Origin. */
function raw(
  mock: RunningMock,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { data?: { code?: string } };
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: mock.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : {} }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('over HTTP', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startTestMock({ stateful: true, allowedHosts: ['mock.internal'] });
  });
  afterAll(() => mock.close());

  test('a Host that is not loopback, the bound address or allowed is refused in the envelope (DNS rebinding)', async () => {
    for (const path of ['/api/v1/customers', '/__mock/health']) {
      const refused = await raw(mock, 'GET', path, { host: `rebind.example.com:${mock.port}`, ...AUTH });
      expect([refused.status, refused.json.data?.code]).toEqual([403, 'HOST_NOT_ALLOWED']);
    }
    for (const host of [
      `localhost:${mock.port}`,
      `127.0.0.1:${mock.port}`,
      `app.localhost:${mock.port}`,
      'mock.internal',
    ]) {
      expect((await raw(mock, 'GET', '/api/v1/customers', { host, ...AUTH })).status).toBe(200);
    }
  });

  test('the API stays open to any Origin, without credentials', async () => {
    const answer = await raw(mock, 'GET', '/api/v1/customers', { origin: 'https://app.example.com', ...AUTH });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });

  test('control routes refuse another site, its preflight and simple requests; a test set-up gets through', async () => {
    const json = { 'content-type': 'application/json' };
    const evil = { origin: 'https://evil.example' };
    const refused = [
      await raw(mock, 'POST', '/__mock/reset', { ...evil, ...json }, '{}'),
      await raw(mock, 'GET', '/__mock/violations', evil),
      await raw(mock, 'OPTIONS', '/__mock/reset', { ...evil, 'access-control-request-method': 'POST' }),
      await raw(mock, 'POST', '/__mock/reset', { origin: 'null', ...json }, '{}'),
      await raw(mock, 'POST', '/__mock/reset', { 'content-type': 'text/plain' }, 'x'),
      await raw(mock, 'POST', '/__mock/reset', {}),
    ];
    for (const r of refused) {
      expect([r.status, r.json.data?.code]).toEqual([403, 'CROSS_SITE_REFUSED']);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect((await raw(mock, 'POST', '/__mock/reset', json, '{}')).status).toBe(200);
    expect((await raw(mock, 'POST', '/__mock/reset', { 'x-xtrakit-mock': 'reset' })).status).toBe(200);
    const loopbackPage = await raw(mock, 'POST', '/__mock/reset', { origin: 'http://localhost:5173', ...json }, '{}');
    expect([loopbackPage.status, loopbackPage.headers['access-control-allow-origin']]).toEqual([
      200,
      'http://localhost:5173',
    ]);
    expect((await raw(mock, 'GET', '/__mock/violations', { origin: `http://127.0.0.1:${mock.port}` })).status).toBe(
      200,
    );
  });

  test('--allowed-host and XTRAKIT_MOCK_ALLOWED_HOSTS name more hosts', () => {
    expect(resolveMockOptions({ allowedHost: ['Mock.Internal'] }, {}).allowedHosts).toEqual(['mock.internal']);
    expect(resolveMockOptions({}, { XTRAKIT_MOCK_ALLOWED_HOSTS: 'a.test, b.test' }).allowedHosts).toEqual([
      'a.test',
      'b.test',
    ]);
    expect(resolveMockOptions({}, {}).allowedHosts).toEqual([]);
  });
});

describe('from a chromium page on another site', () => {
  let page: Server;
  let pageOrigin: string;
  beforeAll(async () => {
    page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>loopback app</title>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => page.close(resolve)));

  browserTest('cannot reset the store or read violations; a loopback page can reset', async () => {
    const lines: string[] = [];
    const mock = await startTestMock({ stateful: true, quiet: false, log: (line) => lines.push(line) });
    const browser = await launchChromium();
    try {
      const created = await fetch(`${mock.baseUrl}/customers/add`, {
        method: 'POST',
        headers: { ...AUTH, 'content-type': 'application/json' },
        body: JSON.stringify(CUSTOMER_INPUT),
      });
      const id = ((await created.json()) as { data: { customer: { id: number } } }).data.customer.id;
      // As if the user had granted the page's local-network prompt (browsers without that prompt let it through):
      // the mock must hold on its own.
      const context = await browser.newContext({ permissions: ['local-network-access'] });
      const evil = await context.newPage();
      // The attacker's page, on an origin that is not loopback (served by Playwright's routing, no network).
      await evil.route('https://evil.test/', (r) =>
        r.fulfill({ contentType: 'text/html', body: '<title>evil</title>' }),
      );
      await evil.goto('https://evil.test/');
      const attempts = await evil.evaluate(async (origin) => {
        const outcome = async (p: Promise<Response>) => {
          try {
            const r = await p;
            return `read ${r.status}`;
          } catch {
            return 'blocked';
          }
        };
        return [
          // A simple request: no preflight, the browser sends it and only hides the answer.
          await outcome(
            fetch(`${origin}/__mock/reset`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }),
          ),
          await outcome(fetch(`${origin}/__mock/reset`, { method: 'POST', mode: 'no-cors' })),
          await outcome(
            fetch(`${origin}/__mock/reset`, {
              method: 'POST',
              body: '{}',
              headers: { 'content-type': 'application/json' },
            }),
          ),
          await outcome(fetch(`${origin}/__mock/violations`)),
        ];
      }, mock.origin);
      expect(attempts.filter((a) => a.startsWith('read 2'))).toEqual([]);
      // The simple requests reached the mock, and the mock said no.
      expect(lines.filter((l) => l.startsWith('POST /__mock/reset 403')).length).toBeGreaterThanOrEqual(2);
      expect(lines.filter((l) => /^POST \/__mock\/reset 200/.test(l))).toEqual([]);
      expect((await fetch(`${mock.baseUrl}/customers/${id}`, { headers: AUTH })).status).toBe(200);

      const app = await context.newPage();
      await app.goto(pageOrigin);
      const reset = await app.evaluate(
        async (origin) =>
          (
            await fetch(`${origin}/__mock/reset`, {
              method: 'POST',
              body: '{}',
              headers: { 'content-type': 'application/json' },
            })
          ).status,
        mock.origin,
      );
      expect(reset).toBe(200);
      expect((await fetch(`${mock.baseUrl}/customers/${id}`, { headers: AUTH })).status).toBe(404);
    } finally {
      await browser.close();
      await mock.close();
    }
  });
});
