// Starting the servers the benchmark compares, measuring how long they take to answer, and their memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const KEY = '92857043717beff382ae75c8dc7514162f04';

export type ServerKind = 'ours' | 'prism-cli' | 'ceiling';

export interface RunningServer {
  kind: ServerKind;
  child: ChildProcess;
  /** Where the API's paths start: ours serves /api/v1, Prism's CLI serves the spec's paths bare. */
  base: string;
  startupMs: number;
  stop(): Promise<void>;
}

let nextPort = 4700;

function command(kind: ServerKind, port: number, spec: string): string[] {
  switch (kind) {
    case 'ours':
      return [
        '--import',
        'tsx',
        path.join(ROOT, 'scripts', 'mock.ts'),
        '--port',
        String(port),
        '--quiet',
        '--spec',
        spec,
      ];
    case 'prism-cli':
      return [
        require.resolve('@stoplight/prism-cli/dist/index.js'),
        'mock',
        spec,
        '-p',
        String(port),
        '-h',
        '127.0.0.1',
        '-v',
        'error',
      ];
    case 'ceiling':
      return ['--import', 'tsx', path.join(__dirname, 'ceiling-server.ts'), String(port)];
  }
}

/** Starts a server and polls a GET until it answers 200: the time from spawn to that answer is its start-up. */
export async function startServer(kind: ServerKind, spec: string, probePath = '/customers'): Promise<RunningServer> {
  nextPort += 1;
  const port = nextPort;
  const started = performance.now();
  const child = spawn(process.execPath, command(kind, port, spec), { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const base = kind === 'prism-cli' ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/api/v1`;
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
        child.kill('SIGTERM');
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
