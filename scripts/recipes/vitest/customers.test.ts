import { expect, test } from 'vitest';
import { server, xtrakit } from './mocks/xtrakit';

const API = 'https://api.xtrakit.com/api/v1';
const auth = { authorization: 'Bearer 92857043717beff382ae75c8dc7514162f04' };

test('lists customers in the envelope', async () => {
  const response = await fetch(`${API}/customers`, { headers: auth });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 200, data: { customers: expect.any(Array) } });
});

test('shows the error state once', async () => {
  server.use(xtrakit.force('listCustomers', { status: 500, once: true }));
  expect((await fetch(`${API}/customers`, { headers: auth })).status).toBe(500);
  expect((await fetch(`${API}/customers`, { headers: auth })).status).toBe(200);
});

test('a wrong key is refused', async () => {
  expect((await fetch(`${API}/customers`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
});
