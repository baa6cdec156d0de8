// --stateful: records created through the API stick, edits and deletes change them, and validation still applies.
import { createValidator } from '../openapi/ajv';
import { rangeBounds } from '../openapi/extensions';
import { jsonMedia, type LoadedSpec, loadSpec } from '../openapi/spec';
import type { RunningMock } from './server';
import { AUTH, call, exampleBody, startTestMock } from './test-support';

let mock: RunningMock;
let spec: LoadedSpec;
const ajv = createValidator();

beforeAll(async () => {
  spec = await loadSpec();
  mock = await startTestMock({ stateful: true });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const op = (id: string) => {
  const found = spec.operations.find((o) => o.operationId === id);
  if (!found) throw new Error(id);
  return found;
};
const data = (json: unknown) => (json as { data: Record<string, Record<string, unknown>> }).data;

// Each resource: its create, the wrapper key, the field its paths use, the list (if any) and a field to edit.
const RESOURCES = [
  {
    create: 'addCustomer',
    base: '/customers',
    wrapper: 'customer',
    key: 'id',
    list: ['/customers', 'customers'],
    edit: ['customer_city', 'Kumasi'],
  },
  {
    create: 'addCustomerGroup',
    base: '/customer-groups',
    wrapper: 'group',
    key: 'id',
    list: ['/customer-groups', 'groups'],
    edit: ['group_name', 'Gold'],
  },
  {
    create: 'addItem',
    base: '/inventory/items',
    wrapper: 'item',
    key: 'item_code',
    list: ['/inventory/items', 'items'],
    edit: ['item_name', 'Dell Laptop'],
  },
  {
    create: 'addExpense',
    base: '/expenses',
    wrapper: 'expense',
    key: 'id',
    list: undefined,
    edit: ['expense_type', 'Fuel'],
  },
  {
    create: 'addSale',
    base: '/sales',
    wrapper: 'sales',
    key: 'invoice_code',
    list: ['/sales', 'sales'],
    edit: ['invoice_number', 'INV-000777'],
  },
] as const;

test.each(RESOURCES)('$create: create → fetch → list → edit → delete → 404', async (r) => {
  const body = { ...(exampleBody(op(r.create)) as Record<string, unknown>) };
  if (r.create === 'addSale') body.invoice_code = '900001';
  const created = await call(mock, 'POST', `${r.base}/add`, { headers: AUTH, body });
  // 200 by default, as the docs' samples answer; the envelope's status matches.
  expect(created.status).toBe(200);
  expect((created.json as { status: number }).status).toBe(200);
  const record = data(created.json)[r.wrapper] as Record<string, unknown>;
  expect(ajv.validate(jsonMedia(op(r.create).responses['200'])?.schema ?? {}, created.json)).toBe(true);
  const key = encodeURIComponent(String(record[r.key]).trim());
  expect(record.id).toEqual(expect.any(Number));

  const fetched = await call(mock, 'GET', `${r.base}/${key}`, { headers: AUTH });
  expect(fetched.status).toBe(200);
  expect(data(fetched.json)[r.wrapper]).toEqual(record);

  if (r.list) {
    const listed = await call(mock, 'GET', r.list[0], { headers: AUTH });
    const rows = data(listed.json)[r.list[1]] as unknown as Array<Record<string, unknown>>;
    expect(rows).toContainEqual(record);
    expect((listed.json as { message: string }).message).not.toMatch(/found: 1$/);
  }

  const editPath = r.create === 'addSale' ? `/sales/edit/${key}` : `${r.base}/${key}`;
  const editBody = exampleBody(
    spec.operations.find((o) => o.method === 'put' && o.store?.collection === op(r.create).store?.collection) ??
      op(r.create),
  ) as Record<string, unknown>;
  const edited = await call(mock, 'PUT', editPath, { headers: AUTH, body: { ...editBody, [r.edit[0]]: r.edit[1] } });
  expect(edited.status).toBe(200);
  expect(data(edited.json)[r.wrapper]?.[r.edit[0]]).toBe(r.edit[1]);
  expect(data(edited.json)[r.wrapper]?.id).toBe(record.id);
  const refetched = await call(mock, 'GET', `${r.base}/${key}`, { headers: AUTH });
  expect(data(refetched.json)[r.wrapper]?.[r.edit[0]]).toBe(r.edit[1]);

  const deleted = await call(mock, 'DELETE', `${r.base}/${key}`, { headers: AUTH });
  expect(deleted.status).toBe(204);
  expect(deleted.text).toBe('');
  const gone = await call(mock, 'GET', `${r.base}/${key}`, { headers: AUTH });
  expect(gone.status).toBe(404);
  expect((await call(mock, 'DELETE', `${r.base}/${key}`, { headers: AUTH })).status).toBe(404);
});

test('the store starts from the spec examples', async () => {
  const answer = await call(mock, 'GET', '/customers/1', { headers: AUTH });
  expect(data(answer.json).customer?.customer_name).toBe('Jane Doe');
  const item = await call(mock, 'GET', '/inventory/items/Jce84a50', { headers: AUTH });
  expect(item.status).toBe(200);
  const categories = await call(mock, 'GET', '/inventory/categories', { headers: AUTH });
  // As many as the list's example shows (the docs' four, and the category the docs' items name).
  const media = jsonMedia(op('listItemCategories').responses['200']);
  const shown = (Object.values(media?.examples ?? {})[0] as { value: { data: Record<string, unknown[]> } }).value;
  expect((data(categories.json)['item-categories'] as unknown as unknown[]).length).toBe(
    shown.data['item-categories']?.length,
  );
});

test('new ids are distinct and follow the examples', async () => {
  const body = exampleBody(op('addCustomerGroup'));
  const a = await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body });
  const b = await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body });
  // The examples hold groups 1 (listed) and 2 (the create example): new ids continue from there.
  expect(data(a.json).group?.id).toBe(3);
  expect(data(b.json).group?.id).toBe(4);
});

