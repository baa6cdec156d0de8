// `npm run contract` as CI runs it: exit codes, output a CI log can hold, filters that filter, coverage,
// reports that belong to their run, and the key never in any output.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { RunningMock } from '../mocks/server';
import { startTestMock } from '../mocks/test-support';
import { contract, readViews, tempReportDir } from './cli-support';
import { type Deviation, startDeviantServer } from './fixtures/deviant-server';
import { DEVIATIONS } from './fixtures/deviations';
import { REPORT_FILES } from './report/write-reports';

const root = path.resolve(__dirname, '..');
const KEY = 'c0ffee00c0ffee00c0ffee00c0ffee00c0de';
const ENV = { XTRAKIT_API_KEY: KEY };

let mock: RunningMock;
beforeAll(async () => {
  mock = await startTestMock({ keys: [KEY], stateful: true });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const matrixOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, REPORT_FILES.json), 'utf8'));

/** A fixture in front of the mock that records every request it forwards. */
async function recording() {
  const seen: string[] = [];
  const fixture = await startDeviantServer(mock.baseUrl, {
    name: 'records requests',
    expected: [],
    incoming: (req) => {
      seen.push(`${req.method} ${req.path}`);
      return req;
    },
  });
  return { fixture, seen };
}

test('a conformant target: exit 0, a line per case and the summary, every report, the key in no output', async () => {
  const reportDir = tempReportDir('ok');
  const ran = await contract(['--target', mock.baseUrl, '--report-dir', reportDir], ENV);
  expect(ran.code).toBe(0);
  expect(ran.stdout).toContain('contract: conformant');
  expect(readdirSync(reportDir).sort()).toEqual(Object.values(REPORT_FILES).sort());
  const matrix = matrixOf(reportDir);
  const cases = matrix.summary.cases.passed;
  expect(matrix.summary.cases.failed).toBe(0);
  const everything = [
    ran.stdout,
    ran.stderr,
    ...readdirSync(reportDir).map((f) => readFileSync(path.join(reportDir, f), 'utf8')),
  ].join('\n');
  expect(everything).not.toContain(KEY);
  // A CI log: one line per case, nothing printed twice, at most ten lines besides.
  const lines = `${ran.stdout}${ran.stderr}`.trimEnd().split('\n');
  expect(lines.length).toBeLessThanOrEqual(cases + 10);
  const perCase = ran.stderr.match(/^\[\d+\/\d+\] .*$/gm) ?? [];
  expect(perCase).toHaveLength(cases);
  const ids = perCase.map((l) => l.replace(/^\[\d+\/\d+\] \S+ \S+\s+/, '').replace(/ \d+ ms$/, ''));
  expect(new Set(ids).size).toBe(cases);
});

test('each report states the run that wrote it: start time, target, seed and the kit version', async () => {
  const reportDir = tempReportDir('meta');
  const ran = await contract(['--target', mock.baseUrl, '--report-dir', reportDir], { ...ENV, XTRAKIT_SEED: '4242' });
  expect(ran.code).toBe(0);
  const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  const { run } = matrixOf(reportDir);
  expect(run).toMatchObject({ target: mock.baseUrl, seed: 4242, kitVersion: version });
  expect(Date.now() - Date.parse(run.startedAt)).toBeLessThan(10 * 60_000);
  const markdown = readFileSync(path.join(reportDir, REPORT_FILES.markdown), 'utf8');
  expect(markdown).toContain(`Started: ${run.startedAt} · seed 4242 · kit ${version}`);
  const junit = readFileSync(path.join(reportDir, REPORT_FILES.junit), 'utf8');
  for (const [name, value] of [
    ['target', mock.baseUrl],
    ['seed', '4242'],
    ['kitVersion', version],
    ['startedAt', run.startedAt],
  ])
    expect(junit).toContain(`<property name="${name}" value="${value}"/>`);
});

