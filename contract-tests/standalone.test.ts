// Testing the tester against servers that stand alone: each stateful fault is caught by exactly its check, and
// legitimate server behaviour raises nothing.
import { type LoadedSpec, loadSpec } from '../openapi/spec';
import type { Case } from './cases/case';
import { deriveCases } from './cases/derive-cases';
import { type SalesBehaviour, startSalesServer } from './fixtures/standalone-sales';
import { type StandaloneBehaviour, startStandalone } from './fixtures/standalone-server';
import type { RunResult } from './run/run-cases';
import { CUSTOMER_GROUP_OPERATIONS, replayCases, testConfig } from './test-support';

// A real server: Prefer is not honoured, so the forced statuses are not provoked; writes are allowed (loopback).
const ASSUMPTIONS = { honoursPrefer: false, hasLapsedKey: false, writesAllowed: true, seed: 11 };
const OPERATIONS = CUSTOMER_GROUP_OPERATIONS;

let spec: LoadedSpec;
let cases: Case[];
beforeAll(async () => {
  spec = await loadSpec();
  cases = deriveCases(spec, ASSUMPTIONS).filter((c) => OPERATIONS.includes(c.operationId));
});

async function replay(behaviour: StandaloneBehaviour): Promise<RunResult> {
  const server = await startStandalone(behaviour);
  try {
    return await replayCases(spec, cases, ASSUMPTIONS, testConfig(server.baseUrl, { timeoutMs: 10_000, seed: 11 }));
  } finally {
    await server.close();
  }
}

const fired = (run: RunResult) => [...new Set(run.results.flatMap((r) => r.violations.map((v) => v.check)))].sort();

test('the standalone server without a fault is conformant: every sent case passes', async () => {
  const run = await replay({});
  expect(
    run.results.filter((r) => r.outcome === 'failed').map((r) => `${r.case.id}: ${r.violations[0]?.message}`),
  ).toEqual([]);
  expect(run.results.filter((r) => r.outcome === 'passed').length).toBeGreaterThan(20);
});

test.each([
  ['a create that stores no group_description', 'resource-availability', { createDropsDescription: true }],
  ['an edit that answers 200 and stores nothing', 'edit-persisted', { editStoresNothing: true }],
  ['a delete that answers 204 and keeps the record', 'use-after-free', { deleteKeepsRecord: true }],
  ['a fetch that answers another record', 'record-identity', { fetchAnswersAnotherId: true }],
  ['a 500 for a field of the wrong type', 'not-a-server-error', { wrongTypeAnswers500: true }],
  ['a field of the wrong type accepted', 'status-code-conformance', { acceptsWrongTypes: true }],
  [
    '"bearer" and "BEARER" refused (the scheme is case-insensitive)',
    'status-code-conformance',
    { schemeCaseSensitive: true },
  ],
  ['a 500 for an undeclared query parameter', 'not-a-server-error', { undeclaredQuery500: true }],
  ['creates side by side handed the same id', 'concurrent-creates', { concurrentCreatesShareId: true }],
  ['a delete that leaves the record in the list (the fetch 404s)', 'list-consistency', { deleteLeavesInList: true }],
  ['a list that misses edits (the fetch shows them)', 'list-consistency', { listMissesEdits: true }],
  ['a 500 for an undeclared body field', 'not-a-server-error', { undeclaredField500: true }],
  ['a list with bytes that are not UTF-8', 'body-is-json', { listNotUtf8: true }],
  ['a list whose id is 1e400 (Infinity to JSON.parse)', 'body-is-json', { listNonFiniteId: true }],
  ['a list whose envelope says status twice', 'body-is-json', { listDuplicateStatus: true }],
  ['a list nested 100,000 levels deep', 'body-is-json', { listOverDeep: true }],
] as Array<[string, string, StandaloneBehaviour]>)(
  'given %s, the suite reports exactly %s',
  async (_name, check, behaviour) => {
    const run = await replay(behaviour);
    expect(fired(run)).toEqual([check]);
  },
);

