// The conformance matrix: operation × documented status → passed, failed, not provoked or waived.
import type { Operation } from '../../openapi/spec';
import type { CaseResult, Outcome, RunResult } from '../run/run-cases';
import { explainResult } from './explain';

export interface MatrixCell {
  outcome: Outcome;
  /** Provoked only by `Prefer: code=NNN` (a mock): the status shape is checked, not the server's logic. */
  forced: boolean;
  cases: Array<{
    id: string;
    title: string;
    outcome: Outcome;
    ms?: number;
    reason?: string;
    violations: string[];
    notes: string[];
  }>;
}

export interface MatrixRow {
  operationId: string;
  method: string;
  path: string;
  cells: Record<string, MatrixCell>;
}

export interface Coverage {
  /** Documented (operation, status) cells of the operations under test. */
  documented: number;
  /** Cells with at least one case that was sent and judged (passed, failed or waived). */
  exercised: number;
  /** exercised / documented, in percent, rounded down to a whole number. */
  percent: number;
  /** --min-coverage */
  minimum: number;
  /** The cells not exercised, by why their cases were not sent (most cells first). */
  unreached: Array<{ cells: number; reason: string }>;
}

export interface Summary {
  /** No failed case and the coverage at or above its minimum: the exit code is 0 exactly when this is true. */
  conformant: boolean;
  /** The replay sent every case; false when it stopped early (--max-time): no verdict, exit 2. */
  finished: boolean;
  /** Why the run is not conformant, one line each; empty when it is. */
  reasons: string[];
  /** Tests only: set-up cases are counted apart. */
  cases: Record<Outcome, number>;
  /** Cases that ran only because a selected case needed them. */
  setup: Record<Outcome, number>;
  /** The generated cases among the tests (one per operation) and the valid requests each draws (--examples). */
  generated: { cases: number; failed: number; requestsPerCase: number };
  cells: Record<Outcome, number>;
  coverage: Coverage;
  /** Advisory warnings over the tests (reported, never failing). */
  warnings: number;
  /** The advisories by check. */
  advisories: Record<string, number>;
  cleanup: RunResult['cleanup'];
  /** Wall time of the replay itself (without Jest's start). */
  replayMs: number;
}

/** What a report says about the run that wrote it. */
export interface RunMeta {
  target: string;
  startedAt: string;
  seed: number;
  kitVersion: string;
  spec: string;
  filters: { operations: string[]; testNamePattern?: string };
  honoursPrefer: boolean;
  writesAllowed: boolean;
  readOnly: boolean;
}

export interface ContractReport {
  run: RunMeta;
  generatedAt: string;
  summary: Summary;
  statuses: string[];
  rows: MatrixRow[];
}

const zero = (): Record<Outcome, number> => ({ passed: 0, failed: 0, 'not-provoked': 0, waived: 0 });

/**
 * The documented status a result counts for: the one its case expects, or, for a case that accepts several (a
 * create's 200 or 201), the one the target answered.
 */
function cellOf(r: CaseResult): string {
  const received = r.exchange?.response?.status;
  if (received !== undefined && r.case.acceptedStatuses?.includes(received)) return String(received);
  return String(r.case.expectedStatus);
}

/** A documented status no case reached (a create's other success status on a real server) is not provoked. */
function cellOutcome(results: CaseResult[]): Outcome {
  if (results.some((r) => r.outcome === 'failed')) return 'failed';
  if (results.some((r) => r.outcome === 'waived')) return 'waived';
  if (results.some((r) => r.outcome === 'passed')) return 'passed';
  return 'not-provoked';
}

