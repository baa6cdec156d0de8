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

async function replay(deviation: Deviation, selected: Case[] = cases) {
  const fixture = await startDeviantServer(mock.baseUrl, deviation);
  try {
    const config = testConfig(fixture.baseUrl, {
      timeoutMs: deviation.timeoutMs ?? DEFAULTS.timeoutMs,
      spec: spec.file,
      seed: 99,
    });
    return await replayCases(spec, selected, ASSUMPTIONS, config);
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

describe('list filters, on customers filtered by the run’s own group', () => {
  const CUSTOMER_OPERATIONS = [
    'listCustomers',
    'addCustomer',
    'fetchCustomer',
    'editCustomer',
    'deleteCustomer',
    'addCustomerGroup',
    'fetchCustomerGroup',
    'deleteCustomerGroup',
  ];
  const customerCases = () => deriveCases(spec, ASSUMPTIONS).filter((c) => CUSTOMER_OPERATIONS.includes(c.operationId));
  const replayCustomers = (deviation: Deviation) => replay(deviation, customerCases());
  const firedBy = (run: Awaited<ReturnType<typeof replayCustomers>>) =>
    [...new Set(run.results.flatMap((r) => r.violations.map((v) => v.check)))].sort();
  // A valid filter value (a server that ignores the filter still checks its type).
  const filtered = (req: { method: string; path: string }) =>
    req.method === 'GET' && /\/customers\?(.*&)?customer_group_id=\d+(&|$)/.test(req.path);

  test('the filter cases are derived from the spec: one per x-xtrakit-filter the create sets', () => {
    expect(
      customerCases()
        .filter((c) => c.listProbe?.check === 'filter-conformance')
        .map((c) => c.id),
    ).toEqual(['listCustomers 200 filter customer_group_id']);
  });

  test('without a deviation, nothing is reported', async () => {
    const run = await replayCustomers({ name: 'none', expected: [] });
    expect(run.results.filter((r) => r.outcome === 'failed').map((r) => r.case.id)).toEqual([]);
  });

  test('a filter accepted and ignored (every customer listed): exactly filter-conformance', async () => {
    // A customer of no group exists, so an ignored filter shows a record that does not match.
    const pre = await fetch(`${mock.baseUrl}/customers/add`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DOCS_SAMPLE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        customer_name: 'Other Group',
        customer_phone: '0200000000',
        customer_country: 'Ghana',
        customer_city: 'Accra',
        customer_state: 'Greater Accra',
        address1: 'Accra',
        customer_group_id: null,
      }),
    });
    expect(pre.status).toBe(200);
    const run = await replayCustomers({
      name: 'filter ignored',
      expected: ['filter-conformance'],
      incoming: (req) =>
        filtered(req) ? { ...req, path: req.path.replace(/customer_group_id=[^&]*&?/, '').replace(/\?$/, '') } : req,
    });
    expect(firedBy(run)).toEqual(['filter-conformance']);
    expect(run.results.filter((r) => r.outcome === 'failed').map((r) => r.case.id)).toEqual([
      'listCustomers 200 filter customer_group_id',
    ]);
  });

  test('a filter that selects exactly one record (a sale by its invoice code) answered as an object: schema-conformance on that answer', async () => {
    const SALE_OPERATIONS = [
      'listSales',
      'addSale',
      'fetchSale',
      'editSale',
      'deleteSale',
      'addCustomer',
      'deleteCustomer',
      'addCustomerGroup',
      'deleteCustomerGroup',
    ];
    const saleCases = deriveCases(spec, ASSUMPTIONS).filter((c) => SALE_OPERATIONS.includes(c.operationId));
    const byCode = (req: { method: string; path: string }) =>
      req.method === 'GET' && /\/sales\?(.*&)?invoice_code=\d+(&|$)/.test(req.path);
    const run = await replay(
      {
        name: 'one match as an object',
        expected: ['schema-conformance'],
        outgoing: (a, req) => {
          if (!byCode(req) || a.status !== 200) return a;
          const body = JSON.parse(a.body) as { data: { sales: unknown[] } };
          if (body.data.sales.length !== 1) return a;
          return { ...a, body: JSON.stringify({ ...body, data: { sales: body.data.sales[0] } }) };
        },
      },
      saleCases,
    );
    expect(firedBy(run)).toEqual(['schema-conformance']);
    expect(run.results.filter((r) => r.outcome === 'failed').map((r) => r.case.id)).toContain(
      'listSales 200 filter invoice_code',
    );
  });
});