test('-t selects cases before anything is sent; what they need runs as set-up', async () => {
  const { fixture, seen } = await recording();
  const reportDir = tempReportDir('filter');
  try {
    const ran = await contract(
      ['--target', fixture.baseUrl, '--report-dir', reportDir, '-t', 'fetchCustomerGroup\\) 200 a valid request'],
      ENV,
    );
    expect(ran.code).toBe(0);
    const views = readViews(ran, reportDir);
    expect(views.jest).toEqual({ passed: 1, failed: 0, skipped: 0, total: 1 });
    expect(views.junit?.total).toBe(1);
    expect(ran.stderr).toMatch(/✓ passed\s+\(set-up\) addCustomerGroup 200 success/);
    expect(matrixOf(reportDir).summary.setup.passed).toBe(1);
    // Preflight reads, the set-up create and its read-back, the fetch, and the clean-up delete of what the set-up
    // made: nothing else.
    const sent = seen.filter((r) => !r.startsWith('GET /user/authenticate'));
    expect(sent).toEqual([
      'POST /customer-groups/add',
      expect.stringMatching(/^GET \/customer-groups\/\d+$/),
      expect.stringMatching(/^GET \/customer-groups\/\d+$/),
      expect.stringMatching(/^DELETE \/customer-groups\/\d+$/),
    ]);
  } finally {
    await fixture.close();
  }
});

test('--operation addCustomer sends to /customer-groups only the set-up of the group its customers name', async () => {
  const { fixture, seen } = await recording();
  const reportDir = tempReportDir('operation');
  try {
    const ran = await contract(
      ['--target', fixture.baseUrl, '--report-dir', reportDir, '--operation', 'addCustomer'],
      ENV,
    );
    expect(ran.code).toBe(0);
    const matrix = matrixOf(reportDir);
    expect(matrix.rows.map((r: { operationId: string }) => r.operationId)).toEqual(['addCustomer']);
    // customer_group_id names an existing group (x-xtrakit-prerequisites): one is made, read back and removed.
    expect(seen.filter((r) => r.includes('/customer-groups'))).toEqual([
      'POST /customer-groups/add',
      expect.stringMatching(/^GET \/customer-groups\/\d+$/),
      expect.stringMatching(/^DELETE \/customer-groups\/\d+$/),
    ]);
    expect(seen.some((r) => r.startsWith('POST /customers/add'))).toBe(true);
  } finally {
    await fixture.close();
  }
});

test.each([
  [['-t', 'no case is called this'], 'no case matches -t "no case is called this"'],
  [
    ['--operation', 'addCustomers'],
    '--operation names no operation of the contract: addCustomers (nearest: addCustomer, editCustomer, listCustomers)',
  ],
])('a filter that matches nothing (%p): exit 2 with one line', async (args, message) => {
  const ran = await contract(['--target', mock.baseUrl, ...args], ENV);
  expect(ran.code).toBe(2);
  expect(ran.stderr.trim().split('\n')).toEqual([expect.stringContaining(`contract: ${message}`)]);
});

test('a target with a violation: exit 1, the failure explained once with a replayable curl', async () => {
  const fixture = await startDeviantServer(
    mock.baseUrl,
    DEVIATIONS.find((d) => d.name === 'a create answers 202') as Deviation,
  );
  const reportDir = tempReportDir('bad');
  try {
    const ran = await contract(['--target', fixture.baseUrl, '--report-dir', reportDir], ENV);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/NOT conformant \(\d+ failed cases?\)/);
    const failed = matrixOf(reportDir).summary.cases.failed;
    expect(ran.stderr.match(/status-code-conformance: Received 202, documented 20[01]/g)).toHaveLength(failed);
    expect(ran.stderr.match(/Reproduce with: curl -i -X POST/g)).toHaveLength(failed);
    const markdown = readFileSync(path.join(reportDir, REPORT_FILES.markdown), 'utf8');
    expect(markdown).toContain('❌ failed');
    expect(markdown).toContain('$XTRAKIT_API_KEY');
    expect(readFileSync(path.join(reportDir, REPORT_FILES.junit), 'utf8')).toMatch(/failures="[1-9]/);
    expect(markdown + ran.stdout + ran.stderr).not.toContain(KEY);
  } finally {
    await fixture.close();
  }
});

test('a waiver turns the known deviation into waived cells, never passed ones', async () => {
  const fixture = await startDeviantServer(mock.baseUrl, DEVIATIONS.find((d) => d.name === 'an HTML 500') as Deviation);
  const reportDir = tempReportDir('waived');
  try {
    const waivers = path.join(root, 'contract-tests', 'fixtures', 'gateway-html-500.waivers.yaml');
    const ran = await contract(['--target', fixture.baseUrl, '--report-dir', reportDir, '--waivers', waivers], ENV);
    expect(ran.code).toBe(0);
    const matrix = matrixOf(reportDir);
    const addCustomer = matrix.rows.find((r: { operationId: string }) => r.operationId === 'addCustomer');
    expect(addCustomer.cells['500'].outcome).toBe('waived');
    expect(addCustomer.cells['200'].outcome).toBe('passed');
    const with500 = matrix.rows.filter((r: { cells: Record<string, unknown> }) => '500' in r.cells).length;
    expect(matrix.summary.cases.waived).toBe(with500);
    expect(readFileSync(path.join(reportDir, REPORT_FILES.junit), 'utf8')).toContain('<skipped message="waived: ');
  } finally {
    await fixture.close();
  }
});

