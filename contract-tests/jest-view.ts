// Jest's view of a run: each case is a Jest test in contract.suite.ts, declared from the results the replay
// decided (passed → passes, failed → fails with the explanation, not provoked or waived → skipped). Jest runs
// in this process; only its summary is printed (the cases were listed as they ran). Its counts are returned so
// the caller can check that they agree with the matrix before any report is written.
import path from 'node:path';
import { runCLI } from 'jest';
import { describeName, testTitle } from './cases/select';
import { KIT_ROOT } from './kit';
import type { CaseResult } from './run/run-cases';

/** What contract.suite.ts reads from Jest's globals: one entry per test (set-up excluded). */
export interface JestCase {
  describe: string;
  title: string;
  outcome: CaseResult['outcome'];
  explanation?: string;
}

export const JEST_GLOBAL = 'xtrakitContractCases';

export async function runJestView(
  results: CaseResult[],
  explain: (result: CaseResult) => string,
): Promise<{ passed: number; failed: number; skipped: number; total: number }> {
  const cases: JestCase[] = results
    .filter((r) => r.case.role !== 'setup')
    .map((r) => ({
      describe: describeName(r.case),
      title: testTitle(r.case),
      outcome: r.outcome,
      ...(r.outcome === 'failed' ? { explanation: explain(r) } : {}),
    }));
  const config = {
    rootDir: KIT_ROOT,
    roots: ['<rootDir>/contract-tests'],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': [require.resolve('@swc/jest'), {}] },
    testMatch: [path.join(KIT_ROOT, 'contract-tests', 'contract.suite.ts')],
    globals: { [JEST_GLOBAL]: cases },
    cacheDirectory: path.join(require('node:os').tmpdir(), 'xtrakit-contract-jest'),
  };
  const { results: aggregated } = await runCLI(
    {
      _: [],
      $0: 'contract',
      config: JSON.stringify(config),
      runInBand: true,
      reporters: ['summary'],
      watchman: false,
      silent: true,
    },
    [KIT_ROOT],
  );
  return {
    passed: aggregated.numPassedTests,
    failed: aggregated.numFailedTests,
    skipped: aggregated.numPendingTests + aggregated.numTodoTests,
    total: aggregated.numTotalTests,
  };
}