export function buildReport(
  meta: RunMeta,
  operations: Operation[],
  run: RunResult,
  minCoverage = 0,
  now = new Date(),
  /** Why the replay stopped before every case was sent (--max-time), if it did. */
  unfinished?: string,
): ContractReport {
  const tests = run.results.filter((r) => r.case.role !== 'setup');
  const underTest = new Set(tests.map((r) => r.case.operationId));
  const scope = operations.filter((o) => underTest.has(o.operationId));
  const statuses = [...new Set(scope.flatMap((o) => Object.keys(o.responses)))].sort();
  const cases = zero();
  const setup = zero();
  const cells = zero();
  let warnings = 0;
  const advisories: Record<string, number> = {};
  for (const r of run.results) {
    (r.case.role === 'setup' ? setup : cases)[r.outcome] += 1;
    if (r.case.role === 'setup') continue;
    for (const n of r.notes.filter((n) => n.severity === 'warning')) {
      warnings += 1;
      advisories[n.check] = (advisories[n.check] ?? 0) + 1;
    }
  }
  let documented = 0;
  let exercised = 0;
  const unreached = new Map<string, number>();
  const rows = scope.map((op) => {
    const row: Record<string, MatrixCell> = {};
    for (const status of Object.keys(op.responses)) {
      documented += 1;
      const results = tests.filter((r) => r.case.operationId === op.operationId && cellOf(r) === status);
      const outcome = cellOutcome(results);
      cells[outcome] += 1;
      if (outcome !== 'not-provoked') exercised += 1;
      else {
        const reason = results.find((r) => r.reason)?.reason ?? 'no case sends a request for it';
        unreached.set(reason, (unreached.get(reason) ?? 0) + 1);
      }
      row[status] = {
        outcome,
        forced: results.every((r) => r.case.kind === 'forced'),
        cases: results.map((r) => ({
          id: r.case.id,
          title: r.case.title,
          outcome: r.outcome,
          ...(r.exchange ? { ms: Math.round(r.exchange.ms) } : {}),
          ...(r.reason ? { reason: r.reason } : {}),
          violations: r.violations.map((v) => `${v.check}: ${v.message}`),
          notes: r.notes.map((v) => `${v.check}: ${v.message}`),
        })),
      };
    }
    return { operationId: op.operationId, method: op.method.toUpperCase(), path: op.path, cells: row };
  });
  const generatedTests = tests.filter((r) => r.case.kind === 'generated');
  const coverage: Coverage = {
    documented,
    exercised,
    percent: documented === 0 ? 0 : Math.floor((exercised * 100) / documented),
    minimum: minCoverage,
    unreached: [...unreached]
      .map(([reason, cells]) => ({ cells, reason }))
      .sort((a, b) => b.cells - a.cells || a.reason.localeCompare(b.reason)),
  };
  const reasons: string[] = [];
  if (unfinished) reasons.push(`the replay did not finish (${unfinished})`);
  if (cases.failed > 0) reasons.push(`${cases.failed} failed case${cases.failed === 1 ? '' : 's'}`);
  if (exercised * 100 < minCoverage * documented)
    reasons.push(`${coverageText(coverage)} is below --min-coverage ${minCoverage}%`);
  return {
    run: meta,
    generatedAt: now.toISOString(),
    summary: {
      conformant: reasons.length === 0,
      finished: unfinished === undefined,
      reasons,
      cases,
      setup,
      generated: {
        cases: generatedTests.length,
        failed: generatedTests.filter((r) => r.outcome === 'failed').length,
        requestsPerCase: generatedTests[0]?.case.generated?.runs ?? 0,
      },
      cells,
      coverage,
      warnings,
      advisories,
      cleanup: run.cleanup,
      replayMs: run.ms,
    },
    statuses,
    rows,
  };
}

export const coverageText = (c: Coverage) => `${c.exercised} of ${c.documented} cells exercised (${c.percent}%)`;

/** Why the cells left are not exercised, one clause a reason: "26 cells: a healthy server cannot be made to fail on demand". */
export const unreachedText = (c: Coverage) =>
  c.unreached.map((u) => `${u.cells} cell${u.cells === 1 ? '' : 's'}: ${u.reason}`).join('; ');

/** The verdict in one line: the terminal's last line and the Markdown report's first. */
export function verdictLine(summary: Summary): string {
  const { cases } = summary;
  const verdict = summary.conformant ? 'conformant' : `NOT conformant (${summary.reasons.join('; ')})`;
  return (
    `${verdict}: ${cases.passed} passed, ${cases.failed} failed, ${cases['not-provoked']} not provoked, ` +
    `${cases.waived} waived; ${coverageText(summary.coverage)}; ${advisoriesText(summary)}`
  );
}

/** "no advisories", or "104 advisories (www-authenticate-present 104)". */
export function advisoriesText(summary: Pick<Summary, 'warnings' | 'advisories'>): string {
  if (summary.warnings === 0) return 'no advisories';
  const byCheck = Object.entries(summary.advisories)
    .map(([check, n]) => `${check} ${n}`)
    .join(', ');
  return `${summary.warnings} ${summary.warnings === 1 ? 'advisory' : 'advisories'} (${byCheck})`;
}

const MARK: Record<Outcome, string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  'not-provoked': '⏸ not provoked',
  waived: '🏳 waived',
};

function cellText(cell: MatrixCell | undefined): string {
  if (!cell) return '';
  return cell.forced && cell.outcome !== 'not-provoked' ? `${MARK[cell.outcome]} (forced)` : MARK[cell.outcome];
}

