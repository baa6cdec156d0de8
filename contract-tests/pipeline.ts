// The suite's pipeline, step by step: load spec → learn the target → derive cases → send and check → report.
import { type LoadedSpec, loadSpec } from '../openapi/spec';
import type { Plan } from './cases/case';
import { deriveCases } from './cases/derive-cases';
import type { ContractConfig } from './config';
import { buildReport, type ContractReport } from './report/matrix';
import { writeReports } from './report/write-reports';
import { type CaseResult, type RunResult, runCases } from './run/run-cases';
import { isLoopback, probeHonoursPrefer, probeReachable } from './run/target';
import { createSender, type Sender } from './send/sender';
import { applyWaivers, loadWaivers, unknownWaivers } from './waivers';

/** A problem with the tool's input or the target's reachability: exit 2, one message. */
export class ToolError extends Error {}

export function senderFor(config: ContractConfig): Sender {
  return createSender({
    timeoutMs: config.timeoutMs,
    concurrency: config.concurrency,
    maxBodyBytes: config.maxBodyBytes,
  });
}

export async function preparePlan(config: ContractConfig, sender: Sender): Promise<{ plan: Plan; spec: LoadedSpec }> {
  let spec: LoadedSpec;
  try {
    spec = await loadSpec(config.spec);
  } catch (error) {
    throw new ToolError(`cannot load the spec ${config.spec}: ${(error as Error).message}`);
  }
  const waivers = config.waivers
    ? await loadWaivers(config.waivers).catch((e: Error) => Promise.reject(new ToolError(e.message)))
    : [];
  const unknown = unknownWaivers(
    waivers,
    spec.operations.map((o) => o.operationId),
  );
  if (unknown.length > 0)
    throw new ToolError(`waivers name unknown operations: ${unknown.map((w) => w.operation).join(', ')}`);

  const reachable = await probeReachable(sender, config.target);
  if (!reachable.ok) throw new ToolError(`cannot reach ${config.target}: ${reachable.why}`);
  const assumptions = {
    honoursPrefer: await probeHonoursPrefer(sender, config.target, spec, config.apiKey),
    hasLapsedKey: config.lapsedKey !== undefined,
    writesAllowed: config.allowWrites || isLoopback(config.target),
    seed: config.seed,
  };
  const cases = applyWaivers(deriveCases(spec, assumptions), waivers);
  return { plan: { specFile: spec.file, target: config.target, cases, assumptions }, spec };
}

export function executePlan(
  plan: Plan,
  spec: LoadedSpec,
  config: ContractConfig,
  sender: Sender,
  onResult?: (result: CaseResult) => void,
): Promise<RunResult> {
  return runCases(plan.cases, {
    target: plan.target,
    credentials: { apiKey: config.apiKey, ...(config.lapsedKey ? { lapsedKey: config.lapsedKey } : {}) },
    sender,
    spec,
    concurrency: config.concurrency,
    ...(onResult ? { onResult } : {}),
  });
}

export async function reportRun(config: ContractConfig, spec: LoadedSpec, run: RunResult): Promise<ContractReport> {
  const report = buildReport(config.target, spec.operations, run);
  await writeReports(config.reportDir, report, run.results, [config.apiKey, config.lapsedKey]);
  return report;
}
