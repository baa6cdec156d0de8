const { setupServer } = require('msw/node');
const { xtrakitHandlers } = require('xtrakit-contract-kit/msw');

const xtrakit = xtrakitHandlers({ stateful: true });
const server = setupServer(...xtrakit.handlers);
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await xtrakit.ready();
});
afterEach(async () => {
  server.resetHandlers();
  await xtrakit.reset();
});
afterAll(() => server.close());

const API = 'https://api.xtrakit.com/api/v1';
const auth = { authorization: 'Bearer 92857043717beff382ae75c8dc7514162f04' };

test('lists customers in the envelope', async () => {
  const response = await fetch(`${API}/customers`, { headers: auth });
  expect(response.status).toBe(200);
  expect((await response.json()).status).toBe(200);
});

test('a record fetched by an unknown id is not found', async () => {
  expect((await fetch(`${API}/customers/987654`, { headers: auth })).status).toBe(404);
});