test.each([
  ['extra fields inside records', { extraRecordFields: true }],
  ['lists newest first', { newestFirst: true }],
  ['null optional fields left out of records', { omitsNulls: true }],
  ['creates answered 201', { created201: true }],
  ['ids near 2^53', { largeIds: true }],
  ['undeclared query parameters and body fields refused with 400', { refusesUndeclared: true }],
  ['chunked answers', { chunked: true }],
  ['Connection: close on every answer', { connectionClose: true }],
  ['a Location header on a create', { locationOnCreate: true }],
  ['\\u-escaped JSON', { unicodeEscapedJson: true }],
  ['an unsolicited 100 Continue and a 103 before every answer', { interimAnswers: true }],
  ['gzip bodies the suite did not ask for', { contentCoding: 'gzip' }],
  ['deflate bodies (zlib format)', { contentCoding: 'deflate' }],
  ['deflate bodies (raw, as some servers send them)', { contentCoding: 'deflate-raw' }],
  ['brotli bodies', { contentCoding: 'br' }],
  ['interim answers and gzip, chunked', { interimAnswers: true, contentCoding: 'gzip', chunked: true }],
] as Array<[string, StandaloneBehaviour]>)(
  'given %s (legitimate), the suite reports nothing',
  async (_name, behaviour) => {
    const run = await replay(behaviour);
    expect(
      run.results.filter((r) => r.outcome === 'failed').map((r) => `${r.case.id}: ${r.violations[0]?.message}`),
    ).toEqual([]);
    expect(run.results.flatMap((r) => r.notes)).toEqual([]);
  },
);

describe('generated requests find what one example per status cannot', () => {
  const generatedCases = () =>
    deriveCases(spec, { ...ASSUMPTIONS, examples: 25 }).filter((c) => OPERATIONS.includes(c.operationId));

  async function generatedRun(
    seed: number,
    behaviour: StandaloneBehaviour = { nonAsciiAnswers500: true },
  ): Promise<RunResult> {
    const server = await startStandalone(behaviour);
    try {
      const config = testConfig(server.baseUrl, { timeoutMs: 10_000, seed, examples: 25 });
      return await replayCases(spec, generatedCases(), { ...ASSUMPTIONS, seed, examples: 25 }, config);
    } finally {
      await server.close();
    }
  }

  test('a 500 for a name outside printable ASCII: caught, shrunk to a minimal request, explained with the seed, repeatable', async () => {
    const run = await generatedRun(11);
    expect(fired(run)).toEqual(['not-a-server-error']);
    const failed = run.results.filter((r) => r.outcome === 'failed');
    // Only generated cases fail: every example-based case uses ASCII names.
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.case.kind === 'generated')).toBe(true);
    const create = failed.find((r) => r.case.operationId === 'addCustomerGroup');
    const sent = JSON.parse(create?.exchange?.request.body ?? '{}') as { group_name: string };
    // Shrunk: the name is one or two characters, at least one of them outside printable ASCII.
    expect([...sent.group_name].length).toBeLessThanOrEqual(2);
    expect(sent.group_name).toMatch(/[^ -~\t\n\r]/);
    expect(create?.reason).toMatch(/shrunk in \d+ steps to the request below \(fast-check seed -?\d+, path [\d:]+\)/);
    expect(create?.reason).toContain('--seed 11 --operation addCustomerGroup');
    // The same seed draws the same requests: the same minimal request fails again.
    const again = await generatedRun(11);
    const second = again.results.find((r) => r.outcome === 'failed' && r.case.operationId === 'addCustomerGroup');
    expect(second?.exchange?.request.body).toBe(create?.exchange?.request.body);
  });

  test('a server that cuts long names: caught only by the read-backs of generated creates and edits', async () => {
    const run = await generatedRun(11, { cutsLongNames: true });
    const failed = run.results.filter((r) => r.outcome === 'failed');
    // The examples' names are short: only generated requests meet the cut, and only a read-back sees it.
    expect(failed.map((r) => r.case.id)).toContain('addCustomerGroup 200 generated');
    expect(failed.every((r) => r.case.kind === 'generated')).toBe(true);
    // The create's read-back, and the edit's where a drawn edit is long enough: no other check.
    expect(fired(run).every((check) => ['resource-availability', 'edit-persisted'].includes(check))).toBe(true);
    expect(fired(run)).toContain('resource-availability');
  });

  test('the conformant standalone server passes every generated request', async () => {
    const run = await generatedRun(11, {});
    const generated = run.results.filter((r) => r.case.kind === 'generated');
    expect(generated.length).toBe(3); // the create, the edit and the list of customer groups
    expect(
      generated.filter((r) => r.outcome !== 'passed').map((r) => `${r.case.id}: ${r.violations[0]?.message}`),
    ).toEqual([]);
  });
});