test('validation still applies: an invalid create answers 400 and stores nothing', async () => {
  const before = await call(mock, 'GET', '/customer-groups', { headers: AUTH });
  const invalid = await call(mock, 'POST', '/customer-groups/add', {
    headers: AUTH,
    body: { group_description: 'no name' },
  });
  expect(invalid.status).toBe(400);
  const after = await call(mock, 'GET', '/customer-groups', { headers: AUTH });
  expect(after.json).toEqual(before.json);
});

test('list filters by equality on documented fields; a record without the value never matches', async () => {
  const group = await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: { group_name: 'Filtered' } });
  const groupId = (data(group.json).group as { id: number }).id;
  await call(mock, 'POST', '/customers/add', {
    headers: AUTH,
    body: { ...(exampleBody(op('addCustomer')) as object), customer_group_id: groupId },
  });
  await call(mock, 'POST', '/customers/add', {
    headers: AUTH,
    body: { ...(exampleBody(op('addCustomer')) as object), customer_group_id: null },
  });
  const filtered = await call(mock, 'GET', `/customers?customer_group_id=${groupId}`, { headers: AUTH });
  const rows = data(filtered.json).customers as unknown as Array<{ customer_group_id: number }>;
  expect(rows.map((r) => r.customer_group_id)).toEqual([groupId]);
  expect((filtered.json as { message: string }).message).toBe('Customers found: 1');
  // A sale created without a payment_status is in no payment state.
  const sale = { ...(exampleBody(op('addSale')) as object), invoice_code: '900077', invoice_number: 'INV-900077' };
  expect((await call(mock, 'POST', '/sales/add', { headers: AUTH, body: sale })).status).toBe(200);
  for (const state of ['paid', 'partial', 'draft']) {
    const listed = await call(mock, 'GET', `/sales?payment_status=${state}`, { headers: AUTH });
    const codes = (data(listed.json).sales as unknown as Array<{ invoice_code: unknown }>).map((r) =>
      String(r.invoice_code),
    );
    expect(`${state}: ${codes.includes('900077')}`).toBe(`${state}: false`);
  }
});

test("a customer's customer_group_id names an existing group, as a sale's customer_id names a customer", async () => {
  const refused = await call(mock, 'POST', '/customers/add', {
    headers: AUTH,
    body: { ...(exampleBody(op('addCustomer')) as object), customer_group_id: 999 },
  });
  expect(refused.status).toBe(400);
  expect(refused.json).toMatchObject({
    data: { code: 'UNKNOWN_REFERENCE', errors: [{ field: 'body.customer_group_id' }] },
  });
  const edit = await call(mock, 'PUT', '/customers/1', {
    headers: AUTH,
    body: { ...(exampleBody(op('editCustomer')) as object), customer_group_id: 999 },
  });
  expect(edit.status).toBe(400);
});

