// The verdict under real conditions, through the command as CI runs it: a slow resource, a run-wide budget,
// answers cut short, a key refused now and then, advisories, a curl to paste, answers of a gigabyte, and targets
// that echo the key back. Each target here stands alone or breaks one thing in front of the mock.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RunningMock } from '../mocks/server';
import { AUTH, startTestMock } from '../mocks/test-support';
import { contract, contractWithPeakRss, junitSchemaErrors, readStrictly, tempReportDir } from './cli-support';
import { DOCS_SAMPLE_KEY } from './config';
import { type Deviation, startDeviantServer } from './fixtures/deviant-server';
import { HUGE_BYTES, startHugeAnswers } from './fixtures/huge-answers';
import { type RunningTarget, serveOnLoopback } from './fixtures/loopback';
import { startStandalone } from './fixtures/standalone-server';
import { MIN_FRAGMENT } from './report/redact';
import { REPORT_FILES } from './report/write-reports';
import { CUSTOMER_GROUP_OPERATIONS } from './test-support';

const GROUPS = CUSTOMER_GROUP_OPERATIONS.flatMap((o) => ['--operation', o]);
const matrixOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, REPORT_FILES.json), 'utf8'));

interface MatrixCase {
  outcome: string;
  reason?: string;
  violations: string[];
}

/** Every case in contract-matrix.json, or those of one operation. */
function matrixCases(dir: string, operationId?: string): MatrixCase[] {
  const rows = matrixOf(dir).rows as Array<{ operationId: string; cells: Record<string, { cases: MatrixCase[] }> }>;
  return rows
    .filter((r) => operationId === undefined || r.operationId === operationId)
    .flatMap((r) => Object.values(r.cells).flatMap((c) => c.cases));
}

let mock: RunningMock;
beforeAll(async () => {
  mock = await startTestMock({ stateful: true });
  // Prism loads on the first request the build did not precompute: before any test's clock starts.
  await fetch(`${mock.baseUrl}/customer-groups/1`, { headers: AUTH });
});
afterAll(() => mock.close());

/** Reads of /customers (the list and each record) answer after 10 s; everything else is the mock, at once. */
const slowCustomerReads: Deviation = {
  name: 'reads of /customers answer after 10 s',
  expected: [],
  outgoing: async (a, req) => {
    if (req.method === 'GET' && /^\/customers(\/|\?|$)/.test(req.path))
      await new Promise((r) => setTimeout(r, 10_000).unref());
    return a;
  },
};

const lists = () =>
  Promise.all(
    ['/customers', '/customer-groups', '/sales', '/items', '/expenses'].map(async (list) => {
      const answer = await fetch(`${mock.baseUrl}${list}`, { headers: AUTH });
      return ((await answer.json()) as { data: unknown }).data;
    }),
  );

// --max-time is the bound: on a loaded 2-core machine the whole contract against a half-slow target took over 120 s.
test('a slow resource costs its own cases, not the run: exit 1, the rest judged, no shrinking of timeouts', async () => {
  const fixture = await startDeviantServer(mock.baseUrl, slowCustomerReads);
  const reportDir = tempReportDir('slow');
  try {
    // Three generated requests per operation keep generated cases (whose timeouts must not be shrunk) while the
    // whole contract run stays short on a loaded 2-core machine, where 25 each took most of the Jest bound.
    // The run's own budget bounds it well inside Jest's: a run that waited out every request on the slow resource
    // would hit --max-time and exit 2, which fails the exit code below.
    const ran = await contract([
      '--target',
      fixture.baseUrl,
      '--timeout',
      '3000',
      '--examples',
      '3',
      '--max-time',
      '400',
      '--report-dir',
      reportDir,
    ]);
    expect(ran.code).toBe(1);
    const matrix = matrixOf(reportDir);
    const cases = matrixCases(reportDir, 'listCustomers');
    expect(cases.every((c) => c.outcome === 'failed')).toBe(true);
    expect(cases.filter((c) => c.reason?.includes('requests to listCustomers timed out')).length).toBeGreaterThan(0);
    // Other resources were judged as usual.
    const groups = matrix.rows.find((r: { operationId: string }) => r.operationId === 'listCustomerGroups');
    expect(groups.cells['200'].outcome).toBe('passed');
    expect(ran.stderr).not.toMatch(/shrunk in \d+ steps[^\n]*listCustomers/);
  } finally {
    await fixture.close();
  }
}, 480_000);

