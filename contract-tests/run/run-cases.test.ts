// Running cases: an exception is that case's failure and nothing else's, the clean-up runs whatever happened,
// and a slow endpoint fails only its own cases (a request's clock starts when it gets a connection).
import type { RunningMock } from '../../mocks/server';
import { AUTH, startTestMock } from '../../mocks/test-support';
import { type LoadedSpec, loadSpec } from '../../openapi/spec';
import type { Case } from '../cases/case';
import { deriveCases } from '../cases/derive-cases';
import { type Deviation, startDeviantServer } from '../fixtures/deviant-server';
import { senderFor } from '../pipeline';
import type { Sender } from '../send/sender';
import { replayCases, testConfig } from '../test-support';
import { runCases } from './run-cases';

const ASSUMPTIONS = { honoursPrefer: true, hasLapsedKey: false, writesAllowed: true, seed: 7 };

let mock: RunningMock;
let spec: LoadedSpec;
beforeAll(async () => {
  spec = await loadSpec();
  mock = await startTestMock({ stateful: true });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const casesOf = (...resources: string[]): Case[] =>
  deriveCases(spec, ASSUMPTIONS).filter((c) => resources.some((r) => c.path === r || c.path.startsWith(`${r}/`)));

const list = async (path: string) => {
  const answer = await fetch(`${mock.baseUrl}${path}`, { headers: AUTH });
  return ((await answer.json()) as { data: unknown }).data;
};

test('a case that throws midway fails with tool-error; the others pass and the clean-up deletes what was made', async () => {
  const cases = casesOf('/customer-groups');
  const before = await list('/customer-groups');
  const config = testConfig(mock.baseUrl, { timeoutMs: 10_000 });
  const real = senderFor(config);
  let thrown = false;
  // The first DELETE of a record the run created throws inside the suite: the record stays until clean-up.
  const sender: Sender = {
    send: (request, signal) => {
      const ownRecord = request.headers.authorization === `Bearer ${config.apiKey}` && !request.headers.prefer;
      if (!thrown && ownRecord && request.method === 'DELETE' && /\/customer-groups\/\d{1,6}$/.test(request.url)) {
        thrown = true;
        return Promise.reject(new TypeError('a bug while sending'));
      }
      return real.send(request, signal);
    },
    close: () => real.close(),
  };
  try {
    const run = await runCases(cases, { target: mock.baseUrl, credentials: { apiKey: config.apiKey }, sender, spec });
    const failed = run.results.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => [r.case.id, r.violations.map((v) => v.check)])).toEqual([
      ['deleteCustomerGroup 204 success', ['tool-error']],
    ]);
    expect(failed[0]?.violations[0]?.message).toContain('a bug while sending');
    expect(run.results.filter((r) => r.outcome === 'passed')).toHaveLength(cases.length - 1);
    // The clean-up deletes the record the failed delete left, every record the creates side by side made, and the
    // records of the creates in the other documented forms (no delete case of their own).
    const sideBySide = cases.find((c) => c.concurrent)?.concurrent?.count ?? 0;
    const formCreates = cases.filter((c) => c.forms && c.creates && c.method === 'POST').length;
    expect(run.cleanup.deleted).toHaveLength(1 + sideBySide + formCreates);
    expect(run.cleanup.deleted.every((d) => /^deleteCustomerGroup \d+$/.test(d))).toBe(true);
    expect(await list('/customer-groups')).toEqual(before);
  } finally {
    await sender.close();
  }
});

test('one resource answering after 10 s fails only its own cases; every case on the other resources passes', async () => {
  const slowCustomers: Deviation = {
    name: '/customers answers after 10 s',
    expected: [],
    outgoing: async (a, req) => {
      if (req.path === '/customers' || req.path.startsWith('/customers?'))
        await new Promise((r) => setTimeout(r, 10_000));
      return a;
    },
  };
  const fixture = await startDeviantServer(mock.baseUrl, slowCustomers);
  try {
    const cases = [
      // The list's own cases (its probes of the run's customer need the customer create, left out here).
      ...deriveCases(spec, ASSUMPTIONS).filter((c) => c.operationId === 'listCustomers' && !c.listProbe),
      ...casesOf('/customer-groups', '/expenses'),
    ];
    const config = testConfig(fixture.baseUrl, { timeoutMs: 3000, concurrency: 4 });
    const run = await replayCases(spec, cases, ASSUMPTIONS, config);
    const slow = run.results.filter((r) => r.case.operationId === 'listCustomers');
    const others = run.results.filter((r) => r.case.operationId !== 'listCustomers');
    expect(slow.every((r) => r.outcome === 'failed' && r.violations[0]?.check === 'response-received')).toBe(true);
    expect(others.filter((r) => r.outcome !== 'passed').map((r) => r.case.id)).toEqual([]);
  } finally {
    await fixture.close();
  }
});