test('a created record shows every field it declares, null where nothing was sent, as the docs records do', async () => {
  const created = await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: { group_name: 'Bare' } });
  expect(data(created.json).group).toMatchObject({ group_name: 'Bare', group_description: null });
  const customer = await call(mock, 'POST', '/customers/add', {
    headers: AUTH,
    body: {
      customer_name: 'Bare',
      customer_phone: '+233200000000',
      customer_country: 'Ghana',
      customer_city: 'Accra',
      customer_state: 'Greater Accra',
      address1: '1 Road',
    },
  });
  const record = data(customer.json).customer as Record<string, unknown>;
  for (const field of ['customer_group_id', 'customer_email', 'customer_whatsapp', 'customer_zip', 'address2']) {
    expect(`${field}: ${field in record ? JSON.stringify(record[field]) : 'missing'}`).toBe(`${field}: null`);
  }
});

test('the spec’s own addSale example creates a sale; sent twice, its invoice_code is a duplicate: 400', async () => {
  const body = exampleBody(op('addSale'));
  const first = await call(mock, 'POST', '/sales/add', { headers: AUTH, body });
  expect(first.status).toBe(200);
  const second = await call(mock, 'POST', '/sales/add', { headers: AUTH, body });
  expect(second.status).toBe(400);
  expect((second.json as { data: { code: string } }).data.code).toBe('DUPLICATE_KEY');
});

test('amounts are answered in the response schema types', async () => {
  const item = await call(mock, 'POST', '/inventory/items/add', { headers: AUTH, body: exampleBody(op('addItem')) });
  expect(data(item.json).item?.unit_cost).toBe(1000);
  const sale = await call(mock, 'POST', '/sales/add', {
    headers: AUTH,
    body: { ...(exampleBody(op('addSale')) as object), invoice_code: '900002', total_amount: 250 },
  });
  expect(data(sale.json).sales?.total_amount).toBe('250.00');
});

test('a forced status does not touch the store', async () => {
  const forced = await call(mock, 'DELETE', '/customers/1', { headers: { ...AUTH, prefer: 'code=500' } });
  expect(forced.status).toBe(500);
  expect((await call(mock, 'GET', '/customers/1', { headers: AUTH })).status).toBe(200);
});

test('POST /__mock/reset puts the examples back', async () => {
  await call(mock, 'DELETE', '/customers/1', { headers: AUTH });
  expect((await call(mock, 'GET', '/customers/1', { headers: AUTH })).status).toBe(404);
  const reset = await call(mock, 'POST', '/__mock/reset', { headers: { 'x-xtrakit-mock': 'reset' } });
  expect(reset.status).toBe(200);
  expect((await call(mock, 'GET', '/customers/1', { headers: AUTH })).status).toBe(200);
});

describe('the store keeps what the contract declares, as the docs type it', () => {
  const item = () => exampleBody(op('addItem')) as Record<string, unknown>;

  test('ids are made by the store: a body’s own id is ignored', async () => {
    const first = await call(mock, 'POST', '/inventory/items/add', { headers: AUTH, body: { ...item(), id: 1 } });
    const second = await call(mock, 'POST', '/inventory/items/add', { headers: AUTH, body: { ...item(), id: 1 } });
    const ids = [data(first.json).item?.id, data(second.json).item?.id];
    expect(new Set(ids).size).toBe(2);
    expect(ids).not.toContain(1);
  });

  test('undeclared fields are dropped, not stored or echoed', async () => {
    const created = await call(mock, 'POST', '/customer-groups/add', {
      headers: AUTH,
      body: { group_name: 'VIP', is_admin: true, item_code: 'X' },
    });
    const group = data(created.json).group as Record<string, unknown>;
    expect(group).not.toHaveProperty('is_admin');
    const fetched = await call(mock, 'GET', `/customer-groups/${String(group.id)}`, { headers: AUTH });
    expect(data(fetched.json).group).not.toHaveProperty('is_admin');
  });

  test('a created customer shows its group, filled from the store', async () => {
    const body = { ...(exampleBody(op('addCustomer')) as object), customer_group_id: 2 };
    const created = await call(mock, 'POST', '/customers/add', { headers: AUTH, body });
    const id = String(data(created.json).customer?.id);
    const fetched = await call(mock, 'GET', `/customers/${id}`, { headers: AUTH });
    const groups = (fetched.json as { data: { 'customer-group': Array<{ id: number }> } }).data['customer-group'];
    expect(groups.map((g) => g.id)).toEqual([2]);
  });

  test('a created sale is stored in the types the samples show: invoice_code a number, customer_id a string', async () => {
    const body = { ...(exampleBody(op('addSale')) as object), invoice_code: '900003', customer_id: 1 };
    const created = await call(mock, 'POST', '/sales/add', { headers: AUTH, body });
    const sale = data(created.json).sales as Record<string, unknown>;
    expect(sale.invoice_code).toBe(900003);
    expect(sale.customer_id).toBe('1');
    expect(ajv.validate(jsonMedia(op('addSale').responses['200'])?.schema ?? {}, created.json)).toBe(true);
  });

  test.each([
    ['a sale', '/sales/add', 'addSale', 'customer_id', { invoice_code: '900004', customer_id: 4242 }],
    ['an item', '/inventory/items/add', 'addItem', 'category_id', { category_id: 4242 }],
  ])('%s naming a record that does not exist: 400 naming the field', async (_name, path, id, field, change) => {
    const body = { ...(exampleBody(op(id)) as object), ...change };
    const refused = await call(mock, 'POST', path, { headers: AUTH, body });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      status: 400,
      data: { code: 'UNKNOWN_REFERENCE', errors: [{ field: `body.${field}` }] },
    });
  });
});

