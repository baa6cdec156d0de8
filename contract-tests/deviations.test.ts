// Testing the tester: a catalog of fixture servers, each breaking one rule, each caught by exactly the
// expected check; legitimate variations produce no violation.

import type { RunningMock } from '../mocks/server';
import { startTestMock } from '../mocks/test-support';
import { type LoadedSpec, loadSpec } from '../openapi/spec';
import type { Case } from './cases/case';
import { deriveCases } from './cases/derive-cases';
import { DEFAULTS, DOCS_SAMPLE_KEY } from './config';
import { type Deviation, startDeviantServer } from './fixtures/deviant-server';
import { DEVIATIONS, LEGITIMATE_VARIATIONS } from './fixtures/deviations';
import { replayCases, testConfig } from './test-support';

// The customer groups and the expenses: lists, fetches, creates, edits, deletes, string and integer ids.
const OPERATIONS = [
  'listCustomerGroups',
  'fetchCustomerGroup',
  'addCustomerGroup',
  'editCustomerGroup',
  'deleteCustomerGroup',
  'addExpense',
  'fetchExpense',
  'editExpense',
  'deleteExpense',
];

const ASSUMPTIONS = { honoursPrefer: true, hasLapsedKey: false, writesAllowed: true, seed: 99 };

let mock: RunningMock;
let spec: LoadedSpec;
let cases: Case[];

beforeAll(async () => {
  spec = await loadSpec();
  mock = await startTestMock({ stateful: true });
  cases = deriveCases(spec, ASSUMPTIONS).filter((c) => OPERATIONS.includes(c.operationId));
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

async function replay(deviation: Deviation) {
  const fixture = await startDeviantServer(mock.baseUrl, deviation);
  try {
    const config = testConfig(fixture.baseUrl, {
      timeoutMs: deviation.timeoutMs ?? DEFAULTS.timeoutMs,
      spec: spec.file,
      seed: 99,
    });
    return await replayCases(spec, cases, ASSUMPTIONS, config);
  } finally {
    await fixture.close();
  }
}

test.each(DEVIATIONS.map((d) => [d.name, d] as const))(
  'given a target with %s, the suite reports exactly the expected check',
  async (_name, deviation) => {
    const run = await replay(deviation);
    const fired = [...new Set(run.results.flatMap((r) => r.violations.map((v) => v.check)))].sort();
    expect(fired).toEqual([...deviation.expected].sort());
    expect(run.results.some((r) => r.outcome === 'failed')).toBe(true);
  },
);

test.each(LEGITIMATE_VARIATIONS.map((d) => [d.name, d] as const))(
  'given a target with %s, the suite reports nothing',
  async (_name, deviation) => {
    const run = await replay(deviation);
    const failed = run.results
      .filter((r) => r.outcome !== 'passed')
      .map((r) => `${r.case.id}: ${r.violations.map((v) => v.check).join(', ')}`);
    expect(failed).toEqual([]);
    expect(run.results.flatMap((r) => r.notes)).toEqual([]);
  },
);

test('a create a deviant target accepts without a key is cleaned up afterwards', async () => {
  const before = await fetch(`${mock.baseUrl}/customer-groups`, {
    headers: { authorization: `Bearer ${DOCS_SAMPLE_KEY}` },
  }).then((r) => r.json());
  const run = await replay(DEVIATIONS.find((d) => d.name === 'auth not enforced') as Deviation);
  expect(run.cleanup.deleted.length).toBeGreaterThan(0);
  expect(run.cleanup.failed).toEqual([]);
  const after = await fetch(`${mock.baseUrl}/customer-groups`, {
    headers: { authorization: `Bearer ${DOCS_SAMPLE_KEY}` },
  }).then((r) => r.json());
  expect(after).toEqual(before);
});
