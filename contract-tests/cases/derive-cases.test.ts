// Case derivation is pure: spec + what is known of the target → cases, with no network.

import { uniqueFields } from '../../openapi/extensions';
import { propertySchema, type Schema } from '../../openapi/schema-walk';
import { jsonMedia, type LoadedSpec, loadSpec } from '../../openapi/spec';
import type { Case, DeriveOptions } from './case';
import { deriveCases } from './derive-cases';
import { formOf, formsOf } from './forms';

let spec: LoadedSpec;
beforeAll(async () => {
  spec = await loadSpec();
});

const mock: DeriveOptions = { honoursPrefer: true, hasLapsedKey: false, writesAllowed: true, seed: 7 };
const realServer: DeriveOptions = { honoursPrefer: false, hasLapsedKey: false, writesAllowed: true, seed: 7 };
const find = (cases: Case[], id: string) => {
  const found = cases.find((c) => c.id === id);
  if (!found) throw new Error(`no case ${id}`);
  return found;
};

test('the same spec and options give the same cases', () => {
  expect(deriveCases(spec, mock)).toEqual(deriveCases(spec, mock));
});

test('one case per documented status of every operation, and four auth probes per operation', () => {
  const cases = deriveCases(spec, mock);
  for (const op of spec.operations) {
    const own = cases.filter((c) => c.operationId === op.operationId);
    expect([...new Set(own.map((c) => String(c.expectedStatus)))].sort()).toEqual(Object.keys(op.responses).sort());
    expect(
      own
        .filter((c) => c.kind === 'auth-probe')
        .map((c) => c.auth)
        .sort(),
    ).toEqual(['empty-token', 'none', 'other-scheme', 'unknown-key']);
  }
});

test('a fetch uses the id its create returns, as the spec links say, and waits for it', () => {
  const fetch = find(deriveCases(spec, mock), 'fetchCustomer 200 success');
  expect(fetch.pathParams.id).toEqual({
    linked: { fromCase: 'addCustomer 200 success', pointer: '/data/customer/id' },
  });
  expect(fetch.dependsOn).toEqual(['addCustomer 200 success']);
});

test('the delete of a created record waits for every other case that uses it', () => {
  const cases = deriveCases(spec, mock);
  const remove = find(cases, 'deleteCustomer 204 success');
  expect(remove.dependsOn).toEqual(
    expect.arrayContaining([
      'addCustomer 200 success',
      'fetchCustomer 200 success',
      'editCustomer 200 success',
      'editCustomer 400 body.customer_name missing',
    ]),
  );
});

test('a sale names the customer the run created, and that customer is deleted after the sale', () => {
  const cases = deriveCases(spec, mock);
  const sale = find(cases, 'addSale 200 success');
  expect(sale.bodyLinks).toEqual({
    customer_id: { fromCase: 'addCustomer 200 success', pointer: '/data/customer/id' },
  });
  expect(sale.dependsOn).toContain('addCustomer 200 success');
  expect(find(cases, 'deleteCustomer 204 success').dependsOn).toEqual(
    expect.arrayContaining(['addSale 200 success', 'deleteSale 204 success']),
  );
});

test('an item names the first category the target lists', () => {
  const item = find(deriveCases(spec, mock), 'addItem 200 success');
  expect(item.bodyLinks).toEqual({
    category_id: { fromCase: 'listItemCategories 200 success', pointer: '/data/item-categories/0/id' },
  });
});

