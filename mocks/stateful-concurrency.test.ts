// The stateful store under concurrency: nothing is lost or duplicated.
import pLimit from 'p-limit';
import type { RunningMock } from './server';
import { AUTH, call, startTestMock } from './test-support';

let mock: RunningMock;
beforeAll(async () => {
  // Lists answer every record here (the default answers the newest 100), so the count can be read back.
  mock = await startTestMock({ stateful: true, listLimit: 5000 });
});
afterAll(() => mock.close());

const group = (i: number) => ({ group_name: `Group ${i}`, group_description: `made by request ${i}` });

test('1,000 concurrent creates give 1,000 distinct ids and an exact list count', async () => {
  const before = await call(mock, 'GET', '/customer-groups', { headers: AUTH });
  const seeded = (before.json as { data: { groups: unknown[] } }).data.groups.length;
  const limit = pLimit(100);
  const created = await Promise.all(
    Array.from({ length: 1000 }, (_, i) =>
      limit(() => call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(i) })),
    ),
  );
  expect(created.every((a) => a.status === 200)).toBe(true);
  const ids = created.map((a) => (a.json as { data: { group: { id: number } } }).data.group.id);
  expect(new Set(ids).size).toBe(1000);
  const after = await call(mock, 'GET', '/customer-groups', { headers: AUTH });
  const body = after.json as { message: string; data: { groups: Array<{ group_name: string }> } };
  expect(body.data.groups).toHaveLength(seeded + 1000);
  expect(body.message).toBe(`Groups found: ${seeded + 1000}`);
});

test('concurrent edits of different records lose nothing', async () => {
  mock.reset();
  const limit = pLimit(100);
  const created = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      limit(() => call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(i) })),
    ),
  );
  const ids = created.map((a) => (a.json as { data: { group: { id: number } } }).data.group.id);
  await Promise.all(
    ids.map((id) =>
      limit(() => call(mock, 'PUT', `/customer-groups/${id}`, { headers: AUTH, body: { group_name: `Edited ${id}` } })),
    ),
  );
  const fetched = await Promise.all(
    ids.map((id) => limit(() => call(mock, 'GET', `/customer-groups/${id}`, { headers: AUTH }))),
  );
  const names = fetched.map(
    (a) => (a.json as { data: { group: { group_name: string; group_description: string } } }).data.group,
  );
  expect(names.map((g) => g.group_name)).toEqual(ids.map((id) => `Edited ${id}`));
  // An edit changes what it names and keeps the rest.
  expect(names.map((g) => g.group_description)).toEqual(ids.map((_id, i) => `made by request ${i}`));
});
