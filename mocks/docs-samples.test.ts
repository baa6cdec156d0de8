// The docs' own sample requests (openapi/fixtures/docs-samples.json, taken from the docs' pages) are accepted as
// written, in static and stateful mode: the records they name (customer 42 of every sample sale, category 1 of
// every sample item) exist, and their bodies pass the contract's input schemas.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningMock } from './server';
import { AUTH, call, startTestMock } from './test-support';

interface Sample {
  id: string;
  method: string;
  path: string;
  body?: unknown;
}

const samples = (
  JSON.parse(readFileSync(path.join(__dirname, '../openapi/fixtures/docs-samples.json'), 'utf8')) as {
    requests: Sample[];
  }
).requests;

describe.each([
  ['static', { stateful: false }],
  ['stateful', { stateful: true }],
])('%s mock', (_mode, options) => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startTestMock(options);
  });
  afterAll(() => mock.close());

  test('every sample request of the docs is accepted as written', async () => {
    const answers: string[] = [];
    for (const sample of samples) {
      const answer = await call(mock, sample.method, sample.path.replace(/^\/api\/v1/, ''), {
        // As the docs' PHP samples send them: Content-Type on every request, GET included.
        headers: { ...AUTH, 'content-type': 'application/json' },
        ...(sample.body === undefined ? {} : { body: sample.body }),
      });
      answers.push(`${sample.id} ${answer.status < 300 ? 'accepted' : JSON.stringify(answer.json)}`);
    }
    expect(answers).toEqual(samples.map((s) => `${s.id} accepted`));
    expect(samples.filter((s) => s.body !== undefined).length).toBeGreaterThan(0);
  });
});

test("the sample sale's customer and the sample item's category are records a client can list", async () => {
  const mock = await startTestMock();
  try {
    const sale = await call(mock, 'GET', '/sales/324232', { headers: AUTH });
    const customerId = (sale.json as { data: { sales: { customer_id: string } } }).data.sales.customer_id;
    expect(customerId).toBe('42');
    const customer = await call(mock, 'GET', `/customers/${customerId}`, { headers: AUTH });
    expect((customer.json as { data: { customer: { id: number } } }).data.customer.id).toBe(42);
    const customers = await call(mock, 'GET', '/customers', { headers: AUTH });
    expect(JSON.stringify(customers.json)).toContain('"id":42');
    const item = await call(mock, 'GET', '/inventory/items/Jce84a50', { headers: AUTH });
    const categoryId = (item.json as { data: { item: { category_id: number } } }).data.item.category_id;
    const categories = await call(mock, 'GET', '/inventory/categories', { headers: AUTH });
    const listed = (categories.json as { data: { 'item-categories': Array<{ id: number }> } }).data['item-categories'];
    expect(listed.map((c) => c.id)).toContain(categoryId);
  } finally {
    await mock.close();
  }
});