test('negative requests: one per documented constraint, each breaking exactly that one', () => {
  const cases = deriveCases(spec, mock);
  const missing = find(cases, 'addCustomerGroup 400 body.group_name missing');
  expect(missing.body).not.toHaveProperty('group_name');
  expect(missing.title).toBe('group_name: left out, though required');
  const wrongType = find(cases, 'addItem 400 body.category_id wrong-type');
  expect(wrongType.title).toBe('category_id: a string instead of an integer');
  expect((wrongType.body as Record<string, unknown>).category_id).toBe('not-a-number');
  // The broken field keeps its broken value: the link to a listed category does not put a valid one back.
  expect(wrongType.bodyLinks).toBeUndefined();
  expect(find(cases, 'addItem 400 body.status enum').body).toMatchObject({ status: 'not-in-the-enum' });
  expect(find(cases, 'addItem 400 body.unit_cost pattern').body).toMatchObject({ unit_cost: 'does not match' });
  expect(find(cases, 'listSales 400 query.payment_date format').query).toEqual({ payment_date: 'not-a-date' });
  expect(find(cases, 'listCustomers 400 query.customer_group_id wrong-type').query).toEqual({
    customer_group_id: 'not-a-number',
  });
  expect(find(cases, 'fetchExpense 400 path.id wrong-type').pathParams.id).toEqual({ value: 'not-a-number' });
  // Everything else in a negative request is the valid example: exactly one rule is broken.
  const example = find(cases, 'addItem 200 success').body as Record<string, unknown>;
  const { category_id: _broken, ...rest } = wrongType.body as Record<string, unknown>;
  const { category_id: _valid, ...same } = example;
  expect(rest).toEqual(same);
});

test('an id that cannot exist for 404, typed as the parameter is', () => {
  const cases = deriveCases(spec, mock);
  expect(find(cases, 'fetchExpense 404 missing').pathParams.id).toEqual({ value: '2000000007' });
  expect(find(cases, 'fetchCustomer 404 missing').pathParams.id).toEqual({ value: 'xtrakit-contract-missing-7' });
});

test('values the contract calls unique (x-xtrakit-unique) are new in every body the plan sends, but a broken one', () => {
  const cases = deriveCases(spec, { ...mock, examples: 0 });
  const byId = new Map(spec.operations.map((op) => [op.operationId, op]));
  const seen = new Map<string, string>();
  let checked = 0;
  for (const c of cases) {
    const op = byId.get(c.operationId);
    if (!op || !c.body || typeof c.body !== 'object') continue;
    const body = c.body as Record<string, unknown>;
    const paths = new Set(op.parameters.filter((p) => p.in === 'path').map((p) => p.name));
    for (const { field } of uniqueFields(op)) {
      if (!(field in body) || paths.has(field) || c.brokenField === field) continue;
      // An edit's read-backs reuse its own body: the same values for the same record.
      const value = `${field}=${String(body[field])}`;
      const other = seen.get(value);
      const sameRecord =
        other !== undefined &&
        c.id.endsWith('undeclared-field') &&
        other === c.id.replace(/undeclared-field$/, 'success');
      expect(other === undefined || sameRecord ? undefined : `${c.id} repeats ${value} of ${other}`).toBeUndefined();
      if (!other) seen.set(value, c.id);
      checked += 1;
    }
  }
  // Derived from the spec: every case with a body of an operation with unique fields was looked at.
  expect(checked).toBeGreaterThan(spec.operations.filter((op) => uniqueFields(op).length > 0).length);
  // Shaped like the example: "INV-000002" gives "INV-" and six digits.
  expect(String((find(cases, 'addSale 200 success').body as Record<string, unknown>).invoice_number)).toMatch(
    /^INV-\d{6}$/,
  );
  expect(String((find(cases, 'addSale 200 success').body as Record<string, unknown>).invoice_number)).not.toBe(
    'INV-000002',
  );
});