export function reportMarkdown(report: ContractReport, results: CaseResult[]): string {
  const { summary } = report;
  const lines = [
    `# XtraKit contract conformance: ${summary.conformant ? 'conformant' : 'NOT conformant'}`,
    '',
    `Target: ${report.run.target}  `,
    `Started: ${report.run.startedAt} · seed ${report.run.seed} · kit ${report.run.kitVersion}  `,
    `Filters: ${filtersText(report.run)}  `,
    `Prefer: code ${report.run.honoursPrefer ? 'honoured' : 'not honoured'} · writes ${report.run.writesAllowed ? 'allowed' : report.run.readOnly ? 'off (--read-only)' : 'not allowed'}`,
    '',
    `Verdict: ${verdictLine(summary)}. Replay: ${(summary.replayMs / 1000).toFixed(1)} s.`,
    ...(summary.coverage.unreached.length > 0
      ? ['', 'Cells not exercised, by why:', '', ...summary.coverage.unreached.map((u) => `- ${u.cells} × ${u.reason}`)]
      : []),
    ...(setupCount(summary) > 0
      ? [
          '',
          `Set-up (run because a selected case needs them, not part of the verdict): ${summary.setup.passed} passed, ${summary.setup.failed} failed, ${summary.setup['not-provoked']} not provoked.`,
        ]
      : []),
    '',
    `| operation | ${report.statuses.join(' | ')} |`,
    `| --- | ${report.statuses.map(() => '---').join(' | ')} |`,
    ...report.rows.map(
      (row) =>
        `| \`${row.method} ${row.path}\` (${row.operationId}) | ${report.statuses.map((s) => cellText(row.cells[s])).join(' | ')} |`,
    ),
    '',
    'An empty cell: the status is not documented for that operation. Not provoked: the suite could not make the',
    'target answer that status (the reason is listed below); it is never counted as passed. (forced): provoked',
    'with `Prefer: code=NNN`, which only a mock honours.',
  ];
  const section = (title: string, picked: CaseResult[], render: (r: CaseResult) => string) => {
    if (picked.length === 0) return;
    lines.push('', `## ${title}`, '');
    for (const r of picked) lines.push(render(r), '');
  };
  const block = (r: CaseResult) => ['```text', explainResult(r), '```'].join('\n');
  const tests = results.filter((r) => r.case.role !== 'setup');
  section(
    'Failures',
    tests.filter((r) => r.outcome === 'failed'),
    block,
  );
  section(
    'Waived',
    tests.filter((r) => r.outcome === 'waived'),
    block,
  );
  section(
    'Advisories',
    tests.filter((r) => r.outcome !== 'failed' && r.notes.some((n) => n.severity === 'warning')),
    block,
  );
  section(
    'Generated',
    tests.filter((r) => r.case.kind === 'generated'),
    (r) =>
      `- \`${r.case.id}\`: ${r.case.generated?.runs ?? 0} valid requests drawn from the schemas (seed ${report.run.seed}): ${r.outcome}` +
      (r.outcome === 'failed' ? ' (the minimal failing request is under Failures)' : ''),
  );
  section(
    'Not provoked',
    tests.filter((r) => r.outcome === 'not-provoked'),
    (r) => `- \`${r.case.id}\`: ${r.reason ?? ''}`,
  );
  section(
    'Set-up',
    results.filter((r) => r.case.role === 'setup'),
    (r) =>
      `- \`${r.case.id}\`: ${r.outcome}${r.reason ? ` (${r.reason})` : ''}${r.violations.length > 0 ? `: ${r.violations.map((v) => v.check).join(', ')}` : ''}`,
  );
  if (summary.cleanup.deleted.length + summary.cleanup.failed.length > 0) {
    lines.push(
      '',
      '## Clean-up',
      '',
      `Deleted records this run created: ${summary.cleanup.deleted.join(', ') || 'none'}.`,
    );
    if (summary.cleanup.failed.length > 0) lines.push(`Could not delete: ${summary.cleanup.failed.join(', ')}.`);
  }
  return `${lines.join('\n')}\n`;
}

const setupCount = (s: Summary) => s.setup.passed + s.setup.failed + s.setup['not-provoked'] + s.setup.waived;

export function filtersText(run: RunMeta): string {
  const parts = [
    ...run.filters.operations.map((o) => `--operation ${o}`),
    ...(run.filters.testNamePattern === undefined ? [] : [`-t "${run.filters.testNamePattern}"`]),
  ];
  return parts.length === 0 ? 'none (every case)' : parts.join(' ');
}
