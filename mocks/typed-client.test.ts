// A real frontend client: openapi-fetch, typed by the generated types, through a whole lifecycle
// against the stateful mock.
import { createXtrakitClient } from './client';
import type { RunningMock } from './server';
import { KEY, startTestMock } from './test-support';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startTestMock({ stateful: true });
});
afterAll(() => mock.close());

test('create a customer, fetch it, edit it, delete it, then 404', async () => {
  // As a frontend makes it: the package's client factory (xtrakit-contract-kit/client).
  const client = createXtrakitClient({ baseUrl: mock.baseUrl, apiKey: KEY });
  const body = {
    customer_name: 'Ama Mensah',
    customer_phone: '+233201234567',
    customer_country: 'Ghana',
    customer_city: 'Kumasi',
    customer_state: 'Ashanti',
    address1: '12 Prempeh Street',
  };

  const created = await client.POST('/customers/add', { body });
  expect(created.response.status).toBe(200);
  const id = created.data?.data.customer.id;
  expect(id).toEqual(expect.any(Number));
  const path = { id: String(id) };

  const fetched = await client.GET('/customers/{id}', { params: { path } });
  expect(fetched.data?.data.customer.customer_name).toBe('Ama Mensah');

  const edited = await client.PUT('/customers/{id}', { params: { path }, body: { ...body, customer_city: 'Tamale' } });
  expect(edited.data?.data.customer.customer_city).toBe('Tamale');

  const deleted = await client.DELETE('/customers/{id}', { params: { path } });
  expect(deleted.response.status).toBe(204);

  const gone = await client.GET('/customers/{id}', { params: { path } });
  expect(gone.response.status).toBe(404);
  expect(gone.error).toEqual({ status: 404, message: 'Record not found', data: {} });
});
