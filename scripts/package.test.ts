// The kit as another project uses it: packed with npm pack, installed from the tarball into a fresh project,
// its two commands run there with paths relative to that project, and its API imported there, types included.
import { type ChildProcess, execFile, execSync, spawn } from 'node:child_process';
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

/**
 * A program a user writes in the project: written, type-checked against the kit's shipped declarations (`dom`: with
 * the DOM's types, for Request and fetch), compiled to CommonJS and run with `args`; its last line of output, parsed.
 */
async function runProgram(name: string, lines: string[], options: { dom?: boolean; args?: string[] } = {}) {
  writeFileSync(path.join(project, `${name}.ts`), lines.join('\n'));
  await compileInProject(`${name}.ts`, options.dom ? ['--lib', 'es2022,dom'] : []);
  return lastJsonLine((await run(process.execPath, [`${name}.js`, ...(options.args ?? [])], { cwd: project })).stdout);
}

const lastJsonLine = (stdout: string): unknown => JSON.parse(stdout.trim().split('\n').pop() ?? '{}');

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

test('npx xtrakit-contract in the project (no Jest in it): conformant, reports written under the project’s own folder', async () => {
  const { stdout, stderr } = await run(
    'npx',
    ['xtrakit-contract', '--target', baseUrl, '--report-dir', 'reports/contract'],
    {
      cwd: project,
      env: { ...process.env, CI: 'true' },
    },
  );
  expect(stdout).toContain('contract: conformant');
  // Jest is the project's (an optional peer): without one, every view but Jest's, and a line saying so.
  expect(existsSync(path.join(project, 'node_modules', 'jest'))).toBe(false);
  expect(stderr).toContain("Jest's view left out: this project has no Jest");
  for (const file of ['contract-matrix.md', 'contract-matrix.json', 'junit.xml'])
    expect(existsSync(path.join(project, 'reports', 'contract', file))).toBe(true);
});

test('a light install: no Jest, no Redoc tree; at most 300 packages and 150 MB in the fresh project', () => {
  const lock = JSON.parse(readFileSync(path.join(project, 'node_modules', '.package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  const packages = Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/')).length;
  const megabytes = Number(execSync('du -sm node_modules', { cwd: project }).toString().split(/\s/)[0]);
  // Printed for the README's figures (scripts/bench.ts measures the same beside Prism's CLI).
  console.log(`fresh project: ${packages} packages, ${megabytes} MB`);
  expect(packages).toBeLessThanOrEqual(300);
  expect(megabytes).toBeLessThanOrEqual(150);
  for (const heavy of ['jest', 'redoc', 'react-dom', 'core-js', 'mobx', 'styled-components'])
    expect(`${heavy}: ${existsSync(path.join(project, 'node_modules', heavy))}`).toBe(`${heavy}: false`);
});

test('the reference page from the installed kit: made at build time, Redoc as one bundled file', async () => {
  const kit = path.join(project, 'node_modules', 'xtrakit-contract-kit');
  expect(existsSync(path.join(kit, 'dist', 'docs', 'reference.html'))).toBe(true);
  const page = await fetch(`${new URL(baseUrl).origin}/__docs`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toBe(readFileSync(path.join(kit, 'dist', 'docs', 'reference.html'), 'utf8'));
  expect(html).toContain('Redoc.init(');
});

test('xtrakit-contract-kit/types and /client: the generated types and a typed client, used as the README shows', async () => {
  const result = await runProgram(
    'client-check',
    [
      "import type { components, operations, paths } from 'xtrakit-contract-kit/types';",
      "import { createXtrakitClient } from 'xtrakit-contract-kit/client';",
      'type Customer = components["schemas"]["Customer"];',
      'type Fetch = operations["fetchCustomer"];',
      'const route: keyof paths = "/customers/{id}";',
      'async function main(): Promise<void> {',
      "  const api = createXtrakitClient({ baseUrl: process.argv[2] as string, apiKey: '92857043717beff382ae75c8dc7514162f04' });",
      "  const { data, response } = await api.GET('/customers/{id}', { params: { path: { id: '1' } } });",
      '  const customer: Customer | undefined = data?.data.customer;',
      "  const status: Fetch['responses']['200'] extends object ? number : never = response.status;",
      '  console.log(JSON.stringify({ status, name: customer?.customer_name, route }));',
      '}',
      'main();',
    ],
    { dom: true, args: [baseUrl] },
  );
  expect(result).toEqual({ status: 200, name: 'Jane Doe', route: '/customers/{id}' });
});

test("the README's background start, `./node_modules/.bin/xtrakit-mock … &`, is stopped by one `kill $!`", async () => {
  // The installed bin is the node process itself: the signal reaches the mock, which closes its port and exits.
  const { pid, baseUrl: url } = await startInBackground('./node_modules/.bin/xtrakit-mock --port 0 --quiet', project);
  expect(await answers(url)).toBe(true);
  expect(await killAndWaitGone(pid, url)).toBe(true);
});

test('the API from the package: startMock on a free port and runContract against it, typed', async () => {
  const result = (await runProgram('check', [
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
  ])) as { conformant: boolean; port: number; summary: { failed: number } };
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
];

test('xtrakit-contract-kit/core from the package: typed, and its core answers as the mock does', async () => {
  expect(await runProgram('core-check', CORE_CHECK, { dom: true })).toEqual({ list: 200, none: 401, envelope: 200 });
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
        expect(lastJsonLine(core.stdout)).toEqual({
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

// Last: it adds Jest to the project (the footprint above is measured without it).
test('a project with its own Jest: the kit adds no second Jest, and the contract run prints Jest’s count', async () => {
  // The Jest the kit is developed with (in npm's cache already), within the kit's peer range.
  const wanted = (
    JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
  ).devDependencies.jest;
  await run('npm', ['i', '-D', `jest@${wanted}`, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project });
  const lock = JSON.parse(readFileSync(path.join(project, 'node_modules', '.package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  expect(Object.keys(lock.packages).filter((p) => /(^|\/)node_modules\/jest$/.test(p))).toEqual(['node_modules/jest']);
  const { stdout, stderr } = await run(
    'npx',
    ['xtrakit-contract', '--target', baseUrl, '--report-dir', 'reports/with-jest', '--operation', 'listCustomers'],
    { cwd: project, env: { ...process.env, CI: 'true' } },
  );
  expect(stdout).toContain('contract: conformant');
  expect(stderr).toMatch(/Tests: +(\d+ skipped, )?\d+ passed, \d+ total \(Jest's count of the same results\)/);
});
