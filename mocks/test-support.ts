// Shared by the mock's tests: a mock on an ephemeral loopback port and a small HTTP client.
import { connect } from 'node:net';
import { examplesOf, jsonMedia, type Operation } from '../openapi/spec';
import { DEFAULTS, DOCS_SAMPLE_KEY, type MockOptions } from './options';
import { type RunningMock, startMock } from './server';

export const KEY = DOCS_SAMPLE_KEY;
export const AUTH = { authorization: `Bearer ${KEY}` };

export function startTestMock(overrides: Partial<MockOptions> = {}): Promise<RunningMock> {
  return startMock({ ...DEFAULTS, port: 0, host: '127.0.0.1', quiet: true, ...overrides });
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function call(
  mock: RunningMock,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown; rawBody?: string | Buffer } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const url = path.startsWith('/__mock') ? `${mock.origin}${path}` : `${mock.baseUrl}${path}`;
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    // A hang guard, not a speed limit: generous enough for a loaded 2-core machine.
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Sends raw bytes and returns whatever comes back before the server closes or `ms` passes. */
export function rawExchange(mock: RunningMock, payload: string | Buffer, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(mock.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', done);
    socket.on('error', done);
    socket.write(payload);
  });
}

/** A concrete path for an operation, with each path parameter replaced by its example. */
export function examplePath(op: Operation): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
    return encodeURIComponent(String(param?.example ?? '1'));
  });
}

export function exampleBody(op: Operation): unknown {
  return examplesOf(jsonMedia(op.operation.requestBody as never))[0]?.value;
}

export function isEnvelope(value: unknown, status: number): boolean {
  const v = value as { status?: unknown; message?: unknown; data?: unknown } | undefined;
  return (
    v?.status === status &&
    typeof v.message === 'string' &&
    v.message.length > 0 &&
    typeof v.data === 'object' &&
    v.data !== null &&
    !Array.isArray(v.data)
  );
}

/** A customer every host accepts: the create's required fields, a group the examples have. */
export const CUSTOMER_INPUT = {
  customer_group_id: 1,
  customer_name: 'Ada Lovelace',
  customer_phone: '+233244567890',
  customer_country: 'Ghana',
  customer_city: 'Accra',
  customer_state: 'Greater Accra',
  address1: '1 Analytical Way',
};

/**
 * Starts a command in the background as a CI script does (`command & echo $!` in a shell that then exits) and
 * waits for the mock it starts to say where it listens. Returns the pid `$!` named and the base URL.
 */
export async function startInBackground(command: string, cwd: string): Promise<{ pid: number; baseUrl: string }> {
  const { execFile } = await import('node:child_process');
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const os = await import('node:os');
  const nodePath = await import('node:path');
  const log = nodePath.join(mkdtempSync(nodePath.join(os.tmpdir(), 'background-')), 'mock.log');
  const pid = await new Promise<number>((resolve, reject) =>
    execFile('sh', ['-c', `${command} > '${log}' 2>&1 < /dev/null & echo $!`], { cwd }, (error, stdout) =>
      error ? reject(error) : resolve(Number(stdout.trim())),
    ),
  );
  // A hang guard, not a speed limit: npm and a cold start on a loaded machine take seconds.
  for (let waited = 0; waited < 120_000; waited += 200) {
    const text = readFileSync(log, 'utf8');
    const url = /listening at (\S+)/.exec(text)?.[1];
    if (url) return { pid, baseUrl: url };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${command} did not start: ${readFileSync(log, 'utf8')}`);
}

/** Whether anything still answers at `baseUrl`: only a connection that fails says no (a slow answer is one). */
export async function answers(baseUrl: string): Promise<boolean> {
  try {
    // A hang guard, not a speed limit: generous enough for a loaded 2-core machine.
    await fetch(`${baseUrl.replace(/\/api\/v1$/, '')}/__mock/health`, { signal: AbortSignal.timeout(30_000) });
    return true;
  } catch (error) {
    return (error as Error).name === 'TimeoutError';
  }
}

/** Sends `kill <pid>` (SIGTERM); true once nothing answers at `baseUrl` any more, false if it still does a minute on. */
export async function killAndWaitGone(pid: number, baseUrl: string): Promise<boolean> {
  process.kill(pid, 'SIGTERM');
  // A hang guard, not a speed limit: a mock that outlives the signal by a minute has outlived it.
  for (let waited = 0; waited < 60_000; waited += 200) {
    if (!(await answers(baseUrl))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}
