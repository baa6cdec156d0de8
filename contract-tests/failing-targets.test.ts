// The suite against targets that fail in the ways networks do: it never hangs, never follows a redirect
// with the key, and reads a huge body only up to its cap.

import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { type LoadedSpec, loadSpec } from '../openapi/spec';
import type { Case } from './cases/case';
import { deriveCases } from './cases/derive-cases';
import { DEFAULTS } from './config';
import { preparePlan, senderFor, ToolError } from './pipeline';
import { PREVIEW_CHARS, type RunResult } from './run/run-cases';
import { replayCases, testConfig } from './test-support';

const KEY = 'feedfacefeedfacefeedfacefeedfacefeed';
let spec: LoadedSpec;
let cases: Case[];

beforeAll(async () => {
  spec = await loadSpec();
  // A few read-only operations are enough to see how each case ends.
  cases = deriveCases(spec, ASSUMPTIONS).filter((c) => ['listCustomers', 'listItemCategories'].includes(c.operationId));
});

const ASSUMPTIONS = { honoursPrefer: false, hasLapsedKey: false, writesAllowed: false, seed: 1 };
// The default timeout suits a loaded machine; only the target that never answers is given a short one, since
// its cases are meant to time out.
const config = (target: string, timeoutMs = 5000) => testConfig(target, { apiKey: KEY, timeoutMs });

function replay(target: string, timeoutMs?: number): Promise<RunResult> {
  return replayCases(spec, cases, ASSUMPTIONS, config(target, timeoutMs));
}

const sent = (run: RunResult) => run.results.filter((r) => r.case.disposition.kind === 'run');
const checksOf = (run: RunResult) => [...new Set(sent(run).flatMap((r) => r.violations.map((v) => v.check)))];

function tcpTarget(
  onSocket: (socket: Socket) => void,
): Promise<{ url: string; server: TcpServer; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`, server, sockets }),
    ),
  );
}

function close(server: TcpServer | Server, sockets: Set<Socket> = new Set()): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

test('a target that accepts the connection and never answers: every case times out, and the run ends', async () => {
  const target = await tcpTarget(() => undefined);
  try {
    const run = await replay(target.url, 300);
    expect(sent(run).length).toBeGreaterThan(5);
    expect(sent(run).every((r) => r.outcome === 'failed' && r.violations[0]?.check === 'response-received')).toBe(true);
    expect(sent(run)[0]?.violations[0]?.message).toContain('within 300 ms');
    // Probing it first, the command gives up with one message (exit 2) instead of a wall of timeouts.
    const sender = senderFor(config(target.url, 300));
    await expect(preparePlan(config(target.url, 300), sender)).rejects.toThrow(ToolError);
    await sender.close();
  } finally {
    await close(target.server, target.sockets);
  }
});

test('a target that resets every connection: each case reports it, the run ends', async () => {
  const target = await tcpTarget((socket) => socket.once('data', () => socket.resetAndDestroy()));
  try {
    const run = await replay(target.url);
    expect(checksOf(run)).toEqual(['response-received']);
    expect(sent(run)[0]?.exchange?.error?.kind).toBe('connection');
  } finally {
    await close(target.server, target.sockets);
  }
});

test('a target that answers garbage that is not HTTP: reported as such', async () => {
  const target = await tcpTarget((socket) =>
    socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.2\r\n\x00\x01\x02 not http at all')),
  );
  try {
    const run = await replay(target.url);
    expect(checksOf(run)).toEqual(['response-received']);
    expect(sent(run).some((r) => r.exchange?.error?.kind === 'protocol')).toBe(true);
  } finally {
    await close(target.server, target.sockets);
  }
});

test('a target that redirects to another origin: not followed, and the key never reaches the other origin', async () => {
  const seenElsewhere: string[] = [];
  const elsewhere = createHttpServer((req, res) => {
    seenElsewhere.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.end('{}');
  });
  await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.2', r));
  const other = `http://127.0.0.2:${(elsewhere.address() as AddressInfo).port}`;
  const redirector = createHttpServer((req, res) => {
    res.writeHead(307, { location: `${other}${req.url}` });
    res.end();
  });
  await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
  try {
    const run = await replay(`http://127.0.0.1:${(redirector.address() as AddressInfo).port}/api/v1`);
    expect(seenElsewhere).toEqual([]);
    expect(checksOf(run)).toContain('status-code-conformance');
    expect(sent(run).every((r) => r.exchange?.response?.status === 307)).toBe(true);
  } finally {
    await close(redirector);
    await close(elsewhere);
  }
});

test('a target with a huge response body: read up to the cap, then reported', async () => {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  let written = 0;
  const huge = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"status":200,"message":"ok","data":{"pad":"');
    // 64 MiB if anyone reads it all; the suite stops at 1 MiB and closes the connection.
    const pump = () => {
      while (written < 64 && res.write(chunk)) written++;
      if (written < 64 && !res.destroyed) res.once('drain', pump);
      else res.end('"}}');
    };
    pump();
  });
  await new Promise<void>((r) => huge.listen(0, '127.0.0.1', r));
  try {
    const run = await replay(`http://127.0.0.1:${(huge.address() as AddressInfo).port}/api/v1`, 5000);
    const first = sent(run)[0];
    expect(first?.exchange?.response?.truncated).toBe(true);
    expect(first?.exchange?.response?.bytes).toBe(DEFAULTS.maxBodyBytes);
    // The result keeps a preview, not the megabyte.
    expect(first?.exchange?.response?.bodyText.length).toBe(PREVIEW_CHARS);
    expect(first?.violations.map((v) => v.check)).toContain('body-is-json');
  } finally {
    await close(huge);
  }
});