test('every documented form of a body field (type list, oneOf, null) is sent by a success case', () => {
  const cases = deriveCases(spec, mock);
  let multiForm = 0;
  for (const op of spec.operations) {
    const success = cases.find((c) => c.operationId === op.operationId && c.id.endsWith(' success'));
    if (!success?.body || typeof success.body !== 'object' || !['post', 'put'].includes(op.method)) continue;
    const family = cases.filter((c) => c === success || (c.operationId === op.operationId && c.forms));
    const schema = jsonMedia(op.operation.requestBody as never)?.schema as Schema;
    for (const field of Object.keys(success.body)) {
      const documented = formsOf(propertySchema(schema, field) as Schema);
      if (documented.length < 2) continue;
      multiForm += 1;
      const sent = new Set(
        family.map((c) => {
          const form = formOf((c.body as Record<string, unknown>)[field]);
          return form === 'integer' && !documented.includes('integer') ? 'number' : form;
        }),
      );
      expect(`${op.operationId}.${field}: ${[...sent].sort().join(', ')}`).toBe(
        `${op.operationId}.${field}: ${[...documented].sort().join(', ')}`,
      );
    }
  }
  // Derived from the spec: a sale's customer_id, its amounts and discount, an item's and an expense's amounts.
  expect(multiForm).toBeGreaterThan(5);
});

test('each run creates sales with its own invoice code', () => {
  const code = (seed: number) =>
    (find(deriveCases(spec, { ...mock, seed }), 'addSale 200 success').body as { invoice_code: string }).invoice_code;
  expect(code(1)).not.toBe(code(2));
  expect(code(1)).toMatch(/^\d{6}$/);
});

describe('against a target that does not honour Prefer: code', () => {
  test('402 and 500 are not provoked, with the reason, never forced', () => {
    const cases = deriveCases(spec, realServer);
    const c402 = find(cases, 'listCustomers 402 unprovoked');
    const c500 = find(cases, 'listCustomers 500 unprovoked');
    expect(c402.disposition).toEqual({ kind: 'not-provoked', reason: expect.stringContaining('--lapsed-key') });
    expect(c500.disposition).toEqual({
      kind: 'not-provoked',
      reason: expect.stringContaining('cannot be made to fail'),
    });
    expect(cases.some((c) => c.headers.prefer)).toBe(false);
  });

  test('--lapsed-key turns every 402 into a probe with that key', () => {
    const cases = deriveCases(spec, { ...realServer, hasLapsedKey: true });
    const lapsed = cases.filter((c) => c.expectedStatus === 402);
    expect(lapsed.every((c) => c.kind === 'lapsed' && c.auth === 'lapsed' && c.disposition.kind === 'run')).toBe(true);
  });

  test('a 400 that no request can provoke is not provoked', () => {
    expect(find(deriveCases(spec, realServer), 'fetchCustomer 400 unprovoked').disposition.kind).toBe('not-provoked');
  });
});

test('without writes allowed, no POST, PUT or DELETE is sent, and what needs a created record is not provoked', () => {
  const cases = deriveCases(spec, { ...realServer, writesAllowed: false });
  const sent = cases.filter((c) => c.disposition.kind === 'run');
  expect(sent.every((c) => c.method === 'GET')).toBe(true);
  expect(find(cases, 'fetchCustomer 200 success').disposition).toEqual({
    kind: 'not-provoked',
    reason: expect.stringContaining('addCustomer 200 success'),
  });
  expect(find(cases, 'listCustomers 200 success').disposition.kind).toBe('run');
});

test('with a lapsed key, the 402 cases of reads, edits and deletes address the run’s own record, before its delete', () => {
  const cases = deriveCases(spec, { ...realServer, hasLapsedKey: true });
  const lapsed = cases.filter((c) => c.kind === 'lapsed' && Object.keys(c.pathParams).length > 0);
  expect(lapsed.length).toBeGreaterThan(0);
  for (const c of lapsed) {
    const linked = Object.values(c.pathParams).filter((p) => 'linked' in p);
    expect({ id: c.id, linked: linked.length > 0 }).toEqual({ id: c.id, linked: true });
  }
  const lapsedDelete = find(cases, 'deleteCustomerGroup 402 lapsed');
  const realDelete = find(cases, 'deleteCustomerGroup 204 success');
  expect(realDelete.dependsOn).toContain(lapsedDelete.id);
  expect(lapsedDelete.dependsOn).not.toContain(realDelete.id);
});
