// Jest's view of a run: each case is a Jest test in contract.suite.ts, declared from the results the replay
// decided (passed → passes, failed → fails with the explanation, not provoked or waived → skipped). Jest runs
// in this process and prints nothing; its counts are returned so the caller can check that they agree with the
// matrix before any report is written, and print them. Jest is the project's own (a peer dependency, optional):
// without it the run has every other view, and says that Jest's was left out.
import os from 'node:os';
import path from 'node:path';
import { describeName, testTitle } from './cases/select';
import type { CaseResult } from './run/run-cases';

/** The suite file beside this one: contract.suite.ts in the clone, contract.suite.js once compiled. */
const SUITE = path.join(__dirname, `contract.suite${path.extname(__filename)}`);

/** What contract.suite.ts reads from Jest's globals: one entry per test (set-up excluded). */
export interface JestCase {
  describe: string;
  title: string;
  outcome: CaseResult['outcome'];
  explanation?: string;
}

export const JEST_GLOBAL = 'xtrakitContractCases';

/** Jest as the project has it; undefined when it has none (the mock and the verdict need no test runner). */
function projectJest(): typeof import('jest') | undefined {
  try {
    return require('jest') as typeof import('jest');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && /'jest'/.test((error as Error).message))
      return undefined;
    throw error;
  }
}

export const JEST_MISSING =
  "Jest's view left out: this project has no Jest (npm i -D jest@^30 for Jest's count of the same results)";

export async function runJestView(
  results: CaseResult[],
  explain: (result: CaseResult) => string,
): Promise<{ passed: number; failed: number; skipped: number; total: number } | undefined> {
  const jestModule = projectJest();
  if (!jestModule) return undefined;
  const { runCLI } = jestModule;
  const cases: JestCase[] = results
    .filter((r) => r.case.role !== 'setup')
    .map((r) => ({
      describe: describeName(r.case),
      title: testTitle(r.case),
      outcome: r.outcome,
      ...(r.outcome === 'failed' ? { explanation: explain(r) } : {}),
    }));
  const config = {
    rootDir: __dirname,
    roots: [__dirname],
    testEnvironment: 'node',
    // Compiled (an installed kit): plain JavaScript. From the clone: TypeScript through swc (a dev dependency).
    transform: SUITE.endsWith('.ts') ? { '^.+\\.ts$': [require.resolve('@swc/jest'), {}] } : {},
    testMatch: [SUITE],
    // An installed kit lives under node_modules, which Jest skips by default.
    testPathIgnorePatterns: [],
    // Jest's file map leaves out files under node_modules unless told to keep them (the installed kit is there).
    haste: { retainAllFiles: true },
    globals: { [JEST_GLOBAL]: cases },
    cacheDirectory: path.join(os.tmpdir(), 'xtrakit-contract-jest'),
  };
  const { results: aggregated } = await runCLI(
    {
      _: [],
      $0: 'contract',
      config: JSON.stringify(config),
      runInBand: true,
      // No reporter: the cases were listed as they ran, and Jest's summary would time only its own run of the
      // already decided results (a quarter of a second for a replay of seconds). The caller prints Jest's counts.
      reporters: [],
      watchman: false,
      silent: true,
    },
    [__dirname],
  );
  return {
    passed: aggregated.numPassedTests,
    failed: aggregated.numFailedTests,
    skipped: aggregated.numPendingTests + aggregated.numTodoTests,
    total: aggregated.numTotalTests,
  };
}

/** Jest's counts in the words of Jest's own summary line (`Tests: 2 failed, 1 skipped, 431 passed, 434 total`). */
export function jestCountsLine(counts: { passed: number; failed: number; skipped: number; total: number }): string {
  const parts = [
    ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
    ...(counts.skipped > 0 ? [`${counts.skipped} skipped`] : []),
    ...(counts.passed > 0 ? [`${counts.passed} passed`] : []),
    `${counts.total} total`,
  ];
  return `Tests:       ${parts.join(', ')}`;
}
