// The kit's own mock honours the contract: every case of the full replay passes, in both modes.

import { startTestMock } from '../mocks/test-support';
import type { Plan } from './cases/case';
import { DEFAULTS } from './config';
import { executePlan, preparePlan, senderFor } from './pipeline';
import { explainResult } from './report/explain';
import { buildReport } from './report/matrix';
import type { RunResult } from './run/run-cases';
import { testConfig } from './test-support';

const config = (target: string) => testConfig(target, { timeoutMs: DEFAULTS.timeoutMs, seed: 1234 });

describe.each([
  ['default', false],
  ['stateful', true],
])('against the mock in %s mode', (_mode, stateful) => {
  let plan: Plan;
  let run: RunResult;

  beforeAll(async () => {
    const mock = await startTestMock({ stateful });
    const cfg = config(mock.baseUrl);
    const sender = senderFor(cfg);
    try {
      const prepared = await preparePlan(cfg, sender);
      plan = prepared.plan;
      run = await executePlan(plan, prepared.spec, cfg, sender);
    } finally {
      await sender.close();
      await mock.close();
    }
  });

  test('the suite learns that the mock honours Prefer: code and allows writes', () => {
    expect(plan.assumptions.honoursPrefer).toBe(true);
    expect(plan.assumptions.writesAllowed).toBe(true);
  });

  test('every case passes: 100% conformant', () => {
    const failures = run.results.filter((r) => r.outcome !== 'passed').map(explainResult);
    expect(failures).toEqual([]);
    // one case per documented status, and four auth probes where the 401 is: 145 + 3 × 26 operations.
    expect(run.results.length).toBe(223);
  });

  test('every documented status of every operation is a passed cell, with no advisory', () => {
    const report = buildReport('mock', [], run);
    expect(report.summary.warnings).toBe(0);
    const cells = new Set(run.results.map((r) => `${r.case.operationId} ${r.case.expectedStatus}`));
    expect(cells.size).toBe(145); // every documented (operation, status) pair of the contract
  });

  test('the run cleans up after itself: nothing created is left', () => {
    expect(run.cleanup.failed).toEqual([]);
  });
});
