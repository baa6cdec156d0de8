// The suite's pipeline, step by step: load spec → preflight the target → derive and select cases → send and
// check → one set of results → every view of it (terminal, Jest, JUnit, matrix) and the exit code.
import path from 'node:path';
import { KIT_VERSION } from '../openapi/kit';
import { type LoadedSpec, loadSpec } from '../openapi/spec';
import type { Plan } from './cases/case';
import { deriveCases } from './cases/derive-cases';
import { selectCases, unknownOperation } from './cases/select';
import { type ContractConfig, DOCS_SAMPLE_KEY } from './config';
import { JEST_MISSING, jestCountsLine, runJestView } from './jest-view';
import { explainResult } from './report/explain';
import {
  advisoriesText,
  buildReport,
  type ContractReport,
  filtersText,
  type RunMeta,
  unreachedText,
  verdictLine,
} from './report/matrix';
import { createProgress, type Out } from './report/progress';
import { redactSecrets } from './report/redact';
import { clearReports, REPORT_FILES, writeReports } from './report/write-reports';
import { type CaseResult, type RunResult, runCases } from './run/run-cases';
import { isLoopback, PreflightError, preflight } from './run/target';
import { createSender, type Sender } from './send/sender';
import { applyWaivers, loadWaivers, unknownWaivers } from './waivers';

/** A problem with the tool's input, the target's address or its configuration: exit 2, one message. */
export class ToolError extends Error {}

/**
 * The keys no output may show, whole or in part: the key the user gave and the lapsed key. The docs' sample key
 * is public (printed in the docs and the README), so it is not one: a curl that uses it works as printed.
 */
export function secretsOf(config: Pick<ContractConfig, 'apiKey' | 'lapsedKey'>): string[] {
  return [config.apiKey, config.lapsedKey].filter((k): k is string => k !== undefined && k !== DOCS_SAMPLE_KEY);
}

export function senderFor(config: ContractConfig): Sender {
  return createSender({
    timeoutMs: config.timeoutMs,
    concurrency: config.concurrency,
    maxBodyBytes: config.maxBodyBytes,
    secrets: secretsOf(config),
  });
}

/** How many advisories the log lists before pointing at the Markdown report for the rest. */
const ADVISORIES_IN_LOG = 3;

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
  const operationIds = spec.operations.map((o) => o.operationId);
  const unknown = unknownWaivers(waivers, operationIds);
  if (unknown.length > 0)
    throw new ToolError(`waivers name unknown operations: ${unknown.map((w) => w.operation).join(', ')}`);
  // A misspelt operation costs no request to the target.
  const misspelt = unknownOperation(config, operationIds);
  if (misspelt) throw new ToolError(misspelt);

  let honoursPrefer: boolean;
  let listsReflectWrites: boolean;
  try {
    ({ honoursPrefer, listsReflectWrites } = await preflight({
      sender,
      target: config.target,
      spec,
      apiKey: config.apiKey,
      ...(config.lapsedKey ? { lapsedKey: config.lapsedKey } : {}),
    }));
  } catch (error) {
    if (error instanceof PreflightError) throw new ToolError(error.message);
    throw error;
  }
  const assumptions = {
    hasLapsedKey: config.lapsedKey !== undefined,
    seed: config.seed,
    examples: config.examples,
    concurrency: config.concurrency,
    honoursPrefer,
    listsReflectWrites,
    writesAllowed: !config.readOnly && (config.allowWrites || isLoopback(config.target)),
  };
  const selected = selectCases(applyWaivers(deriveCases(spec, assumptions), waivers), config, operationIds);
  if ('error' in selected) throw new ToolError(selected.error);
  return { plan: { specFile: spec.file, target: config.target, cases: selected.cases, assumptions }, spec };
}

export function executePlan(
  plan: Plan,
  spec: LoadedSpec,
  config: ContractConfig,
  sender: Sender,
  onResult?: (result: CaseResult) => void,
  signal?: AbortSignal,
): Promise<RunResult> {
  return runCases(plan.cases, {
    target: plan.target,
    credentials: { apiKey: config.apiKey, ...(config.lapsedKey ? { lapsedKey: config.lapsedKey } : {}) },
    sender,
    spec,
    ...(onResult ? { onResult } : {}),
    ...(signal ? { signal } : {}),
    seed: plan.assumptions.seed,
  });
}

