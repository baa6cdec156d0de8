// Type-level tests, checked by `npm run typecheck` (part of npm test): each @ts-expect-error line must
// be an error, so a typo in a path or a field that the generated types accepted would fail the build.
import createClient from 'openapi-fetch';
import type { paths } from '../openapi/generated/xtrakit';

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:4010/api/v1' });

export async function misspellings(): Promise<void> {
  // @ts-expect-error: the path is /customers/{id}, not /customer/{id}
  await client.GET('/customer/{id}', { params: { path: { id: '1' } } });

  await client.POST('/customers/add', {
    body: {
      // @ts-expect-error: customer_nme is not a field of a customer
      customer_nme: 'x',
      customer_phone: '1',
      customer_country: 'GH',
      customer_city: 'A',
      customer_state: 'B',
      address1: 'C',
    },
  });

  const found = await client.GET('/customers/{id}', { params: { path: { id: '1' } } });
  // @ts-expect-error: the wrapper key is data.customer, not data.customers
  found.data?.data.customers;

  // A correct call compiles.
  await client.GET('/inventory/items/{item_code}', { params: { path: { item_code: 'Jce84a50' } } });
}
