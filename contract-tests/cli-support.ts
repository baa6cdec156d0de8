// Shared by the tests of `npm run contract`: run the command as CI does, and read back each view of its verdict.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
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
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'contract.ts'), ...args], {
    cwd: root,
    env: { ...process.env, CI: 'true', ...env },
  });
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
  const junitFile = path.join(reportDir, REPORT_FILES.junit);
  if (existsSync(junitFile)) {
    const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) });
    const doc = xml.parse(readFileSync(junitFile, 'utf8'));
    const testcases = (doc.testsuites.testsuite ?? []).flatMap((s: { testcase: unknown[] }) => s.testcase) as Array<
      Record<string, unknown>
    >;
    const failed = testcases.filter((t) => 'failure' in t).length;
    const skipped = testcases.filter((t) => 'skipped' in t).length;
    views.junit = { passed: testcases.length - failed - skipped, failed, skipped, total: testcases.length };
  }
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