describe('a standalone server of customers and sales', () => {
  const SALES_OPERATIONS = spec_operations(/Sale$|Sales$|Customer$|Customers$/);
  function spec_operations(pattern: RegExp) {
    return (s: LoadedSpec) => s.operations.map((o) => o.operationId).filter((id) => pattern.test(id));
  }
  /** This server keeps no customer groups: its customers name none (the contract's group prerequisite left out). */
  const salesSpec = (): LoadedSpec => ({
    ...spec,
    operations: spec.operations.map((o) => ({
      ...o,
      prerequisites: o.prerequisites.filter((p) => SALES_OPERATIONS(spec).includes(p.operationId)),
    })),
  });
  async function salesRun(behaviour: SalesBehaviour, examples = 0): Promise<RunResult> {
    const server = await startSalesServer(behaviour);
    try {
      const assumptions = { ...ASSUMPTIONS, examples };
      const own = deriveCases(salesSpec(), assumptions).filter((c) => SALES_OPERATIONS(spec).includes(c.operationId));
      return await replayCases(
        salesSpec(),
        own,
        assumptions,
        testConfig(server.baseUrl, { timeoutMs: 10_000, seed: 11, examples }),
      );
    } finally {
      await server.close();
    }
  }
  const failures = (run: RunResult) =>
    run.results.filter((r) => r.outcome === 'failed').map((r) => `${r.case.id}: ${r.violations[0]?.message}`);

  test('without a fault it is conformant, generated requests included', async () => {
    const run = await salesRun({}, 10);
    expect(failures(run)).toEqual([]);
    expect(run.results.filter((r) => r.outcome === 'passed').length).toBeGreaterThan(50);
  });

  test.each([
    ['a sale\'s customer_id as a string ("7") refused', { refusesStringCustomerId: true }],
    ['amounts as numbers (100) refused', { refusesNumberAmounts: true }],
    ['a null discount refused', { refusesNullDiscount: true }],
  ] as Array<[string, SalesBehaviour]>)(
    'given %s, the suite reports exactly status-code-conformance, on the cases that send that form',
    async (_name, behaviour) => {
      const run = await salesRun(behaviour);
      expect(fired(run)).toEqual(['status-code-conformance']);
      const failed = run.results.filter((r) => r.outcome === 'failed').map((r) => r.case.id);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((id) => / forms(-\d+)?$/.test(id))).toBe(true);
    },
  );

  test('generated requests alone cover every documented form: each form refusal is caught by them too', async () => {
    for (const behaviour of [
      { refusesStringCustomerId: true },
      { refusesNumberAmounts: true },
      { refusesNullDiscount: true },
    ]) {
      const run = await salesRun(behaviour, 10);
      const generated = run.results.filter((r) => r.case.kind === 'generated' && r.outcome === 'failed');
      expect(generated.map((r) => r.case.operationId).sort()).toEqual(['addSale', 'editSale']);
    }
  });

  test('refusing a duplicate invoice_code or invoice_number (legitimate) raises nothing: every value the suite sends is new', async () => {
    const run = await salesRun({ refusesDuplicateUnique: true }, 10);
    expect(failures(run)).toEqual([]);
    expect(run.results.flatMap((r) => r.notes)).toEqual([]);
  });
});
