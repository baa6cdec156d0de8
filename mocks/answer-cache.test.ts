// The static mode's answer cache gives exactly the answer the pipeline gives, and never one meant for
// another request: everything the answer depends on is in the key.
import type { RunningMock } from './server';
import { AUTH, call, startTestMock } from './test-support';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(() => mock.close());

const strip = (headers: Headers) => Object.fromEntries([...headers].filter(([name]) => name !== 'date'));

test.each([
  ['a GET', 'GET', '/customers', undefined],
  ['a POST with a body', 'POST', '/customer-groups/add', { group_name: 'Gold' }],
  ['an invalid POST', 'POST', '/customer-groups/add', { group_description: 'no name' }],
  ['a 404', 'GET', '/customers/999', undefined],
])(
  '%s asked three times gets the same answer each time (the third from the cache)',
  async (_name, method, path, body) => {
    const ask = () => call(mock, method, path, { headers: AUTH, ...(body ? { body } : {}) });
    const first = await ask();
    await ask(); // seen twice: now kept
    const third = await ask();
    expect(third.status).toBe(first.status);
    expect(third.text).toBe(first.text);
    expect(strip(third.headers)).toEqual(strip(first.headers));
  },
);

test('what changes the answer changes the key: key, Prefer, Origin, body', async () => {
  for (let i = 0; i < 3; i++) await call(mock, 'GET', '/customers', { headers: AUTH });
  expect((await call(mock, 'GET', '/customers', { headers: { authorization: 'Bearer other' } })).status).toBe(401);
  expect((await call(mock, 'GET', '/customers', { headers: { ...AUTH, prefer: 'code=500' } })).status).toBe(500);
  const other = await call(mock, 'GET', '/customers', { headers: { ...AUTH, origin: 'http://other.test' } });
  expect(other.headers.get('access-control-allow-origin')).toBe('http://other.test');
  const a = await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: { group_name: 'A' } });
  const b = await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: { group_name: 42 } });
  expect([a.status, b.status]).toEqual([200, 400]);
});

test('the stateful mode keeps no answers: a record changes between two identical requests', async () => {
  const stateful = await startTestMock({ stateful: true });
  try {
    const before = await call(stateful, 'GET', '/customer-groups', { headers: AUTH });
    await call(stateful, 'POST', '/customer-groups/add', { headers: AUTH, body: { group_name: 'New' } });
    const after = await call(stateful, 'GET', '/customer-groups', { headers: AUTH });
    expect(after.text).not.toBe(before.text);
  } finally {
    await stateful.close();
  }
});
