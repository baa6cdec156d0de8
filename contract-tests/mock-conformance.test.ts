// The kit's own mock honours the contract: every case of the full replay passes, in all four modes.

import { startTestMock } from '../mocks/test-support';
import { examplesOf, jsonMedia, type LoadedSpec } from '../openapi/spec';
import type { Plan } from './cases/case';
import { formVariants } from './cases/forms';
import { negativeRequests } from './cases/negative';
import { DEFAULTS } from './config';
import { executePlan, preparePlan, senderFor } from './pipeline';
import { explainResult } from './report/explain';
import { buildReport } from './report/matrix';
import type { RunResult } from './run/run-cases';
import { testConfig } from './test-support';

const META = {
  target: 'mock',
  startedAt: new Date(0).toISOString(),
  seed: 1234,
  kitVersion: '0',
  spec: 'openapi/xtrakit.yaml',
  filters: { operations: [] },
  honoursPrefer: true,
  writesAllowed: true,
  readOnly: false,
};

const config = (target: string) =>
  testConfig(target, { timeoutMs: DEFAULTS.timeoutMs, seed: 1234, examples: DEFAULTS.examples });

describe.each([
  ['static', { stateful: false, dynamic: false }],
  ['stateful', { stateful: true, dynamic: false }],
  ['--dynamic', { stateful: false, dynamic: true, seed: '1' }],
  ['--dynamic --stateful', { stateful: true, dynamic: true, seed: '1' }],
])('against the mock in %s mode', (_mode, modeOptions) => {
  let plan: Plan;
  let run: RunResult;
  let spec: LoadedSpec;

  beforeAll(async () => {
    const mock = await startTestMock(modeOptions);
    const cfg = config(mock.baseUrl);
    const sender = senderFor(cfg);
    try {
      const prepared = await preparePlan(cfg, sender);
      plan = prepared.plan;
      spec = prepared.spec;
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
    // A static mock's lists are the spec's examples: it says so (X-Xtrakit-Mock: static), and the list probes are
    // not provoked there, with that reason. Everything else passes.
    const listProbeResults = run.results.filter((r) => r.case.listProbe);
    const unprovoked = run.results.filter((r) => r.outcome === 'not-provoked');
    if (modeOptions.stateful) expect(unprovoked).toEqual([]);
    else {
      expect(unprovoked).toEqual(listProbeResults);
      expect(unprovoked.every((r) => /mock in static mode/.test(r.reason ?? ''))).toBe(true);
    }
    const failures = run.results
      .filter((r) => r.outcome !== 'passed' && r.outcome !== 'not-provoked')
      .map(explainResult);
    expect(failures).toEqual([]);
    // One case per documented status; four auth probes (instead of one) where a 401 is documented; one negative
    // request per documented constraint (instead of one) where a 400 is.
    const documented = spec.operations.flatMap((o) => Object.keys(o.responses));
    const with401 = spec.operations.filter((o) => '401' in o.responses).length;
    const negatives = spec.operations
      .filter((o) => '400' in o.responses)
      .reduce((n, o) => n + Math.max(negativeRequests(o).length, 1) - 1, 0);
    const generated = spec.operations.filter(
      (o) =>
        ['create', 'edit', 'list'].includes(o.store?.action ?? '') &&
        Object.keys(o.responses).some((c) => c.startsWith('2')),
    ).length;
    // Each read beside its success case: the key under "bearer" and "BEARER" (where a 401 is documented) and an
    // undeclared query parameter; each edit of a linked record once more with an undeclared body field.
    const reads = spec.operations.filter(
      (o) => o.method === 'get' && Object.keys(o.responses).some((c) => c.startsWith('2')),
    );
    const readVariants = reads.reduce((n, o) => n + 1 + ('401' in o.responses ? 2 : 0), 0);
    const editVariants = spec.operations.filter(
      (o) => o.method === 'put' && o.store?.action === 'edit' && o.operation.requestBody !== undefined,
    ).length;
    // One case of creates side by side per create whose record names no other.
    const concurrent = spec.operations.filter(
      (o) =>
        o.store?.action === 'create' &&
        o.prerequisites.length === 0 &&
        Object.keys(o.responses).some((c) => c.startsWith('2')),
    ).length;
    // The list probes: per list whose collection the run creates in, one per equality filter (x-xtrakit-filter) the
    // create's example sets, and the list read after the create, the edit and the delete.
    const listProbes = spec.operations
      .filter((o) => o.store?.action === 'list' && o.store.wrapper)
      .reduce((n, list) => {
        const of = (action: string) =>
          spec.operations.find((o) => o.store?.collection === list.store?.collection && o.store?.action === action);
        const create = of('create');
        if (!create || !of('delete')) return n;
        const sent = (examplesOf(jsonMedia(create.operation.requestBody as never))[0]?.value ?? {}) as object;
        const filtersSet = list.parameters.filter((p) => {
          const field = (p as { 'x-xtrakit-filter'?: { field: string } })['x-xtrakit-filter']?.field;
          return field !== undefined && field in sent;
        }).length;
        return n + filtersSet + 1 + (of('edit') ? 1 : 0) + 1;
      }, 0);
    // The example once more in each other documented form of its fields (a type list, oneOf, null).
    const formCases = spec.operations
      .filter((o) => o.method === 'post' || o.method === 'put')
      .reduce((n, o) => {
        const example = examplesOf(jsonMedia(o.operation.requestBody as never))[0]?.value;
        return example && typeof example === 'object'
          ? n + formVariants(o, example as Record<string, unknown>).length
          : n;
      }, 0);
    expect(formCases).toBeGreaterThan(0);
    expect(run.results.length).toBe(
      documented.length +
        3 * with401 +
        negatives +
        generated +
        readVariants +
        editVariants +
        concurrent +
        listProbes +
        formCases,
    );
    expect(run.results.filter((r) => r.case.kind === 'generated')).toHaveLength(generated);
  });

  test('every documented status of every operation is a passed cell, with no advisory', () => {
    const report = buildReport(META, spec.operations, run);
    expect(report.summary.warnings).toBe(0);
    const documented = spec.operations.flatMap((o) => Object.keys(o.responses)).length;
    expect(report.summary.cells.passed).toBe(documented);
    expect(report.summary.coverage).toMatchObject({ documented, exercised: documented, percent: 100 });
  });

  test('the run cleans up after itself: nothing created is left', () => {
    expect(run.cleanup.failed).toEqual([]);
  });
});
