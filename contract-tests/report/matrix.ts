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

export interface Summary {
  conformant: boolean;
  cases: Record<Outcome, number>;
  cells: Record<Outcome, number>;
  warnings: number;
  cleanup: RunResult['cleanup'];
  /** Wall time of the replay itself (without Jest's start). */
  replayMs: number;
}

export interface ContractReport {
  target: string;
  generatedAt: string;
  summary: Summary;
  statuses: string[];
  rows: MatrixRow[];
}

const zero = (): Record<Outcome, number> => ({ passed: 0, failed: 0, 'not-provoked': 0, waived: 0 });

function cellOutcome(results: CaseResult[]): Outcome {
  if (results.some((r) => r.outcome === 'failed')) return 'failed';
  if (results.some((r) => r.outcome === 'waived')) return 'waived';
  if (results.some((r) => r.outcome === 'passed')) return 'passed';
  return 'not-provoked';
}

export function buildReport(target: string, operations: Operation[], run: RunResult, now = new Date()): ContractReport {
  const statuses = [...new Set(operations.flatMap((o) => Object.keys(o.responses)))].sort();
  const summary: Summary = {
    conformant: true,
    cases: zero(),
    cells: zero(),
    warnings: 0,
    cleanup: run.cleanup,
    replayMs: run.ms,
  };
  const rows = operations.map((op) => {
    const cells: Record<string, MatrixCell> = {};
    for (const status of Object.keys(op.responses)) {
      const results = run.results.filter(
        (r) => r.case.operationId === op.operationId && String(r.case.expectedStatus) === status,
      );
      if (results.length === 0) continue;
      const outcome = cellOutcome(results);
      summary.cells[outcome] += 1;
      cells[status] = {
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
    return { operationId: op.operationId, method: op.method.toUpperCase(), path: op.path, cells };
  });
  for (const r of run.results) {
    summary.cases[r.outcome] += 1;
    summary.warnings += r.notes.filter((n) => n.severity === 'warning').length;
  }
  summary.conformant = summary.cases.failed === 0;
  return { target, generatedAt: now.toISOString(), summary, statuses, rows };
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
    `Target: ${report.target}  `,
    `Generated: ${report.generatedAt}`,
    '',
    `Cases: ${summary.cases.passed} passed, ${summary.cases.failed} failed, ${summary.cases['not-provoked']} not provoked, ${summary.cases.waived} waived; ${summary.warnings} advisory warning(s). Replay: ${(summary.replayMs / 1000).toFixed(1)} s.`,
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
  section(
    'Failures',
    results.filter((r) => r.outcome === 'failed'),
    block,
  );
  section(
    'Waived',
    results.filter((r) => r.outcome === 'waived'),
    block,
  );
  section(
    'Advisories',
    results.filter((r) => r.outcome !== 'failed' && r.notes.some((n) => n.severity === 'warning')),
    block,
  );
  section(
    'Not provoked',
    results.filter((r) => r.outcome === 'not-provoked'),
    (r) => `- \`${r.case.id}\`: ${r.reason ?? ''}`,
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
