// Shared by the tests of `npm run contract`: run the command as CI does, and read back each view of its verdict.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPORT_FILES } from './report/write-reports';

const root = path.resolve(__dirname, '..');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function contract(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onStart?: (child: ChildProcess) => void,
): Promise<Ran> {
  return run(['--import', 'tsx', path.join(root, 'scripts', 'contract.ts'), ...args], env, onStart);
}

/** Runs node with these arguments as CI would (CI=true), collecting what it prints. */
function run(argv: string[], env: NodeJS.ProcessEnv, onStart?: (child: ChildProcess) => void): Promise<Ran> {
  const child = spawn(process.execPath, argv, { cwd: root, env: { ...process.env, CI: 'true', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  onStart?.(child);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export const tempReportDir = (name: string) => mkdtempSync(path.join(os.tmpdir(), `contract-${name}-`));

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  total: number;
}

/** The five views of one run's verdict, each read the way its consumer reads it. */
export interface Views {
  exitCode: number | null;
  /** The terminal's verdict line. */
  terminal?: Counts & { conformant: boolean };
  /** Jest's own "Tests:" summary line. */
  jest?: Counts;
  junit?: Counts;
  /** contract-matrix.json's summary.cases. */
  matrix?: Counts & { conformant: boolean };
  /** contract-matrix.md's verdict line. */
  markdown?: Counts;
}

export function readViews(ran: Ran, reportDir: string): Views {
  const views: Views = { exitCode: ran.code };
  const verdict = ran.stdout.match(
    /contract: (conformant|NOT conformant[^:]*): (\d+) passed, (\d+) failed, (\d+) not provoked, (\d+) waived/,
  );
  if (verdict) {
    const [passed, failed, notProvoked, waived] = verdict.slice(2).map(Number) as [number, number, number, number];
    views.terminal = {
      conformant: verdict[1] === 'conformant',
      passed,
      failed,
      skipped: notProvoked + waived,
      total: passed + failed + notProvoked + waived,
    };
  }
  const jest = ran.stderr.match(/^Tests:\s+(.*)$/m)?.[1];
  if (jest) {
    const n = (word: string) => Number(jest.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
    views.jest = { passed: n('passed'), failed: n('failed'), skipped: n('skipped'), total: n('total') };
  }
  if (existsSync(path.join(reportDir, REPORT_FILES.junit))) views.junit = readStrictly(reportDir).junit;
  const jsonFile = path.join(reportDir, REPORT_FILES.json);
  if (existsSync(jsonFile)) {
    const { summary } = JSON.parse(readFileSync(jsonFile, 'utf8'));
    const c = summary.cases;
    views.matrix = {
      conformant: summary.conformant,
      passed: c.passed,
      failed: c.failed,
      skipped: c['not-provoked'] + c.waived,
      total: c.passed + c.failed + c['not-provoked'] + c.waived,
    };
  }
  const mdFile = path.join(reportDir, REPORT_FILES.markdown);
  if (existsSync(mdFile)) {
    const m = readFileSync(mdFile, 'utf8').match(/(\d+) passed, (\d+) failed, (\d+) not provoked, (\d+) waived/);
    if (m) {
      const [passed, failed, notProvoked, waived] = m.slice(1).map(Number) as [number, number, number, number];
      views.markdown = { passed, failed, skipped: notProvoked + waived, total: passed + failed + notProvoked + waived };
    }
  }
  return views;
}

/** What Python's readers (fixtures/read-reports.py) make of a report directory: never the writer's library. */
export interface StrictReading {
  junit: Counts;
  junitConformant: string;
  junitAdvisoryCases: number;
  matrixConformant: boolean;
  warnings: number;
}

/** Reads junit.xml with Python's xml.etree and contract-matrix.json with Python's json; throws what they refuse. */
export function readStrictly(reportDir: string): StrictReading {
  const ran = spawnSync('python3', [path.join(__dirname, 'fixtures', 'read-reports.py'), reportDir], {
    encoding: 'utf8',
  });
  if (ran.error) throw new Error(`python3 is needed to read the reports as other tools do: ${ran.error.message}`);
  if (ran.status !== 0) throw new Error(`a strict reader refused the reports: ${ran.stderr.trim()}`);
  return JSON.parse(ran.stdout) as StrictReading;
}

/** The JUnit schema the kit's junit.xml promises (what Jenkins' JUnit readers accept). */
export const JUNIT_SCHEMA = path.join(__dirname, 'report', 'junit.xsd');

/** xmllint's verdict on junit.xml against the schema: undefined when valid, else what it said; null without xmllint. */
export function junitSchemaErrors(reportDir: string): string | undefined | null {
  const ran = spawnSync('xmllint', ['--noout', '--schema', JUNIT_SCHEMA, path.join(reportDir, REPORT_FILES.junit)], {
    encoding: 'utf8',
  });
  if (ran.error) return null;
  return ran.status === 0 ? undefined : ran.stderr.trim();
}

let compiled: Promise<string> | undefined;

/**
 * The contract command compiled as users install it (tsc with the build's settings, outside the clone, with the
 * clone's node_modules linked in): for measurements that must not include tsx's own cost. Built once per test file.
 */
export function compiledContractCommand(): Promise<string> {
  compiled ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xtrakit-compiled-'));
    const tsc = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', dir],
      { encoding: 'utf8' },
    );
    if (tsc.status !== 0) throw new Error(`tsc failed: ${tsc.stdout}${tsc.stderr}`);
    copyFileSync(path.join(root, 'openapi', 'xtrakit.yaml'), path.join(dir, 'openapi', 'xtrakit.yaml'));
    copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return path.join(dir, 'scripts', 'contract.js');
  })();
  return compiled;
}

/** Runs a compiled contract command with the peak-RSS recorder preloaded; resolves to the run and its peak bytes. */
export async function contractWithPeakRss(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Ran & { peakRss: number }> {
  const command = await compiledContractCommand();
  const rssFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'xtrakit-rss-')), 'peak');
  const ran = await run(['--require', path.join(__dirname, 'fixtures', 'report-peak-rss.cjs'), command, ...args], {
    XTRAKIT_TEST_RSS_FILE: rssFile,
    ...env,
  });
  return { ...ran, peakRss: Number(readFileSync(rssFile, 'utf8')) };
}
