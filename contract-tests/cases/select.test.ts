// Filters pick tests by exact operation or by Jest-style name; what the picked cases take values from runs as
// set-up; ordering-only dependencies are not pulled in.
import { type LoadedSpec, loadSpec } from '../../openapi/spec';
import type { Case } from './case';
import { deriveCases } from './derive-cases';
import { fullTestName, selectCases } from './select';

let spec: LoadedSpec;
let cases: Case[];
let ids: string[];
beforeAll(async () => {
  spec = await loadSpec();
  cases = deriveCases(spec, { honoursPrefer: true, hasLapsedKey: false, writesAllowed: true, seed: 1 });
  ids = spec.operations.map((o) => o.operationId);
});

const picked = (filters: { operations?: string[]; testNamePattern?: string }) => {
  const selection = selectCases(cases, { operations: [], ...filters }, ids);
  if ('error' in selection) throw new Error(selection.error);
  return selection.cases;
};

test('no filter: every case is a test', () => {
  expect(picked({})).toEqual(cases);
});

test('--operation is exact: addCustomer does not pick addCustomerGroup (whose create it needs only as set-up)', () => {
  const chosen = picked({ operations: ['addCustomer'] });
  const tests = chosen.filter((c) => c.role !== 'setup');
  expect(new Set(tests.map((c) => c.operationId))).toEqual(new Set(['addCustomer']));
  // A customer names an existing group (x-xtrakit-prerequisites): the group's create comes in as set-up only.
  expect(chosen.filter((c) => c.role === 'setup').map((c) => c.id)).toEqual(['addCustomerGroup 200 success']);
});

test('a fetch brings in the create it reads as set-up; a delete does not bring in the fetch it waits for', () => {
  const fetch = picked({ operations: ['fetchCustomer'] });
  const setUp = ['addCustomer 200 success', 'addCustomerGroup 200 success'];
  expect(fetch.filter((c) => c.role === 'setup').map((c) => c.id)).toEqual(setUp);
  const remove = picked({ operations: ['deleteCustomer'] });
  expect(remove.filter((c) => c.role === 'setup').map((c) => c.id)).toEqual(setUp);
});

test('a sale brings in the customer it names, transitively', () => {
  const sale = picked({ testNamePattern: 'fetchSale\\) 200' });
  // The 200 cell: the success case and its read variants (scheme spellings, an undeclared query parameter).
  const tests = sale.filter((c) => c.role !== 'setup').map((c) => c.id);
  expect(tests).toContain('fetchSale 200 success');
  expect(tests.every((id) => id.startsWith('fetchSale 200 '))).toBe(true);
  expect(
    sale
      .filter((c) => c.role === 'setup')
      .map((c) => c.id)
      .sort(),
  ).toEqual(['addCustomer 200 success', 'addCustomerGroup 200 success', 'addSale 200 success']);
});

test('-t matches case-insensitively against the full Jest name, like Jest', () => {
  const tests = picked({ testNamePattern: 'ADDCUSTOMER\\b' }).filter((c) => c.role !== 'setup');
  expect(tests.length).toBeGreaterThan(0);
  expect(tests.every((c) => /addCustomer\b/i.test(fullTestName(c)))).toBe(true);
  expect(tests.some((c) => c.operationId === 'addCustomerGroup')).toBe(false);
});

test('both filters together: the intersection', () => {
  const tests = picked({ operations: ['listCustomers', 'listSales'], testNamePattern: ' 401 ' });
  expect(new Set(tests.map((c) => `${c.operationId} ${c.expectedStatus}`))).toEqual(
    new Set(['listCustomers 401', 'listSales 401']),
  );
});

test.each([
  [
    { operations: ['addCustomers'] },
    expect.stringMatching(
      /^--operation names no operation of the contract: addCustomers \(nearest: addCustomer, editCustomer, listCustomers\); the contract has \d+ operations$/,
    ),
  ],
  [{ testNamePattern: 'nothing like this' }, 'no case matches -t "nothing like this"'],
  [
    { operations: ['listCustomers'], testNamePattern: 'addSale' },
    'no case matches --operation listCustomers with -t "addSale"',
  ],
])('%p selects nothing: %p', (filters, error) => {
  expect(selectCases(cases, { operations: [], ...filters }, ids)).toEqual({ error });
});