describe('round trips: what the API answers can be sent back', () => {
  test('a fetched item, sent back unchanged in an edit (status in-stock and all), is accepted', async () => {
    const fetched = await call(mock, 'GET', '/inventory/items/Jce84a50', { headers: AUTH });
    const item = data(fetched.json).item as Record<string, unknown>;
    expect(item.status).toBe('in-stock');
    const schema = jsonMedia(op('editItem').operation.requestBody as never)?.schema as
      | { properties?: object }
      | undefined;
    const declared = Object.keys(schema?.properties ?? {});
    const body = Object.fromEntries(Object.entries(item).filter(([k, v]) => declared.includes(k) && v !== null));
    const edited = await call(mock, 'PUT', '/inventory/items/Jce84a50', { headers: AUTH, body });
    expect(edited.status).toBe(200);
  });

  test('Add Sale takes customer_id as "1" as Edit Sale does', async () => {
    const body = { ...(exampleBody(op('addSale')) as object), invoice_code: '900005', customer_id: '1' };
    expect((await call(mock, 'POST', '/sales/add', { headers: AUTH, body })).status).toBe(200);
  });
});

test('a query parameter the list does not declare filters nothing (?page=2 lists every record)', async () => {
  const all = await call(mock, 'GET', '/customers', { headers: AUTH });
  const paged = await call(mock, 'GET', '/customers?page=2', { headers: AUTH });
  expect(paged.status).toBe(200);
  expect(data(paged.json).customers).toEqual(data(all.json).customers);
  expect((data(all.json).customers as unknown as unknown[]).length).toBeGreaterThan(0);
});

describe('date ranges (x-xtrakit-range), on every list that documents them', () => {
  const lists = () => spec.operations.filter((o) => o.store?.action === 'list' && rangeBounds(o).length > 0);

  test('a bound narrows the records by their created_at, both ends included; a date alone is a whole day', async () => {
    expect(lists().length).toBeGreaterThan(0);
    let dated = 0;
    for (const list of lists()) {
      const wrapper = list.store?.wrapper as string;
      const rowsOf = async (query: string) =>
        (data((await call(mock, 'GET', `${list.path}${query}`, { headers: AUTH })).json)[wrapper] ??
          []) as unknown as Array<Record<string, string>>;
      // A record without the date (the docs' item, cut off before its timestamps) is in no range.
      const all = (await rowsOf('')).filter((r) => typeof r.created_at === 'string');
      if (all.length === 0) continue;
      dated += 1;
      const stamps = all.map((r) => r.created_at as string).sort();
      const pivot = stamps[Math.floor(stamps.length / 2)] as string;
      for (const { param, field, bound } of rangeBounds(list)) {
        const value = bound === 'from' ? pivot : pivot.slice(0, 10);
        const rows = await rowsOf(`?${param}=${encodeURIComponent(value)}`);
        const expected = all.filter((r) =>
          bound === 'from' ? (r[field] as string) >= pivot : (r[field] as string).slice(0, 10) <= value,
        );
        expect(`${list.operationId} ?${param}=${value}: ${rows.length}`).toBe(
          `${list.operationId} ?${param}=${value}: ${expected.length}`,
        );
      }
    }
    expect(dated).toBeGreaterThan(1);
  });

  test('a bound that is no date is refused: 400 naming the parameter', async () => {
    for (const list of lists()) {
      for (const { param } of rangeBounds(list)) {
        const answer = await call(mock, 'GET', `${list.path}?${param}=6117-66-54`, { headers: AUTH });
        expect(`${list.operationId} ${param} ${answer.status}`).toBe(`${list.operationId} ${param} 400`);
      }
    }
  });
});
