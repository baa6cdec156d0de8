// The kit as another project uses it: packed with npm pack, installed from the tarball into a fresh project,
// its two commands run there with paths relative to that project, and its API imported there, types included.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { packAndInstall } from './bench/packed';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');
let project: string;
let mockProcess: ChildProcess | undefined;
let baseUrl: string;

jest.setTimeout(240_000);

beforeAll(async () => {
  project = await packAndInstall();
  // npx xtrakit-mock, as the README says, on a free port.
  // In its own process group: npx does not pass signals on, so the whole group is stopped at the end.
  mockProcess = spawn('npx', ['xtrakit-mock', '--port', '0', '--stateful'], { cwd: project, detached: true });
  baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    mockProcess?.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening at (\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    mockProcess?.on('exit', (code) => reject(new Error(`xtrakit-mock exited ${code}: ${out}`)));
  });
});

afterAll(async () => {
  const child = mockProcess;
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
  // The tarball and the project with its installed dependencies: nothing is left behind.
  if (project) rmSync(path.dirname(project), { recursive: true, force: true });
});

test('the package holds compiled JavaScript, declarations and the contract; no TypeScript loader at run time', () => {
  const kit = path.join(project, 'node_modules', 'xtrakit-contract-kit');
  const pkg = JSON.parse(readFileSync(path.join(kit, 'package.json'), 'utf8'));
  expect(pkg.bin).toEqual({
    'xtrakit-mock': 'scripts/bin/xtrakit-mock.js',
    'xtrakit-contract': 'scripts/bin/xtrakit-contract.js',
  });
  for (const file of [
    'dist/scripts/api.js',
    'dist/scripts/api.d.ts',
    'openapi/xtrakit.yaml',
    'dist/openapi/xtrakit.yaml',
    'dist/openapi/xtrakit.precomputed.json',
  ])
    expect(existsSync(path.join(kit, file))).toBe(true);
  expect(existsSync(path.join(project, 'node_modules', 'tsx'))).toBe(false);
  expect(existsSync(path.join(project, 'node_modules', '@stoplight', 'prism-cli'))).toBe(false);
});

test('npx xtrakit-mock answers a client’s first request from the build’s precomputed answers', async () => {
  const origin = new URL(baseUrl).origin;
  type Startup = { knownAnswers: number; answeredFromBuild: number };
  const startup = async () =>
    ((await (await fetch(`${origin}/__mock/health`)).json()) as { data: { startup: Startup } }).data.startup;
  const before = await startup();
  expect(before.knownAnswers).toBeGreaterThan(0);
  const response = await fetch(`${baseUrl}/customers`, {
    headers: { authorization: 'Bearer 92857043717beff382ae75c8dc7514162f04' },
  });
  expect(response.status).toBe(200);
  expect((await startup()).answeredFromBuild).toBe(before.answeredFromBuild + 1);
});

test('npx xtrakit-contract in the project: conformant, reports written under the project’s own folder', async () => {
  const { stdout } = await run('npx', ['xtrakit-contract', '--target', baseUrl, '--report-dir', 'reports/contract'], {
    cwd: project,
    env: { ...process.env, CI: 'true' },
  });
  expect(stdout).toContain('contract: conformant');
  for (const file of ['contract-matrix.md', 'contract-matrix.json', 'junit.xml'])
    expect(existsSync(path.join(project, 'reports', 'contract', file))).toBe(true);
});

test('the API from the package: startMock on a free port and runContract against it, typed', async () => {
  writeFileSync(
    path.join(project, 'check.ts'),
    [
      "import { runContract, startMock, type ContractVerdict } from 'xtrakit-contract-kit';",
      'async function main(): Promise<void> {',
      '  const mock = await startMock({ port: 0, stateful: true });',
      '  try {',
      "    const verdict: ContractVerdict = await runContract({ target: mock.baseUrl, reportDir: 'api-reports' });",
      '    console.log(JSON.stringify({ conformant: verdict.conformant, port: mock.port, summary: verdict.summary?.cases }));',
      '  } finally {',
      '    await mock.close();',
      '  }',
      '}',
      'main();',
    ].join('\n'),
  );
  // Type-checked against the shipped declarations, then compiled and run as plain CommonJS.
  const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
  await run(
    tsc,
    [
      '--strict',
      '--module',
      'commonjs',
      '--target',
      'es2022',
      '--skipLibCheck',
      '--types',
      'node',
      '--typeRoots',
      path.join(root, 'node_modules', '@types'),
      'check.ts',
    ],
    { cwd: project },
  );
  const { stdout } = await run(process.execPath, ['check.js'], { cwd: project });
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
  expect(result.conformant).toBe(true);
  expect(result.port).toBeGreaterThan(0);
  expect(result.summary.failed).toBe(0);
  expect(existsSync(path.join(project, 'api-reports', 'contract-matrix.json'))).toBe(true);
});
