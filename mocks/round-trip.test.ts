// What a frontend does with records: list them, open one (fetch by the listed key), show it in a form and send it
// back unchanged to its edit. Every record the mock answers must survive that, in every mode, for every
// collection the spec binds to a store (derived from the spec's x-xtrakit-store, not from today's operations).
import { loadSpec, type Operation } from '../openapi/spec';
import type { RunningMock } from './server';
import { AUTH, call, exampleBody, examplePath, startTestMock } from './test-support';

type Row = Record<string, unknown>;

interface Collection {
  name: string;
  keyField: string;
  list?: Operation;
  fetch?: Operation;
  create?: Operation;
  edit?: Operation;
  wrapper: string;
}

const MODES = [
  { name: 'static', options: {} },
  { name: 'stateful', options: { stateful: true } },
  { name: 'dynamic', options: { dynamic: true, seed: '7' } },
  { name: 'dynamic stateful', options: { dynamic: true, stateful: true, seed: '11' } },
] as const;

let collections: Collection[] = [];

beforeAll(async () => {
  const spec = await loadSpec();
  const byName = new Map<string, Collection>();
  for (const op of spec.operations) {
    if (!op.store) continue;
    const entry = byName.get(op.store.collection) ?? {
      name: op.store.collection,
      keyField: 'id',
      wrapper: op.store.wrapper ?? '',
    };
    byName.set(op.store.collection, entry);
    const key = op.parameters.find((p) => p.in === 'path')?.name;
    if (key) entry.keyField = key;
    if (op.store.action !== 'delete') entry[op.store.action] = op;
  }
  collections = [...byName.values()].filter((c) => c.fetch);
});

const pathOf = (op: Operation, key: string) => op.path.replace(/\{[^}]+\}/, encodeURIComponent(key.trim()));
const wrapped = (json: unknown, wrapper: string) => (json as { data?: Row }).data?.[wrapper];

/** The keys a client finds: every listed record's, or the fetch's example key where no list exists. */
async function keysOf(mock: RunningMock, c: Collection): Promise<Array<{ key: string; listed?: Row }>> {
  if (!c.list)
    return [
      {
        key: decodeURIComponent(
          examplePath(c.fetch as Operation)
            .split('/')
            .pop() as string,
        ),
      },
    ];
  const answer = await call(mock, 'GET', c.list.path, { headers: AUTH });
  expect(answer.status).toBe(200);
  const rows = wrapped(answer.json, c.list.store?.wrapper ?? c.wrapper);
  expect(Array.isArray(rows)).toBe(true);
  return (rows as Row[]).map((row) => ({ key: String(row[c.keyField]), listed: row }));
}

describe.each(MODES)('$name mock', ({ options }) => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startTestMock(options);
  });
  afterAll(() => mock.close());

  test('every listed record is the record its key fetches, and goes back to its edit unchanged', async () => {
    let sent = 0;
    for (const c of collections) {
      const fetch = c.fetch as Operation;
      const fetchWrapper = fetch.store?.wrapper ?? c.wrapper;
      for (const { key, listed } of await keysOf(mock, c)) {
        const fetched = await call(mock, 'GET', pathOf(fetch, key), { headers: AUTH });
        expect({ collection: c.name, key, status: fetched.status }).toEqual({ collection: c.name, key, status: 200 });
        const record = wrapped(fetched.json, fetchWrapper) as Row;
        if (listed) expect({ collection: c.name, key, record }).toEqual({ collection: c.name, key, record: listed });
        if (!c.edit) continue;
        const edited = await call(mock, 'PUT', pathOf(c.edit, key), { headers: AUTH, body: record });
        expect({
          collection: c.name,
          key,
          status: edited.status,
          answer: edited.status < 300 ? null : edited.json,
        }).toEqual({ collection: c.name, key, status: 200, answer: null });
        sent += 1;
      }
    }
    // Every collection with an edit sent at least one record back.
    expect(sent).toBeGreaterThanOrEqual(collections.filter((c) => c.edit).length);
  });

  test('what a create answers goes back to its edit unchanged, and so does what that edit answers', async () => {
    let checked = 0;
    for (const c of collections.filter((x) => x.create && x.edit)) {
      const create = c.create as Operation;
      const wrapper = create.store?.wrapper ?? c.wrapper;
      const created = await call(mock, 'POST', create.path, { headers: AUTH, body: exampleBody(create) });
      expect({ collection: c.name, status: created.status }).toEqual({ collection: c.name, status: 200 });
      let record = wrapped(created.json, wrapper) as Row;
      for (const round of [1, 2]) {
        const edited = await call(mock, 'PUT', pathOf(c.edit as Operation, String(record[c.keyField])), {
          headers: AUTH,
          body: record,
        });
        expect({
          collection: c.name,
          round,
          status: edited.status,
          answer: edited.status < 300 ? null : edited.json,
        }).toEqual({
          collection: c.name,
          round,
          status: 200,
          answer: null,
        });
        record = wrapped(edited.json, (c.edit as Operation).store?.wrapper ?? wrapper) as Row;
      }
      checked += 1;
    }
    expect(checked).toBe(collections.filter((x) => x.create && x.edit).length);
    expect(checked).toBeGreaterThan(0);
  });
});
