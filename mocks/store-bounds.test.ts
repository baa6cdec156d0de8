// The stores are bounded: records and bytes per collection, and what one list answers. At the bound the stateful
// store refuses (507 STORE_FULL, nothing lost), the static mode's session store forgets its oldest record with a
// notice; a list answers the newest records and its work does not grow with the store.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { resolveMockOptions, UsageError } from './options';
import type { RunningMock } from './server';
import { Store, type StoreLimits, type WriteResult } from './store';
import { AUTH, call, startTestMock } from './test-support';

const group = (i: number, extra = '') => ({ group_name: `Group ${i}${extra}`, group_description: `bounded ${i}` });
type Groups = { message: string; data: { groups: Array<{ id: number; group_name: string }> } };

async function groups(mock: RunningMock): Promise<{ names: string[]; truncated: string | null; body: Groups }> {
  const answer = await call(mock, 'GET', '/customer-groups', { headers: AUTH });
  expect(answer.status).toBe(200);
  const body = answer.json as Groups;
  return {
    names: body.data.groups.map((g) => g.group_name),
    truncated: answer.headers.get('x-xtrakit-list-truncated'),
    body,
  };
}

describe('the stateful store at its bound', () => {
  let mock: RunningMock;
  let seeded: number;
  const MAX = 6;
  beforeAll(async () => {
    mock = await startTestMock({ stateful: true, maxRecords: MAX });
    seeded = (await groups(mock)).names.length;
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  test('a create past --max-records answers 507 STORE_FULL, stores nothing, and a delete makes room again', async () => {
    const room = MAX - seeded;
    expect(room).toBeGreaterThan(0);
    for (let i = 0; i < room; i++) {
      expect((await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(i) })).status).toBe(200);
    }
    const refused = await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(99) });
    expect(refused.status).toBe(507);
    expect(refused.json).toMatchObject({ status: 507, data: { code: 'STORE_FULL' } });
    expect((refused.json as { message: string }).message).toContain('--max-records 6');
    const after = await groups(mock);
    expect(after.names).toHaveLength(MAX);
    expect(after.names).not.toContain('Group 99');
    // Every record a client wrote is still there: nothing was evicted to make room.
    for (let i = 0; i < room; i++) expect(after.names).toContain(`Group ${i}`);

    const last = after.body.data.groups.at(-1) as { id: number };
    expect((await call(mock, 'DELETE', `/customer-groups/${last.id}`, { headers: AUTH })).status).toBe(204);
    expect((await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(99) })).status).toBe(200);
  });

  test('the bound is per collection: a full collection does not stop another', async () => {
    for (let i = seeded; i < MAX; i++)
      await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(i) });
    expect((await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(0) })).status).toBe(507);
    const expense = { expense_type: 'Fuel', expense_amount: '10.00', payment_method: 'MOMO', created_by: 'Ama' };
    expect((await call(mock, 'POST', '/expenses/add', { headers: AUTH, body: expense })).status).toBe(200);
  });

  test('a reset empties the store back to the examples, so creates succeed again', async () => {
    for (let i = seeded; i <= MAX; i++)
      await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(i) });
    mock.reset();
    expect((await groups(mock)).names).toHaveLength(seeded);
    expect((await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(1) })).status).toBe(200);
  });
});

describe('bytes per collection', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startTestMock({ stateful: true, maxStoreBytes: 1024 * 1024 });
  });
  afterAll(() => mock.close());

  test('creates and edits that would take a collection past --max-store-mib answer 507; smaller ones still fit', async () => {
    const big = 'x'.repeat(300 * 1024);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(i, big) })).status);
    }
    // Three records of 300 KiB fit in 1 MiB, the fourth does not.
    expect(statuses).toEqual([200, 200, 200, 507, 507]);
    const { body } = await groups(mock);
    const first = body.data.groups.find((g) => g.group_name.startsWith('Group 0')) as { id: number };
    const grown = await call(mock, 'PUT', `/customer-groups/${first.id}`, {
      headers: AUTH,
      body: group(0, big + big),
    });
    expect(grown.status).toBe(507);
    expect(grown.json).toMatchObject({ data: { code: 'STORE_FULL' } });
    const unchanged = await call(mock, 'GET', `/customer-groups/${first.id}`, { headers: AUTH });
    expect((unchanged.json as { data: { group: { group_name: string } } }).data.group.group_name).toHaveLength(
      `Group 0${big}`.length,
    );
    expect((await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(9) })).status).toBe(200);
  });
});

describe('the static mode’s session store at its bound', () => {
  let mock: RunningMock;
  const notices: string[] = [];
  beforeAll(async () => {
    mock = await startTestMock({ maxRecords: 2, notice: (line) => notices.push(line) });
  });
  afterAll(() => mock.close());

  test('the oldest created record is forgotten, with a notice; the newest stay fetchable', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(i) });
      expect(created.status).toBe(200);
      ids.push((created.json as { data: { group: { id: number } } }).data.group.id);
    }
    expect((await call(mock, 'GET', `/customer-groups/${ids[0]}`, { headers: AUTH })).status).toBe(404);
    for (const id of ids.slice(1)) {
      expect((await call(mock, 'GET', `/customer-groups/${id}`, { headers: AUTH })).status).toBe(200);
    }
    expect(notices).toEqual([
      expect.stringContaining(`forgot customer-groups ${ids[0]}, the oldest (bound: 2 records)`),
    ]);
  });
});