test('--max-time: the run stops sending, deletes what it created, reports what it judged, exit 2', async () => {
  const fixture = await startDeviantServer(mock.baseUrl, slowCustomerReads);
  const reportDir = tempReportDir('max-time');
  const before = await lists();
  try {
    const ran = await contract([
      '--target',
      fixture.baseUrl,
      '--timeout',
      '3000',
      '--max-time',
      '4',
      '--report-dir',
      reportDir,
    ]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/contract: the replay did not finish: --max-time 4 s reached with \d+ cases not sent/);
    const matrix = matrixOf(reportDir);
    expect(matrix.summary.finished).toBe(false);
    expect(matrix.summary.conformant).toBe(false);
    expect(ran.stdout).toMatch(/NOT conformant \(the replay did not finish/);
    expect(readStrictly(reportDir).junitConformant).toBe('false');
    if (junitSchemaErrors(reportDir) !== null) expect(junitSchemaErrors(reportDir)).toBeUndefined();
    expect(await lists()).toEqual(before);
  } finally {
    await fixture.close();
  }
}, 120_000);

test('every JSON answer cut short: the target fails body-is-json (exit 1), it is not called a wrong URL', async () => {
  const server = await startStandalone({ cutShortJson: true });
  const reportDir = tempReportDir('cut-short');
  try {
    const ran = await contract(['--target', server.baseUrl, ...GROUPS, '--examples', '0', '--report-dir', reportDir]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).not.toContain('is not the XtraKit API');
    const failed = matrixCases(reportDir).filter((c) => c.outcome === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((c) => c.violations.some((v) => v.startsWith('body-is-json')))).toBe(true);
  } finally {
    await server.close();
  }
});

test('a valid key refused on the second request: said as a transient 401, exit 2, no silent loss of coverage', async () => {
  const server = await startStandalone({ refuseSecondRequest: true });
  try {
    const ran = await contract(['--target', server.baseUrl, ...GROUPS, '--report-dir', tempReportDir('transient')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr.trim().split('\n')).toEqual([expect.stringContaining('a transient 401')]);
  } finally {
    await server.close();
  }
});

test('advisories: counted in the verdict line, the first few in the log, every one in JUnit and the matrix', async () => {
  const server = await startStandalone({ noWwwAuthenticate: true });
  const reportDir = tempReportDir('advisories');
  try {
    const ran = await contract(['--target', server.baseUrl, ...GROUPS, '--examples', '0', '--report-dir', reportDir]);
    expect(ran.code).toBe(0);
    const { summary } = matrixOf(reportDir);
    expect(summary.warnings).toBeGreaterThan(3);
    expect(ran.stdout).toContain(
      `${summary.warnings} advisories (www-authenticate-present ${summary.advisories['www-authenticate-present']})`,
    );
    expect(ran.stderr.match(/^! www-authenticate-present: /gm)).toHaveLength(3);
    expect(ran.stderr).toContain(`… and ${summary.warnings - 3} more case(s) with advisories`);
    // One advisory per 401 case here: each such testcase carries it in <system-out>.
    expect(readStrictly(reportDir).junitAdvisoryCases).toBe(summary.warnings);
    expect(readFileSync(path.join(reportDir, REPORT_FILES.markdown), 'utf8')).toContain('## Advisories');
  } finally {
    await server.close();
  }
});

test('the reproduce curl works as printed: the docs’ public sample key is in it', async () => {
  const server = await startStandalone({ createDropsDescription: true });
  try {
    const ran = await contract(['--target', server.baseUrl, ...GROUPS, '--examples', '0']);
    expect(ran.code).toBe(1);
    const curl = ran.stderr
      .split('\n')
      .find((l) => l.includes('Reproduce with:') && l.includes('customer-groups/add'))
      ?.replace(/^\s*Reproduce with: /, '');
    expect(curl).toContain(`Authorization: Bearer ${DOCS_SAMPLE_KEY}`);
    // Not execFileSync: the server answering curl runs in this process.
    const { stdout } = await promisify(execFile)('bash', ['-c', `${curl} -s -o /dev/null -w '%{http_code}'`]);
    expect(stdout).toBe('200');
  } finally {
    await server.close();
  }
});

// The compiled command, as users install it (tsx's own memory is not the kit's).
test(`answers of ${HUGE_BYTES / 1024 ** 3} GiB to every request: the command's peak memory stays under 300 MB`, async () => {
  const server = await startHugeAnswers();
  try {
    const ran = await contractWithPeakRss(['--target', server.baseUrl, '--report-dir', tempReportDir('huge')]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('body-is-json: The body is larger than the suite reads');
    expect(ran.peakRss).toBeLessThan(300 * 1024 * 1024);
  } finally {
    await server.close();
  }
}, 120_000);

/** Every run of MIN_FRAGMENT characters of `secret` found in `text`. */
function fragmentsIn(text: string, secret: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + MIN_FRAGMENT <= secret.length; i++) {
    const piece = secret.slice(i, i + MIN_FRAGMENT);
    if (text.includes(piece)) found.push(piece);
  }
  return found;
}

/** Answers the key check properly, then echoes the Authorization header, moved one character further each time. */
function echoTarget(kind: 'text' | 'json'): Promise<RunningTarget> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    const auth = req.headers.authorization ?? '';
    if (req.url === '/api/v1/user/authenticate' && !req.headers.prefer) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 200, message: 'Authenticated', data: {} }));
      return;
    }
    // Offsets 0 to 96 put the key across every cut an 80-character preview makes.
    const pad = 'x'.repeat(n++ % 97);
    if (kind === 'text') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${pad}Authorization: ${auth} and nothing more`);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 200, message: `${pad}${auth}`, data: { echo: `${pad}${auth}`, [auth]: 1 } }));
    }
  });
  return serveOnLoopback(server);
}

test.each(['text', 'json'] as const)(
  'a target that echoes the key in %s at every offset of a preview: no 8 characters of it anywhere',
  async (kind) => {
    const key = 'c0ffee11c0ffee22c0ffee33c0ffee44c0ff';
    const server = await echoTarget(kind);
    const reportDir = tempReportDir(`echo-${kind}`);
    try {
      const ran = await contract(['--target', server.baseUrl, '--examples', '2', '--report-dir', reportDir], {
        XTRAKIT_API_KEY: key,
      });
      expect(ran.code).toBe(1);
      const files = Object.values(REPORT_FILES).map((f) => readFileSync(path.join(reportDir, f), 'utf8'));
      const everything = [ran.stdout, ran.stderr, ...files].join('\n');
      expect(everything).toContain('***');
      for (const form of [key, Buffer.from(`${key}:`).toString('base64')])
        expect(fragmentsIn(everything, form)).toEqual([]);
    } finally {
      await server.close();
    }
  },
);