test('--read-only sends no write even to loopback; coverage is in the verdict and --min-coverage enforces it', async () => {
  const { fixture, seen } = await recording();
  const reportDir = tempReportDir('read-only');
  try {
    const ran = await contract(
      ['--target', fixture.baseUrl, '--report-dir', reportDir, '--read-only', '--min-coverage', '90'],
      ENV,
    );
    expect(seen.filter((r) => !r.startsWith('GET '))).toEqual([]);
    const { summary } = matrixOf(reportDir);
    const { exercised, documented, percent } = summary.coverage;
    expect(exercised).toBeLessThan(documented);
    expect(summary.cases.failed).toBe(0);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toContain(
      `NOT conformant (${exercised} of ${documented} cells exercised (${percent}%) is below --min-coverage 90%)`,
    );
    expect(readFileSync(path.join(reportDir, REPORT_FILES.markdown), 'utf8')).toContain(
      `${exercised} of ${documented} cells exercised (${percent}%)`,
    );
    expect(readFileSync(path.join(reportDir, REPORT_FILES.junit), 'utf8')).toContain(
      '<skipped message="not-provoked: sends',
    );
  } finally {
    await fixture.close();
  }
});

test('an interrupted run: exit 2, says the replay did not finish, cleans up, and leaves no report', async () => {
  const slow: Deviation = {
    name: 'slow answers',
    expected: [],
    outgoing: async (a, req) => {
      if (!req.path.startsWith('/user/authenticate')) await new Promise((r) => setTimeout(r, 300));
      return a;
    },
  };
  const fixture = await startDeviantServer(mock.baseUrl, slow);
  const reportDir = tempReportDir('interrupted');
  for (const file of Object.values(REPORT_FILES)) writeFileSync(path.join(reportDir, file), 'from an earlier run');
  const records = () =>
    Promise.all(
      ['/customers', '/customer-groups', '/sales', '/items', '/expenses'].map(async (list) => {
        const answer = await fetch(`${mock.baseUrl}${list}`, { headers: { authorization: `Bearer ${KEY}` } });
        return ((await answer.json()) as { data: unknown }).data;
      }),
    );
  const before = await records();
  try {
    const ran = await contract(['--target', fixture.baseUrl, '--report-dir', reportDir], ENV, (child) => {
      let printed = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
        // Once the run has created a record, Ctrl-C once.
        if (/add\w+ 200 success/.test(printed) && !printed.includes('SIGINT')) {
          printed += 'SIGINT';
          child.kill('SIGINT');
        }
      });
    });
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('contract: the replay did not finish: interrupted');
    expect(ran.stderr).toMatch(/Clean-up deleted [1-9]\d* record/);
    expect(ran.stdout).not.toMatch(/conformant/);
    for (const file of Object.values(REPORT_FILES)) expect(existsSync(path.join(reportDir, file))).toBe(false);
    expect(await records()).toEqual(before);
  } finally {
    await fixture.close();
  }
});

// A hang would hit the test's own timeout; the time it takes is measured by the benchmark, not asserted here.
test('a target that is down: exit 2 with one message', async () => {
  const port = await freePort();
  const ran = await contract(['--target', `http://127.0.0.1:${port}/api/v1`], ENV);
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

test('--help lists the flags with examples and exit codes; --version prints the package version; both exit 0', async () => {
  const help = await contract(['--help']);
  expect(help.code).toBe(0);
  for (const flag of [
    '--target',
    '--allow-writes',
    '--lapsed-key',
    '--examples',
    '--seed',
    '--min-coverage',
    '--version',
  ])
    expect(help.stdout).toContain(flag);
  expect(help.stdout).toMatch(/Examples:\n {2}xtrakit-contract --target/);
  expect(help.stdout).toContain('Exit codes: 0 conformant, 1 not conformant, 2 usage error');
  const { version } = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const ran = await contract(['--version']);
  expect(ran.code).toBe(0);
  expect(ran.stdout.trim()).toBe(version);
});