export interface ContractIO {
  /** The header and the verdict line. */
  stdout: Out;
  /** Progress, explanations of failures and Jest's summary. */
  stderr: Out;
  /** Aborting stops the replay: nothing further is sent, clean-up runs, the run exits 2. */
  signal?: AbortSignal;
  /** Force the terminal's updating line on or off (default: stderr is a TTY and CI is not set). */
  tty?: boolean;
  /** Run Jest's view of the results and check its counts (default true: the command always does). */
  jest?: boolean;
}

export interface ContractOutcome {
  /** 0 conformant, 1 not conformant, 2 tool error (nothing judged). */
  exitCode: 0 | 1 | 2;
  /** The one-line message of a tool error. */
  error?: string;
  report?: ContractReport;
  results?: CaseResult[];
  /** What Jest counted over the same results (when its view ran). */
  jest?: { passed: number; failed: number; skipped: number; total: number };
  reportFiles?: string[];
}

/**
 * One contract run: every view (terminal, Jest's counts, JUnit, the matrix files) and the exit code are computed
 * here, in this process, from one set of results.
 */
export async function runContract(config: ContractConfig, io: ContractIO): Promise<ContractOutcome> {
  const startedAt = new Date();
  const secrets = secretsOf(config);
  const say = (out: Out, text: string) => out.write(`${redactSecrets(text, secrets)}\n`);
  const fail = (error: string): ContractOutcome => {
    say(io.stderr, `contract: ${error}`);
    return { exitCode: 2, error };
  };
  const reportDir = path.resolve(config.reportDir);
  await clearReports(reportDir);

  const sender = senderFor(config);
  // The run's budget (--max-time): once it is spent nothing more is sent, the clean-up runs, and the results so
  // far are reported with exit 2.
  const budgetReason = `not sent: the run reached --max-time ${config.maxTimeMs / 1000} s`;
  const budget = new AbortController();
  const budgetTimer = setTimeout(() => budget.abort(new Error(budgetReason)), config.maxTimeMs);
  budgetTimer.unref();
  const signal = io.signal ? AbortSignal.any([io.signal, budget.signal]) : budget.signal;
  let prepared: { plan: Plan; spec: LoadedSpec };
  let run: RunResult;
  try {
    try {
      prepared = await preparePlan(config, sender);
    } catch (error) {
      if (error instanceof ToolError) return fail(error.message);
      throw error;
    }
    const { plan, spec } = prepared;
    const counts = plan.cases.reduce<Record<string, number>>((n, c) => {
      const key = c.role === 'setup' ? 'setup' : c.disposition.kind;
      n[key] = (n[key] ?? 0) + 1;
      return n;
    }, {});
    say(
      io.stdout,
      `contract: ${plan.cases.length - (counts.setup ?? 0)} cases against ${config.target} (${counts.run ?? 0} to send, ` +
        `${counts['not-provoked'] ?? 0} not provoked, ${counts.waived ?? 0} waived${counts.setup ? `, ${counts.setup} set-up` : ''}); ` +
        `seed ${config.seed}; Prefer: code ${plan.assumptions.honoursPrefer ? 'honoured' : 'not honoured'}; ` +
        `writes ${plan.assumptions.writesAllowed ? 'allowed' : config.readOnly ? 'off (--read-only)' : 'not allowed'}`,
    );
    const progress = createProgress(plan.cases.length, io.stderr, io.tty);
    try {
      run = await executePlan(plan, spec, config, sender, (r) => progress.record(r), signal);
    } finally {
      progress.finish();
    }
  } finally {
    clearTimeout(budgetTimer);
    await sender.close();
  }
  if (io.signal?.aborted) {
    const { deleted, failed } = run.cleanup;
    return fail(
      `the replay did not finish: interrupted; no verdict and no report. Clean-up deleted ${deleted.length} record(s) this run created` +
        (failed.length > 0 ? `; could not delete ${failed.join(', ')}` : ''),
    );
  }

  const { plan, spec } = prepared;
  const meta: RunMeta = {
    target: config.target,
    startedAt: startedAt.toISOString(),
    seed: config.seed,
    kitVersion: KIT_VERSION,
    spec: spec.file,
    filters: {
      operations: config.operations,
      ...(config.testNamePattern === undefined ? {} : { testNamePattern: config.testNamePattern }),
    },
    honoursPrefer: plan.assumptions.honoursPrefer,
    writesAllowed: plan.assumptions.writesAllowed,
    readOnly: config.readOnly,
  };
  const cut = run.results.filter((r) => r.reason === budgetReason).length;
  const unfinished = cut > 0 ? `--max-time ${config.maxTimeMs / 1000} s reached with ${cut} cases not sent` : undefined;
  const report = buildReport(meta, spec.operations, run, config.minCoverage, new Date(), unfinished);
  const explained = (r: CaseResult) => redactSecrets(explainResult(r), secrets);

  for (const r of run.results.filter((r) => r.outcome === 'failed')) {
    say(io.stderr, `\n${r.case.role === 'setup' ? '(set-up) ' : ''}${explained(r)}`);
  }
  const reportDirText = path.relative(process.cwd(), reportDir) || '.';
  const advised = run.results.filter((r) => r.case.role !== 'setup' && r.notes.some((n) => n.severity === 'warning'));
  if (advised.length > 0) {
    say(
      io.stderr,
      `\n${advisoriesText(report.summary)}: reported, never failing. The first ${Math.min(ADVISORIES_IN_LOG, advised.length)}:`,
    );
    for (const r of advised.slice(0, ADVISORIES_IN_LOG)) {
      for (const n of r.notes.filter((n) => n.severity === 'warning'))
        say(io.stderr, `! ${n.check}: ${n.message} (${r.case.method} ${r.case.path}, case "${r.case.id}")`);
    }
    if (advised.length > ADVISORIES_IN_LOG)
      say(
        io.stderr,
        `… and ${advised.length - ADVISORIES_IN_LOG} more case(s) with advisories: ${reportDirText}/${REPORT_FILES.markdown}, section Advisories`,
      );
  }
  const jest = io.jest === false ? undefined : await runJestView(run.results, explained);
  if (jest) say(io.stderr, `\n${jestCountsLine(jest)} (Jest's count of the same results)`);
  else if (io.jest !== false) say(io.stderr, `\n${JEST_MISSING}`);
  const { cases } = report.summary;
  const agree =
    jest === undefined ||
    (jest.passed === cases.passed &&
      jest.failed === cases.failed &&
      jest.skipped === cases['not-provoked'] + cases.waived &&
      jest.total === cases.passed + cases.failed + cases['not-provoked'] + cases.waived);
  if (!agree) {
    return fail(
      `the replay finished but Jest counted ${jest.passed} passed, ${jest.failed} failed, ${jest.skipped} skipped for ` +
        `${cases.passed} passed, ${cases.failed} failed, ${cases['not-provoked'] + cases.waived} skipped: no verdict (a bug in the kit; please report it)`,
    );
  }
  const reportFiles = await writeReports(reportDir, report, run.results, secrets);
  say(
    io.stdout,
    `contract: ${verdictLine(report.summary)}. Replay ${(run.ms / 1000).toFixed(1)} s. Seed ${config.seed}. Filters: ${filtersText(meta)}. Reports: ${reportDirText}/`,
  );
  if (report.summary.coverage.unreached.length > 0)
    say(io.stdout, `contract: not exercised: ${unreachedText(report.summary.coverage)}`);
  if (unfinished) {
    const error = `the replay did not finish: ${unfinished}; what was judged is in ${reportDirText}/, and clean-up deleted ${run.cleanup.deleted.length} record(s) this run created`;
    say(io.stderr, `contract: ${error}`);
    return { exitCode: 2, error, report, results: run.results, ...(jest ? { jest } : {}), reportFiles };
  }
  return {
    exitCode: report.summary.conformant ? 0 : 1,
    report,
    results: run.results,
    ...(jest ? { jest } : {}),
    reportFiles,
  };
}
