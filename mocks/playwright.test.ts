// routeXtrakit in a real chromium page: a page on one origin calls XtraKit's production origin (a cross-origin
// request with a key, so the browser sends a CORS preflight first) and a relative /api/v1 URL; the mock core
// answers both in the test's process, with no server and no service worker.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTest, launchChromium } from './fixtures/chromium';
import { routeXtrakit } from './playwright';
import { CUSTOMER_INPUT, KEY } from './test-support';

jest.setTimeout(120_000);

let server: Server;
let origin: string;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><meta charset="utf-8"><title>app</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  browser ??= await launchChromium();
  context = await browser.newContext();
  page = await context.newPage();
  await page.goto(origin);
});

afterEach(() => context?.close());

interface Seen {
  status: number;
  body: { status?: number; message?: string; data?: Record<string, unknown> };
  headers: Record<string, string>;
}

const call = (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  page.evaluate(
    async ([u, i]) => {
      const response = await fetch(u, i);
      const headers: Record<string, string> = {};
      response.headers.forEach((v, k) => {
        headers[k] = v;
      });
      return { status: response.status, body: await response.json(), headers };
    },
    [url, init] as const,
  ) as Promise<Seen>;

const auth = { authorization: `Bearer ${KEY}` };

browserTest('a cross-origin call with a key (preflighted) and a relative call are answered in-process', async () => {
  const offsite: string[] = [];
  page.on('requestfailed', (r) => offsite.push(`${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  await routeXtrakit(page);
  const production = await call('https://api.xtrakit.com/api/v1/customers', { headers: auth });
  expect(production.status).toBe(200);
  expect(production.body.status).toBe(200);
  // The page could read the answer at all: the preflight and the answer carried what CORS needs.
  const relative = await call('/api/v1/customers', { headers: auth });
  expect(relative.status).toBe(200);
  expect(relative.body).toEqual(production.body);
  const wrong = await call('https://app.xtrakit.com/api/v1/customers', { headers: { authorization: 'Bearer nope' } });
  expect(wrong.status).toBe(401);
  expect(offsite).toEqual([]);
});

browserTest('force answers one documented status once; an undocumented one is refused at once', async () => {
  const xtrakit = await routeXtrakit(page);
  xtrakit.force('listCustomers', { status: 500, once: true });
  expect((await call('/api/v1/customers', { headers: auth })).status).toBe(500);
  expect((await call('/api/v1/customers', { headers: auth })).status).toBe(200);
  expect(() => xtrakit.force('listCustomers', { status: 418 })).toThrow(/documents .*not 418/);
  expect(() => xtrakit.force('listUnicorns', { status: 200 })).toThrow(/no operation listUnicorns/);
});

browserTest('stateful: a created record is fetched by its key, and reset forgets it', async () => {
  const xtrakit = await routeXtrakit(page, { stateful: true });
  const created = await call('/api/v1/customers/add', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(CUSTOMER_INPUT),
  });
  expect(created.status).toBe(200);
  const id = (created.body.data as { customer: { id: number } }).customer.id;
  expect((await call(`/api/v1/customers/${id}`, { headers: auth })).status).toBe(200);
  xtrakit.reset();
  expect((await call(`/api/v1/customers/${id}`, { headers: auth })).status).toBe(404);
});
