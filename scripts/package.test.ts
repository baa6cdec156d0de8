// The kit as another project uses it: packed with npm pack, installed from the tarball into a fresh project,
// its two commands run there with paths relative to that project, and its API imported there, types included.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { answers, killAndWaitGone, startInBackground } from '../mocks/test-support';
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

/** Type-checks a file of the project against the kit's shipped declarations and compiles it to CommonJS. */
async function compileInProject(file: string, extra: string[] = []): Promise<void> {
  const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
  const types = ['--types', 'node', '--typeRoots', path.join(root, 'node_modules', '@types')];
  await run(
    tsc,
    ['--strict', '--module', 'commonjs', '--target', 'es2022', ...extra, '--skipLibCheck', ...types, file],
    {
      cwd: project,
    },
  );
}

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

test("the README's background start, `./node_modules/.bin/xtrakit-mock … &`, is stopped by one `kill $!`", async () => {
  // The installed bin is the node process itself: the signal reaches the mock, which closes its port and exits.
  const { pid, baseUrl: url } = await startInBackground('./node_modules/.bin/xtrakit-mock --port 0 --quiet', project);
  expect(await answers(url)).toBe(true);
  expect(await killAndWaitGone(pid, url)).toBe(true);
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
  await compileInProject('check.ts');
  const { stdout } = await run(process.execPath, ['check.js'], { cwd: project });
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
  expect(result.conformant).toBe(true);
  expect(result.port).toBeGreaterThan(0);
  expect(result.summary.failed).toBe(0);
  expect(existsSync(path.join(project, 'api-reports', 'contract-matrix.json'))).toBe(true);
});

/** A program a user writes against the core, from the package: type-checked (CommonJS resolution) and run. */
const CORE_CHECK = [
  "import { createMockCore } from 'xtrakit-contract-kit/core';",
  'async function main(): Promise<void> {',
  '  const core = await createMockCore({ stateful: true });',
  "  const key = { authorization: 'Bearer 92857043717beff382ae75c8dc7514162f04' };",
  "  const list = await core.handle(new Request('https://api.xtrakit.com/api/v1/customers', { headers: key }));",
  "  const none = await core.handle(new Request('https://api.xtrakit.com/api/v1/customers'));",
  '  console.log(JSON.stringify({ list: list.status, none: none.status, envelope: (await list.json()).status }));',
  '}',
  'main();',
].join('\n');

test('xtrakit-contract-kit/core from the package: typed, and its core answers as the mock does', async () => {
  writeFileSync(path.join(project, 'core-check.ts'), CORE_CHECK);
  await compileInProject('core-check.ts', ['--lib', 'es2022,dom']);
  const { stdout } = await run(process.execPath, ['core-check.js'], { cwd: project });
  expect(JSON.parse(stdout.trim().split('\n').pop() ?? '{}')).toEqual({ list: 200, none: 401, envelope: 200 });
  expect(existsSync(path.join(project, 'node_modules', 'xtrakit-contract-kit', 'dist', 'browser', 'msw.mjs'))).toBe(
    true,
  );
});

// Node 22 and 24 besides the machine's Node: .ci/run installs the official binaries (.ci/ensure-node-versions) and
// names them in XTRAKIT_TEST_NODES; the installed kit's two commands run on each.
const otherNodes = (process.env.XTRAKIT_TEST_NODES ?? '').split(':').filter(Boolean);
if (otherNodes.length === 0) {
  test.skip('the installed kit on Node 22 and 24 (XTRAKIT_TEST_NODES names their binaries; .ci/run sets it)', () => {});
} else {
  test.each(otherNodes.map((node) => [path.relative(root, node), node]))(
    'the installed kit on %s: the mock answers and the contract run is conformant',
    async (_name, node) => {
      if (!existsSync(node)) throw new Error(`no Node binary at ${node}: .ci/ensure-node-versions installs it`);
      const { stdout: version } = await run(node, ['-v']);
      const kit = path.join(project, 'node_modules', 'xtrakit-contract-kit', 'scripts', 'bin');
      const mock = spawn(node, [path.join(kit, 'xtrakit-mock.js'), '--port', '0', '--quiet'], { cwd: project });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = '';
          mock.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            const found = /listening at (\S+)/.exec(out)?.[1];
            if (found) resolve(found);
          });
          mock.on('exit', (code) => reject(new Error(`xtrakit-mock on Node ${version.trim()} exited ${code}: ${out}`)));
        });
        const answer = await fetch(`${url}/customers`, {
          headers: { authorization: 'Bearer 92857043717beff382ae75c8dc7514162f04' },
        });
        expect(answer.status).toBe(200);
        const reports = `reports/node-${version.trim()}`;
        const { stdout } = await run(
          node,
          [path.join(kit, 'xtrakit-contract.js'), '--target', url, '--report-dir', reports],
          {
            cwd: project,
            env: { ...process.env, CI: 'true' },
          },
        );
        expect(stdout).toContain('contract: conformant');
        expect(existsSync(path.join(project, reports, 'junit.xml'))).toBe(true);
        // The in-process core on this Node too (compiled by the test above).
        const core = await run(node, ['core-check.js'], { cwd: project });
        expect(JSON.parse(core.stdout.trim().split('\n').pop() ?? '{}')).toEqual({
          list: 200,
          none: 401,
          envelope: 200,
        });
      } finally {
        const exited = new Promise((resolve) => mock.once('exit', resolve));
        mock.kill('SIGTERM');
        await exited;
      }
    },
  );
}
