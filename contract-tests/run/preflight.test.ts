// Misconfiguration is caught before any case is sent, each kind with its own one-line message.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_LAPSED_KEY, DOCS_SAMPLE_KEY } from '../../mocks/options';
import type { RunningMock } from '../../mocks/server';
import { startTestMock } from '../../mocks/test-support';
import { type LoadedSpec, loadSpec } from '../../openapi/spec';
import { createSender, type Sender } from '../send/sender';
import { PreflightError, preflight } from './target';

let mock: RunningMock;
let spec: LoadedSpec;
let sender: Sender;
beforeAll(async () => {
  spec = await loadSpec();
  mock = await startTestMock();
  sender = createSender({ timeoutMs: 5000, concurrency: 2, maxBodyBytes: 1024 * 1024 });
});
afterAll(async () => {
  await sender.close();
  await mock.close();
});

/** A server that is not the API: it answers every request with the same status, type and body. */
async function notTheApi(status: number, type: string, body: string, headers: Record<string, string> = {}) {
  const server: Server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { target: `http://127.0.0.1:${port}/api/v1`, close: () => new Promise((r) => server.close(r)) };
}

const check = (target: string, apiKey = DOCS_SAMPLE_KEY, lapsedKey?: string) =>
  preflight({ sender, target, spec, apiKey, ...(lapsedKey ? { lapsedKey } : {}) });

test('the mock with its key passes, and honours Prefer', async () => {
  await expect(check(mock.baseUrl)).resolves.toEqual({ honoursPrefer: true, listsReflectWrites: false });
});

test('a base URL without /api/v1: no API there, and the hint says /api/v1 looks missing', async () => {
  const error = await check(mock.origin).catch((e: Error) => e);
  expect(error).toBeInstanceOf(PreflightError);
  expect((error as Error).message).toMatch(/^no XtraKit API at http:\/\/127\.0\.0\.1:\d+: GET \/user\/authenticate/);
  expect((error as Error).message).toContain(`try --target ${mock.origin}/api/v1`);
});

test('a base URL ending in /api: the hint adds only the missing /v1', async () => {
  const error = await check(`${mock.origin}/api`).catch((e: Error) => e);
  expect((error as Error).message).toContain(`try --target ${mock.origin}/api/v1`);
  expect((error as Error).message).not.toContain('/api/api');
});

test('a key the target refuses: the key is named, not Prefer', async () => {
  const error = await check(mock.baseUrl, 'abad0000abad0000abad0000abad0000abad').catch((e: Error) => e);
  expect((error as Error).message).toMatch(/^the API key was refused: GET \/user\/authenticate answered 401/);
  expect((error as Error).message).not.toMatch(/Prefer/);
});

test('the lapsed account’s key given as the main key: the account has lapsed', async () => {
  const error = await check(mock.baseUrl, DEFAULT_LAPSED_KEY).catch((e: Error) => e);
  expect((error as Error).message).toMatch(/^the API key belongs to a lapsed account/);
});

test('a --lapsed-key that does not get 402', async () => {
  const error = await check(mock.baseUrl, DOCS_SAMPLE_KEY, DOCS_SAMPLE_KEY).catch((e: Error) => e);
  expect((error as Error).message).toBe(
    "--lapsed-key is not a lapsed account's key: GET /user/authenticate answered 200 to it, not 402",
  );
  await expect(check(mock.baseUrl, DOCS_SAMPLE_KEY, DEFAULT_LAPSED_KEY)).resolves.toEqual({
    honoursPrefer: true,
    listsReflectWrites: false,
  });
});

test.each([
  ['a web page', 200, 'text/html', '<!doctype html><html><body>Welcome</body></html>'],
  ['a proxy’s error page', 502, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
  ['plain text', 200, 'text/plain', 'OK'],
])('%s: not the API', async (_name, status, type, body) => {
  const server = await notTheApi(status, type, body);
  try {
    const error = await check(server.target).catch((e: Error) => e);
    expect((error as Error).message).toMatch(
      new RegExp(`is not the XtraKit API: GET /user/authenticate answered ${status} with ${type}, not JSON`),
    );
  } finally {
    await server.close();
  }
});

test('a redirect: the suite follows none, and says where it points', async () => {
  const server = await notTheApi(301, 'text/html', '', { location: 'https://elsewhere.example/api/v1' });
  try {
    const error = await check(server.target).catch((e: Error) => e);
    expect((error as Error).message).toContain('redirects (GET /user/authenticate answered 301 to https://elsewhere');
  } finally {
    await server.close();
  }
});

test('a target that is down: cannot reach it', async () => {
  const server = await notTheApi(200, 'application/json', '{}');
  await server.close();
  const error = await check(server.target).catch((e: Error) => e);
  expect((error as Error).message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/v1: /);
});
