// Starting the servers the benchmark compares, measuring how long they take to answer, and their memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const KEY = '92857043717beff382ae75c8dc7514162f04';

/**
 * ours: the compiled mock (`node dist/scripts/mock.js`); ours-stateful: the same with --stateful; prism-cli: Prism's CLI; ceiling: a bare node:http server;
 * ours-npx and prism-npx: the way a user starts each, `npx xtrakit-mock` in a project that installed the packed kit
 * and `npx prism mock` here, so both pay npm's own start.
 */
export type ServerKind = 'ours' | 'ours-stateful' | 'prism-cli' | 'ceiling' | 'ours-npx' | 'prism-npx';

export interface RunningServer {
  kind: ServerKind;
  child: ChildProcess;
  /** Where the API's paths start: ours serves /api/v1, Prism's CLI serves the spec's paths bare. */
  base: string;
  startupMs: number;
  stop(): Promise<void>;
}

let nextPort = 4700;

/** The packaged contract, as a user starts the mock without --spec (its start-up work is precomputed). */
export const PACKAGED = '';
const specFlag = (spec: string) => (spec === PACKAGED ? [] : ['--spec', spec]);

function command(kind: ServerKind, port: number, spec: string): [string, string[]] {
  switch (kind) {
    case 'ours':
      return [
        process.execPath,
        [path.join(ROOT, 'dist', 'scripts', 'mock.js'), '--port', String(port), '--quiet', ...specFlag(spec)],
      ];
    case 'ours-stateful':
      return [
        process.execPath,
        [
          path.join(ROOT, 'dist', 'scripts', 'mock.js'),
          '--port',
          String(port),
          '--quiet',
          '--stateful',
          // The workload's creates grow the store past the default 10,000 records in a cell: measured, not refused.
          '--max-records',
          '100000',
          ...specFlag(spec),
        ],
      ];
    case 'ours-npx':
      return ['npx', ['xtrakit-mock', '--port', String(port), '--quiet', ...specFlag(spec)]];
    case 'prism-npx':
      return ['npx', ['prism', 'mock', spec, '-p', String(port), '-h', '127.0.0.1', '-v', 'error']];
    case 'prism-cli':
      return [
        process.execPath,
        [
          require.resolve('@stoplight/prism-cli/dist/index.js'),
          'mock',
          spec,
          '-p',
          String(port),
          '-h',
          '127.0.0.1',
          '-v',
          'error',
        ],
      ];
    case 'ceiling':
      return [process.execPath, ['--import', 'tsx', path.join(__dirname, 'ceiling-server.ts'), String(port)]];
  }
}

/** Starts a server and polls a GET until it answers 200: the time from spawn to that answer is its start-up. */
export async function startServer(
  kind: ServerKind,
  spec: string,
  probePath = '/customers',
  cwd = ROOT,
): Promise<RunningServer> {
  nextPort += 1;
  const port = nextPort;
  const started = performance.now();
  const [file, args] = command(kind, port, spec);
  // Its own process group: npx passes no signal on, so stop() ends the whole group.
  const child = spawn(file, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const base = kind.startsWith('prism') ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/api/v1`;
  const deadline = started + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} exited: ${stderr}`);
    if (performance.now() > deadline) throw new Error(`${kind} did not answer within 60 s: ${stderr}`);
    const status = await fetch(`${base}${probePath}`, { headers: { authorization: `Bearer ${KEY}` } }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const startupMs = performance.now() - started;
  return {
    kind,
    child,
    base,
    startupMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      }),
  };
}

/** Resident memory of a process, in MiB (Linux). */
export function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
