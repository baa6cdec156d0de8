// One set of results, many views: the exit code, the terminal's verdict line, Jest's counts, junit.xml and the
// matrix (JSON and Markdown) agree on every count, whatever the target did.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LAPSED_KEY } from '../mocks/options';
import type { RunningMock } from '../mocks/server';
import { startTestMock } from '../mocks/test-support';
import { contract, junitSchemaErrors, readStrictly, readViews, tempReportDir } from './cli-support';
import { type Deviation, type RunningFixture, startDeviantServer } from './fixtures/deviant-server';
import { DEVIATIONS } from './fixtures/deviations';
import { REPORT_FILES } from './report/write-reports';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startTestMock({ stateful: true });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const deviation = (name: string) => DEVIATIONS.find((d) => d.name === name) as Deviation;
const ignoresPrefer: Deviation = {
  name: 'a real server: Prefer is not honoured',
  expected: [],
  incoming: (req) => {
    const { prefer: _ignored, ...headers } = req.headers;
    return { ...req, headers };
  },
};

const TARGETS: Array<[string, Deviation | undefined, string[]]> = [
  ['the mock', undefined, []],
  ['a target answering 202 to creates', deviation('a create answers 202'), []],
  ['a target answering HTML 500s', deviation('an HTML 500'), []],
  ['a target that ignores Prefer, given a lapsed key', ignoresPrefer, ['--lapsed-key', DEFAULT_LAPSED_KEY]],
  [
    'a target answering HTML 500s, waived',
    deviation('an HTML 500'),
    ['--waivers', path.join(__dirname, 'fixtures', 'gateway-html-500.waivers.yaml')],
  ],
];

// xmllint comes from Debian's libxml2-utils: .ci/run installs it, so in CI its absence is a failure.
const xmllintMissing = junitSchemaErrors(path.join(__dirname, 'no-such-dir')) === null;

test.each(TARGETS)('against %s, the five views agree on every count', async (_name, dev, args) => {
  let fixture: RunningFixture | undefined;
  if (dev) fixture = await startDeviantServer(mock.baseUrl, dev);
  const reportDir = tempReportDir('views');
  try {
    const ran = await contract(['--target', fixture?.baseUrl ?? mock.baseUrl, '--report-dir', reportDir, ...args]);
    const views = readViews(ran, reportDir);
    const { exitCode, matrix, ...counts } = views;
    expect(matrix).toBeDefined();
    const { conformant, ...matrixCounts } = matrix as NonNullable<typeof matrix>;
    const { conformant: terminalConformant, ...terminalCounts } = counts.terminal ?? { conformant: undefined };
    expect({ jest: counts.jest, junit: counts.junit, terminal: terminalCounts, markdown: counts.markdown }).toEqual({
      jest: matrixCounts,
      junit: matrixCounts,
      terminal: matrixCounts,
      markdown: matrixCounts,
    });
    expect(terminalConformant).toBe(conformant);
    expect(exitCode).toBe(conformant ? 0 : 1);
    expect(conformant).toBe(matrixCounts.failed === 0);
    // The deviant targets fail, the others pass (a waived deviation passes).
    const waived = args.includes('--waivers');
    expect(matrixCounts.failed > 0).toBe(dev !== undefined && dev !== ignoresPrefer && !waived);
    if (waived) expect(matrix?.skipped).toBeGreaterThan(0);
    // Read by other tools' parsers: Python's xml.etree and json (which refuse a bare attribute, NaN, a repeated
    // name), and xmllint against the JUnit schema.
    const strict = readStrictly(reportDir);
    expect(strict.junitConformant).toBe(String(conformant));
    expect(strict.matrixConformant).toBe(conformant);
    if (!xmllintMissing || process.env.CI) expect(junitSchemaErrors(reportDir)).toBeUndefined();
  } finally {
    await fixture?.close();
  }
});

test('a wrong key: exit 2 with one line, and no view at all (an earlier run’s reports are removed)', async () => {
  const reportDir = tempReportDir('wrong-key');
  for (const file of Object.values(REPORT_FILES)) writeFileSync(path.join(reportDir, file), 'from an earlier run');
  const ran = await contract(['--target', mock.baseUrl, '--report-dir', reportDir], {
    XTRAKIT_API_KEY: 'abad0000abad0000abad0000abad0000abad',
  });
  expect(ran.code).toBe(2);
  expect(ran.stderr.trim().split('\n')).toEqual([expect.stringContaining('the API key was refused')]);
  expect(ran.stderr).not.toContain('Prefer');
  expect(ran.stdout).toBe('');
  for (const file of Object.values(REPORT_FILES)) expect(existsSync(path.join(reportDir, file))).toBe(false);
});
