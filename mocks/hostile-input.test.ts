// Hostile input: a generated corpus of bad requests against the mock process as users run it. Every one is
// answered with a 4xx envelope (a 30 s hang guard per request, not a speed test: a loaded machine is slow); afterwards the process
// is alive, answers a valid request, and has written nothing to stderr (no unhandled rejection, no crash).
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import pLimit from 'p-limit';
import { hostileCorpus } from './hostile/corpus';
import { sendRaw } from './hostile/raw-http';

const root = path.resolve(__dirname, '..');
let child: ChildProcess;
let port: number;
let stderr = '';

beforeAll(async () => {
  child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'mock.ts'), '--port', '0', '--quiet'],
    { cwd: root },
  );
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const found = /127\.0\.0\.1:(\d+)\/api\/v1/.exec(out)?.[1];
      if (found) resolve(Number(found));
    });
    child.on('exit', (code) => reject(new Error(`mock exited ${code}: ${stderr}`)));
  });
}, 20000);

afterAll(() => {
  child.kill('SIGTERM');
});

test('the corpus has at least 200 hostile requests', () => {
  expect(hostileCorpus().length).toBeGreaterThanOrEqual(200);
});

test('every hostile request gets a 4xx envelope, and the process survives them all', async () => {
  const limit = pLimit(8);
  const corpus = hostileCorpus();
  const outcomes = await Promise.all(
    corpus.map((c) =>
      limit(async () => {
        const answer = await sendRaw(port, c, 30_000);
        if ('error' in answer) return `${c.name}: ${answer.error}`;
        let body: { status?: unknown; message?: unknown; data?: unknown } | undefined;
        try {
          body = JSON.parse(answer.body);
        } catch {
          body = undefined;
        }
        const envelope =
          body?.status === answer.status &&
          typeof body.message === 'string' &&
          typeof body.data === 'object' &&
          body.data !== null;
        const ok =
          answer.status >= 400 &&
          answer.status < 500 &&
          answer.headers['content-type'] === 'application/json' &&
          envelope;
        return ok ? null : `${c.name}: ${answer.status} ${answer.headers['content-type']} ${answer.body.slice(0, 120)}`;
      }),
    ),
  );
  expect(outcomes.filter(Boolean)).toEqual([]);

  const valid = await fetch(`http://127.0.0.1:${port}/api/v1/customers`, {
    headers: { authorization: 'Bearer 92857043717beff382ae75c8dc7514162f04' },
  });
  expect(valid.status).toBe(200);
  expect(child.exitCode).toBeNull();
  expect(stderr).toBe('');
}, 180_000);
