// Testing the tester against servers that stand alone: each stateful fault is caught by exactly its check, and
// legitimate server behaviour raises nothing.
import { type LoadedSpec, loadSpec } from '../openapi/spec';
import type { Case } from './cases/case';
import { deriveCases } from './cases/derive-cases';
import { type StandaloneBehaviour, startStandalone } from './fixtures/standalone-server';
import type { RunResult } from './run/run-cases';
import { replayCases, testConfig } from './test-support';

// A real server: Prefer is not honoured, so the forced statuses are not provoked; writes are allowed (loopback).
const ASSUMPTIONS = { honoursPrefer: false, hasLapsedKey: false, writesAllowed: true, seed: 11 };
const OPERATIONS = [
  'listCustomerGroups',
  'fetchCustomerGroup',
  'addCustomerGroup',
  'editCustomerGroup',
  'deleteCustomerGroup',
];

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
  ['a create that stores no group_description', { createDropsDescription: true }, 'resource-availability'],
  ['an edit that answers 200 and stores nothing', { editStoresNothing: true }, 'edit-persisted'],
  ['a delete that answers 204 and keeps the record', { deleteKeepsRecord: true }, 'use-after-free'],
  ['a fetch that answers another record', { fetchAnswersAnotherId: true }, 'record-identity'],
  ['a 500 for a field of the wrong type', { wrongTypeAnswers500: true }, 'not-a-server-error'],
] as Array<[string, StandaloneBehaviour, string]>)(
  'given %s, the suite reports exactly %p',
  async (_name, behaviour, check) => {
    const run = await replay(behaviour);
    expect(fired(run)).toEqual([check]);
  },
);

test.each([
  ['extra fields inside records', { extraRecordFields: true }],
  ['chunked answers', { chunked: true }],
  ['Connection: close on every answer', { connectionClose: true }],
  ['a Location header on a create', { locationOnCreate: true }],
  ['\\u-escaped JSON', { unicodeEscapedJson: true }],
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