describe('a list answer is bounded', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startTestMock({ stateful: true, listLimit: 3 });
  });
  afterAll(() => mock.close());

  test('it answers the newest --list-limit records in creation order and says it cut the list', async () => {
    const before = await groups(mock);
    expect(before.truncated).toBeNull();
    for (let i = 0; i < 5; i++) await call(mock, 'POST', '/customer-groups/add', { headers: AUTH, body: group(i) });
    const after = await groups(mock);
    expect(after.names).toEqual(['Group 2', 'Group 3', 'Group 4']);
    expect(after.truncated).toBe('3');
    expect(after.body.message).toMatch(/3$/);
  });
});

const idOf = (result: WriteResult): number => {
  if (!result.ok) throw new Error('the store refused a write');
  return result.record.id as number;
};

describe('the store itself', () => {
  const layout = { things: { keyField: 'id', seed: [{ id: 1, name: 'seed', colour: 'red' }] } };
  const limits = (over: Partial<StoreLimits> = {}): StoreLimits => ({
    maxRecords: 1_000_000,
    maxBytes: 1024 * 1024 * 1024,
    atBound: 'refuse',
    ...over,
  });

  test('a filter matches only records that have the field with that value', () => {
    const store = new Store(layout, true, undefined, limits());
    store.create('things', { name: 'blue one', colour: 'blue' });
    store.create('things', { name: 'no colour' });
    store.create('things', { name: 'null colour', colour: null });
    const names = (filters: Record<string, string>) =>
      store.list('things', filters).records.map((r) => (r as { name: string }).name);
    expect(names({ colour: 'blue' })).toEqual(['blue one']);
    expect(names({ colour: 'red' })).toEqual(['seed']);
    expect(names({})).toHaveLength(4);
  });

  test('a list makes each record’s answer form at most once per version, however large the store', () => {
    const store = new Store(layout, true, undefined, limits());
    for (let i = 0; i < 5000; i++) store.create('things', { name: `thing ${i}`, colour: i % 2 ? 'blue' : 'green' });
    let made = 0;
    const view = (r: Record<string, unknown>) => {
      made += 1;
      return { ...r };
    };
    for (let round = 0; round < 10; round++) {
      const { records, truncated } = store.list('things', {}, 50, view);
      expect(records).toHaveLength(50);
      expect(truncated).toBe(true);
    }
    // The newest 50, made once: ten lists of a 5,001-record store did the work of 50 records.
    expect(made).toBe(50);
    const newest = store.list('things', {}, 50, view).records.at(-1) as { id: number };
    store.update('things', String(newest.id), { name: 'renamed' });
    expect((store.list('things', {}, 50, view).records.at(-1) as { name: string }).name).toBe('renamed');
    expect(made).toBe(51);
  });

  test('deleted records leave the order intact after compaction', () => {
    const store = new Store(layout, true, undefined, limits());
    const ids = Array.from({ length: 300 }, (_, i) => idOf(store.create('things', { name: `n${i}` })));
    for (const id of ids.filter((_, i) => i % 3 !== 0)) store.remove('things', String(id));
    const listed = store.list('things', {}).records.map((r) => (r as { id: number }).id);
    expect(listed).toEqual([1, ...ids.filter((_, i) => i % 3 === 0)]);
    expect(store.usage('things').records).toBe(listed.length);
  });

  test('an evicting store at its bound keeps exactly the newest records, oldest forgotten first', () => {
    const forgotten: string[] = [];
    const store = new Store(
      layout,
      false,
      undefined,
      limits({ maxRecords: 100, atBound: 'evict', onEvict: (_c, key) => forgotten.push(key) }),
    );
    const ids = Array.from({ length: 5000 }, (_, i) => idOf(store.create('things', { name: `n${i}` })));
    expect(store.usage('things').records).toBe(100);
    expect(forgotten).toEqual(ids.slice(0, 4900).map(String));
    expect(store.list('things', {}).records.map((r) => (r as { id: number }).id)).toEqual(ids.slice(4900));
  });

  test('usage counts bytes in and out', () => {
    const store = new Store(layout, true, undefined, limits());
    const seedBytes = store.usage('things').bytes;
    const made = store.create('things', { name: 'é'.repeat(1000) });
    expect(store.usage('things').bytes).toBeGreaterThan(seedBytes + 2000);
    store.remove('things', String(idOf(made)));
    expect(store.usage('things').bytes).toBe(seedBytes);
  });
});

describe('the bounds as flags and environment variables', () => {
  test('flags and variables set them; an invalid value is a usage error naming the variable', () => {
    const options = resolveMockOptions({ maxRecords: 50, listLimit: 7 }, { XTRAKIT_MOCK_MAX_STORE_MIB: '2' });
    expect(options).toMatchObject({ maxRecords: 50, listLimit: 7, maxStoreBytes: 2 * 1024 * 1024 });
    expect(() => resolveMockOptions({}, { XTRAKIT_MOCK_MAX_RECORDS: '0' })).toThrow(UsageError);
    expect(() => resolveMockOptions({}, { XTRAKIT_MOCK_LIST_LIMIT: 'many' })).toThrow(/XTRAKIT_MOCK_LIST_LIMIT/);
  });

  test('xtrakit-mock --max-records 0 exits 2 with one line', () => {
    const root = path.resolve(__dirname, '..');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'mock.ts'), '--max-records', '0'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--max-records');
  });
});
