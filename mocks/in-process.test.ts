// The in-process hosts as a test set-up uses them: MSW's per-test overrides (force), one reset that clears the
// same state whichever way it is called, and an injected clock for record timestamps.
import { setupServer } from 'msw/node';
import { createMockCore } from './core-node';
import { xtrakitHandlers } from './msw-node';
import { AUTH, CUSTOMER_INPUT, startTestMock } from './test-support';

jest.setTimeout(60_000);

const customer = CUSTOMER_INPUT;
const json = { ...AUTH, 'content-type': 'application/json' };

describe('xtrakitHandlers in msw/node', () => {
  const xtrakit = xtrakitHandlers({ stateful: true });
  const server = setupServer(...xtrakit.handlers);
  const api = 'https://api.xtrakit.com/api/v1';
  const unhandled: string[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: (request) => unhandled.push(request.url) }));
  afterEach(async () => {
    server.resetHandlers();
    await xtrakit.reset();
  });
  afterAll(() => server.close());

  test('force gives a documented status to one operation, once, through server.use', async () => {
    server.use(xtrakit.force('listCustomers', { status: 500, once: true }));
    const forced = await fetch(`${api}/customers`, { headers: AUTH });
    expect(forced.status).toBe(500);
    expect(((await forced.json()) as { status: number }).status).toBe(500);
    expect((await fetch(`${api}/customers`, { headers: AUTH })).status).toBe(200);
    // Another operation is not touched by the override.
    server.use(xtrakit.force('listCustomers', { status: 402 }));
    expect((await fetch(`${api}/customer-group`, { headers: AUTH })).status).not.toBe(402);
  });

  test('force refuses, at once, a status the operation does not document and an unknown operation', () => {
    expect(() => xtrakit.force('listCustomers', { status: 418 })).toThrow(/documents .*not 418/);
    expect(() => xtrakit.force('listUnicorns', { status: 200 })).toThrow(/no operation listUnicorns/);
  });

  test('the key is checked: no key and a wrong key get 401 in the envelope', async () => {
    const none = await fetch(`${api}/customers`);
    expect(none.status).toBe(401);
    const wrong = await fetch(`${api}/customers`, { headers: { authorization: 'Bearer wrong' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('invalid_token');
  });

  test('a relative-style URL on any origin under /api/v1 is answered; other URLs are not the handlers’ own', async () => {
    expect((await fetch('http://localhost:5173/api/v1/customers', { headers: AUTH })).status).toBe(200);
    // Not the handlers' own: msw reports it unhandled and lets it through (nothing listens there on loopback).
    await fetch('http://127.0.0.1:9/other').catch(() => undefined);
    expect(unhandled).toEqual(['http://127.0.0.1:9/other']);
  });

  test('reset forgets a created record', async () => {
    const created = await fetch(`${api}/customers/add`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(customer),
    });
    const id = ((await created.json()) as { data: { customer: { id: number } } }).data.customer.id;
    expect((await fetch(`${api}/customers/${id}`, { headers: AUTH })).status).toBe(200);
    await xtrakit.reset();
    expect((await fetch(`${api}/customers/${id}`, { headers: AUTH })).status).toBe(404);
  });
});

describe.each([
  { mode: 'static', stateful: false },
  { mode: 'stateful', stateful: true },
])('one reset, $mode mode', ({ stateful }) => {
  const createdThenReset = async (base: string, reset: () => Promise<unknown>) => {
    const created = await fetch(`${base}/customers/add`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(customer),
    });
    const id = ((await created.json()) as { data: { customer: { id: number } } }).data.customer.id;
    expect((await fetch(`${base}/customers/${id}`, { headers: AUTH })).status).toBe(200);
    await reset();
    return (await fetch(`${base}/customers/${id}`, { headers: AUTH })).status;
  };

  test('POST /__mock/reset and the API’s reset() both forget records a client created', async () => {
    const mock = await startTestMock({ stateful });
    try {
      expect(
        await createdThenReset(mock.baseUrl, () =>
          fetch(`${mock.origin}/__mock/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } }),
        ),
      ).toBe(404);
      expect(await createdThenReset(mock.baseUrl, async () => mock.reset())).toBe(404);
    } finally {
      await mock.close();
    }
  });

  test('core.reset() forgets them too', async () => {
    const core = await createMockCore({ stateful });
    const base = 'http://127.0.0.1/api/v1';
    const send = (url: string, init?: RequestInit) => core.handle(new Request(url, init));
    const created = await send(`${base}/customers/add`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify(customer),
    });
    const id = ((await created.json()) as { data: { customer: { id: number } } }).data.customer.id;
    expect((await send(`${base}/customers/${id}`, { headers: AUTH })).status).toBe(200);
    core.reset();
    expect((await send(`${base}/customers/${id}`, { headers: AUTH })).status).toBe(404);
  });
});

test('record timestamps come from the injected clock', async () => {
  const core = await createMockCore({ stateful: true, clock: () => new Date('2030-05-06T07:08:09Z') });
  const created = await core.handle(
    new Request('http://127.0.0.1/api/v1/customers/add', {
      method: 'POST',
      headers: json,
      body: JSON.stringify(customer),
    }),
  );
  const record = ((await created.json()) as { data: { customer: Record<string, unknown> } }).data.customer;
  expect(record.created_at).toBe('2030-05-06 07:08:09');
  expect(record.updated_at).toBe('2030-05-06 07:08:09');
});

test('a malformed body is refused with the same engine-independent words by every host', async () => {
  const core = await createMockCore();
  const answer = await core.handle(
    new Request('http://127.0.0.1/api/v1/customers/add', { method: 'POST', headers: json, body: '{"customer_name": ' }),
  );
  expect(answer.status).toBe(400);
  expect(((await answer.json()) as { message: string }).message).toBe(
    'The request body is not valid JSON: the text ends before the JSON value does',
  );
});

test('two Authorization headers, joined by a Fetch Request, are refused as the HTTP mock refuses them', async () => {
  const core = await createMockCore();
  const headers = new Headers();
  headers.append('authorization', AUTH.authorization);
  headers.append('authorization', AUTH.authorization);
  const answer = await core.handle(new Request('http://127.0.0.1/api/v1/customers', { headers }));
  expect(answer.status).toBe(401);
});
