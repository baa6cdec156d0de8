// The contract replay as Jest tests: one describe per operation, one test per case, so Jest's filters
// (-t), reporters and JUnit output work. Run it through `npm run contract`, which probes the target,
// derives the plan and hands it here in XTRAKIT_CONTRACT_PLAN.
import { readFileSync } from 'node:fs';
import { type LoadedSpec, loadSpec } from '../openapi/spec';
import type { Case, Plan } from './cases/case';
import { resolveContractConfig } from './config';
import { executePlan, reportRun, senderFor } from './pipeline';
import { explainResult } from './report/explain';
import { createProgress } from './report/progress';
import { redactSecrets } from './report/redact';
import type { CaseResult, RunResult } from './run/run-cases';

const planFile = process.env.XTRAKIT_CONTRACT_PLAN;
if (!planFile)
  throw new Error('contract.suite.ts is run by `npm run contract -- --target <url>`, which sets XTRAKIT_CONTRACT_PLAN');
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
const config = resolveContractConfig({ target: plan.target }, process.env);
const secrets = [config.apiKey, config.lapsedKey];

let spec: LoadedSpec;
let run: RunResult;
const byCase = new Map<string, CaseResult>();
const runnable = plan.cases.filter((c) => c.disposition.kind === 'run' || c.disposition.kind === 'waived').length;
// The whole replay runs once, before the tests read their results: bounded by the per-request timeout.
const replayTimeout = 60_000 + Math.ceil(runnable / config.concurrency) * config.timeoutMs * 2;

beforeAll(async () => {
  spec = await loadSpec(plan.specFile);
  const sender = senderFor(config);
  const progress = createProgress(runnable, process.stderr);
  try {
    run = await executePlan(plan, spec, config, sender, (result) => {
      if (result.exchange) progress.record(result);
    });
  } finally {
    progress.finish();
    await sender.close();
  }
  for (const result of run.results) byCase.set(result.case.id, result);
}, replayTimeout);

afterAll(async () => {
  if (run) await reportRun(config, spec, run);
});

const title = (c: Case) => `${c.expectedStatus} ${c.title}`;

for (const [operationId, cases] of groupByOperation(plan.cases)) {
  const first = cases[0] as Case;
  describe(`${first.method} ${first.path} (${operationId})`, () => {
    for (const c of cases) {
      if (c.disposition.kind === 'not-provoked') {
        test.skip(`${title(c)} [not provoked: ${c.disposition.reason}]`, () => undefined);
      } else if (c.disposition.kind === 'waived') {
        test.skip(`${title(c)} [waived: ${c.disposition.reason}]`, () => undefined);
      } else {
        test(title(c), () => {
          const result = byCase.get(c.id);
          if (!result) throw new Error('the replay did not run this case');
          if (result.outcome === 'not-provoked') throw new Error(`not run: ${result.reason ?? ''}`);
          if (result.outcome === 'failed') throw new Error(redactSecrets(explainResult(result), secrets));
        });
      }
    }
  });
}

test('waived cells have no violation beyond what their waiver covers', () => {
  const unwaived = run.results.filter((r) => r.case.disposition.kind === 'waived' && r.outcome === 'failed');
  if (unwaived.length > 0) throw new Error(redactSecrets(unwaived.map(explainResult).join('\n\n'), secrets));
});

function groupByOperation(cases: Case[]): Map<string, Case[]> {
  const groups = new Map<string, Case[]>();
  for (const c of cases) groups.set(c.operationId, [...(groups.get(c.operationId) ?? []), c]);
  return groups;
}
