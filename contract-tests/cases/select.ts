// Filters pick cases before anything is sent. A case a picked case needs (the create before a fetch, the
// customer a sale names) still runs, as set-up: sent and checked, but not a test and not in the verdict.
import { distance } from 'fastest-levenshtein';
import type { Case } from './case';

export interface CaseFilters {
  /** Exact operationIds; empty: every operation. */
  operations: string[];
  /** Matched like Jest's -t: case-insensitively, against the test's full name. */
  testNamePattern?: string;
}

/** The Jest describe block a case belongs to: one per operation. */
export const describeName = (c: Pick<Case, 'method' | 'path' | 'operationId'>) =>
  `${c.method} ${c.path} (${c.operationId})`;

/** The Jest test title of a case. */
export const testTitle = (c: Pick<Case, 'expectedStatus' | 'title'>) => `${c.expectedStatus} ${c.title}`;

/** The name Jest matches -t against: the describe block and the title, joined by a space. */
export const fullTestName = (c: Case) => `${describeName(c)} ${testTitle(c)}`;

export type Selection = { cases: Case[] } | { error: string };

/** The known names closest to `name` (case-insensitive edit distance), nearest first, at most `count`. */
export function nearestNames(name: string, known: string[], count = 3): string[] {
  const lower = name.toLowerCase();
  return known
    .map((k) => ({ k, d: distance(lower, k.toLowerCase()) - (k.toLowerCase().includes(lower) ? lower.length : 0) }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, count)
    .map(({ k }) => k);
}

/** An `--operation` that names no operation of the contract: the one-line error, or undefined. */
export function unknownOperation(filters: CaseFilters, knownOperations: string[]): string | undefined {
  const unknown = filters.operations.filter((o) => !knownOperations.includes(o));
  if (unknown.length === 0) return undefined;
  const hints = unknown.map((o) => `${o} (nearest: ${nearestNames(o, knownOperations).join(', ')})`);
  return `--operation names no operation of the contract: ${hints.join('; ')}; the contract has ${knownOperations.length} operations`;
}

export function selectCases(cases: Case[], filters: CaseFilters, knownOperations: string[]): Selection {
  const unknown = unknownOperation(filters, knownOperations);
  if (unknown) return { error: unknown };
  const pattern = filters.testNamePattern === undefined ? undefined : new RegExp(filters.testNamePattern, 'i');
  const picked = cases.filter(
    (c) =>
      (filters.operations.length === 0 || filters.operations.includes(c.operationId)) &&
      (pattern === undefined || pattern.test(fullTestName(c))),
  );
  if (picked.length === 0) {
    const said = [
      ...filters.operations.map((o) => `--operation ${o}`),
      ...(filters.testNamePattern === undefined ? [] : [`-t "${filters.testNamePattern}"`]),
    ].join(' with ');
    return { error: `no case matches ${said}` };
  }
  if (picked.length === cases.length) return { cases };

  const byId = new Map(cases.map((c) => [c.id, c]));
  const keep = new Set(picked.map((c) => c.id));
  const needed = new Set<string>();
  const visit = (c: Case) => {
    for (const id of dataSources(c)) {
      const dependency = byId.get(id);
      if (!dependency || keep.has(id) || needed.has(id)) continue;
      needed.add(id);
      visit(dependency);
    }
  };
  for (const c of picked) visit(c);
  return {
    cases: cases
      .filter((c) => keep.has(c.id) || needed.has(c.id))
      .map((c) => (keep.has(c.id) ? c : { ...c, role: 'setup' as const })),
  };
}

/**
 * The cases whose answers this case takes values from. Other dependencies only order the run (a delete waits for
 * every use of its record) and are not pulled in by a filter.
 */
function dataSources(c: Case): string[] {
  return [
    ...Object.values(c.pathParams).flatMap((p) => ('linked' in p ? [p.linked.fromCase] : [])),
    ...Object.values(c.bodyLinks ?? {}).map((l) => l.fromCase),
  ];
}
