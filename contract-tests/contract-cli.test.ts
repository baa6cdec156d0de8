// `npm run contract` as CI runs it: exit codes, reports, and the key never in any output.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunningMock } from '../mocks/server';
import { startTestMock } from '../mocks/test-support';
import { startDeviantServer } from './fixtures/deviant-server';
import { DEVIATIONS } from './fixtures/deviations';

const root = path.resolve(__dirname, '..');
const KEY = 'c0ffee00c0ffee00c0ffee00c0ffee00c0de';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function contract(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'contract.ts'), ...args], {
    cwd: root,
    env: { ...process.env, CI: 'true', XTRAKIT_API_KEY: KEY, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

let mock: RunningMock;
beforeAll(async () => {
  mock = await startTestMock({ keys: [KEY] });
});
afterAll(() => mock.close());

test('a conformant target: exit 0, the matrix and JUnit written, the key in no output', async () => {
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'contract-ok-'));
  const ran = await contract(['--target', mock.baseUrl, '--report-dir', reportDir]);
  expect(ran.code).toBe(0);
  expect(ran.stdout).toContain('contract: conformant');
  expect(readdirSync(reportDir).sort()).toEqual(['contract-matrix.json', 'contract-matrix.md', 'junit.xml']);
  const matrix = JSON.parse(readFileSync(path.join(reportDir, 'contract-matrix.json'), 'utf8'));
  expect(matrix.summary.cases.failed).toBe(0);
  const everything = [
    ran.stdout,
    ran.stderr,
    ...readdirSync(reportDir).map((f) => readFileSync(path.join(reportDir, f), 'utf8')),
  ].join('\n');
  expect(everything).not.toContain(KEY);
  // CI logs: one progress line per case.
  expect(ran.stderr.match(/^\[\d+\/\d+\] /gm)?.length).toBe(matrix.summary.cases.passed);
});

test("Jest's -t filter reports only the matching tests", async () => {
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'contract-filter-'));
  const ran = await contract(['--target', mock.baseUrl, '--report-dir', reportDir, '-t', 'listCustomers']);
  expect(ran.code).toBe(0);
  expect(ran.stderr).toMatch(/Tests:\s+\d+ skipped, 8 passed/);
});

test('a target with a violation: exit 1, the failure explained with a replayable curl', async () => {
  const fixture = await startDeviantServer(
    mock.baseUrl,
    DEVIATIONS.find((d) => d.name === '200 for a create') as never,
  );
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'contract-bad-'));
  try {
    const ran = await contract(['--target', fixture.baseUrl, '--report-dir', reportDir]);
    expect(ran.code).toBe(1);
    const markdown = readFileSync(path.join(reportDir, 'contract-matrix.md'), 'utf8');
    expect(markdown).toContain('❌ failed');
    expect(markdown).toContain('status-code-conformance: Received 200, documented 201');
    expect(markdown).toContain('Reproduce with: curl -i -X POST');
    expect(markdown).toContain('$XTRAKIT_API_KEY');
    expect(readFileSync(path.join(reportDir, 'junit.xml'), 'utf8')).toMatch(/failures="[1-9]/);
    expect(markdown + ran.stdout + ran.stderr).not.toContain(KEY);
  } finally {
    await fixture.close();
  }
});

test('a waiver turns the known deviation into waived cells, never passed ones', async () => {
  const fixture = await startDeviantServer(
    mock.baseUrl,
    DEVIATIONS.find((d) => d.name === '200 for a create') as never,
  );
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'contract-waived-'));
  try {
    const ran = await contract([
      '--target',
      fixture.baseUrl,
      '--report-dir',
      reportDir,
      '--waivers',
      path.join(root, 'contract-tests', 'fixtures', 'creates-answer-200.waivers.yaml'),
    ]);
    expect(ran.code).toBe(0);
    const matrix = JSON.parse(readFileSync(path.join(reportDir, 'contract-matrix.json'), 'utf8'));
    const addCustomer = matrix.rows.find((r: { operationId: string }) => r.operationId === 'addCustomer');
    expect(addCustomer.cells['201'].outcome).toBe('waived');
    expect(matrix.summary.cases.waived).toBe(5);
  } finally {
    await fixture.close();
  }
});

// A hang would hit the test's own timeout; the time it takes is measured by the benchmark, not asserted here.
test('a target that is down: exit 2 with one message', async () => {
  const port = await freePort();
  const ran = await contract(['--target', `http://127.0.0.1:${port}/api/v1`]);
  expect(ran.code).toBe(2);
  expect(ran.stderr.trim().split('\n')).toEqual([
    expect.stringContaining(`cannot reach http://127.0.0.1:${port}/api/v1`),
  ]);
});

test('a usage error: exit 2 with one line', async () => {
  const ran = await contract(['--target', 'https://api.xtrakit.com/api/v1'], { XTRAKIT_API_KEY: '' });
  expect(ran.code).toBe(2);
  expect(ran.stderr.trim().split('\n')).toHaveLength(1);
  expect(ran.stderr).toContain('an API key is required');
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
