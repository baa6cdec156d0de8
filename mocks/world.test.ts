// --dynamic: one coherent world per seed. Over several seeds, through the core (as every host reaches it): a listed
// record is the fetch of its key, every field that names another record names one that exists, a customer's
// embedded group is the group its customer_group_id names, list messages count what they answer, a sale's line
// items name the sale, and every answer is valid against its schema. What is checked is derived from the spec.
import { createValidator } from '../openapi/ajv';
import { jsonMedia, type LoadedSpec, loadSpec, type Operation } from '../openapi/spec';
import { createMockCore, type MockCore } from './core-node';
import { createStatefulContext } from './stateful';
import { AUTH } from './test-support';
import { referencesOf, WORLD_MAX_RECORDS, WORLD_MIN_RECORDS } from './world';

type Row = Record<string, unknown>;
type Json = { status: number; message: string; data: Record<string, unknown> };

const SEEDS = ['1', '2', '3', 'frontend'];
const ajv = createValidator();
let spec: LoadedSpec;

beforeAll(async () => {
  spec = await loadSpec();
});

const bound = (action: string) => spec.operations.filter((o) => o.store?.action === action);
const byCollection = (action: string, collection: string) =>
  bound(action).find((o) => o.store?.collection === collection);
const keyFieldOf = (op: Operation) => op.parameters.find((p) => p.in === 'path')?.name ?? 'id';
const pathOf = (op: Operation, key: unknown) => op.path.replace(/\{[^}]+\}/, encodeURIComponent(String(key).trim()));

async function get(core: MockCore, path: string): Promise<{ status: number; json: Json }> {
  const response = await core.handle(new Request(`http://127.0.0.1/api/v1${path}`, { headers: AUTH }));
  return { status: response.status, json: (await response.json()) as Json };
}

function valid(op: Operation, status: number, json: unknown): string | null {
  const schema = jsonMedia(op.responses[String(status)])?.schema ?? {};
  return ajv.validate(schema, json) ? null : ajv.errorsText(ajv.errors);
}

describe.each(SEEDS)('the world of seed %s', (seed) => {
  let core: MockCore;
  /** Per collection, its listed records (collections without a list: none). */
  const listed = new Map<string, Row[]>();

  beforeAll(async () => {
    core = await createMockCore({ dynamic: true, seed });
    for (const list of bound('list')) {
      const answer = await get(core, list.path);
      expect(answer.status).toBe(200);
      listed.set(list.store?.collection as string, answer.json.data[list.store?.wrapper as string] as Row[]);
    }
  });

  test('lists are valid, hold records, and their messages count what they answer', async () => {
    for (const list of bound('list')) {
      const answer = await get(core, list.path);
      expect({ op: list.operationId, invalid: valid(list, 200, answer.json) }).toEqual({
        op: list.operationId,
        invalid: null,
      });
      const collection = list.store?.collection as string;
      const rows = listed.get(collection) as Row[];
      // A world's records: a handful, and at least one for each record the docs show (their keys are kept).
      const docs = createStatefulContext(spec).store.list(collection).records.length;
      expect(rows.length).toBeGreaterThanOrEqual(Math.max(WORLD_MIN_RECORDS, docs));
      expect(rows.length).toBeLessThanOrEqual(Math.max(WORLD_MAX_RECORDS, docs));
      const counted = /found: (\d+)$/.exec(answer.json.message)?.[1];
      if (counted !== undefined) expect(`${list.operationId}: ${counted}`).toBe(`${list.operationId}: ${rows.length}`);
    }
  });

  test('every listed record is the record its key fetches, valid against the fetch schema', async () => {
    for (const [collection, rows] of listed) {
      const fetch = byCollection('fetch', collection);
      if (!fetch) continue;
      for (const row of rows) {
        const answer = await get(core, pathOf(fetch, row[keyFieldOf(fetch)]));
        expect({ collection, status: answer.status, invalid: valid(fetch, 200, answer.json) }).toEqual({
          collection,
          status: 200,
          invalid: null,
        });
        expect(answer.json.data[fetch.store?.wrapper as string]).toEqual(row);
      }
    }
  });

  test('every field that names another record names one that exists in this world', async () => {
    let checked = 0;
    for (const [collection, references] of Object.entries(referencesOf(spec))) {
      for (const row of listed.get(collection) ?? []) {
        for (const { field, collection: other } of references) {
          if (row[field] === null || row[field] === undefined) continue;
          const fetch = byCollection('fetch', other);
          const key = fetch ? keyFieldOf(fetch) : 'id';
          const inList = (listed.get(other) ?? []).some((r) => String(r[key]) === String(row[field]));
          const found = fetch ? (await get(core, pathOf(fetch, row[field]))).status === 200 : inList;
          expect(`${collection}.${field} ${String(row[field])}: ${found}`).toBe(
            `${collection}.${field} ${String(row[field])}: true`,
          );
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test("a fetched record's embedded rows are the records it names (a customer's group)", async () => {
    for (const fetch of bound('fetch')) {
      for (const [member, { collection: other, field }] of Object.entries(fetch.store?.related ?? {})) {
        const otherFetch = byCollection('fetch', other) as Operation;
        for (const row of listed.get(fetch.store?.collection as string) ?? []) {
          const answer = await get(core, pathOf(fetch, row[keyFieldOf(fetch)]));
          const embedded = answer.json.data[member] as Row[];
          if (row[field] === null || row[field] === undefined) {
            expect(embedded).toEqual([]);
            continue;
          }
          const named = await get(core, pathOf(otherFetch, row[field]));
          expect(embedded).toEqual([named.json.data[otherFetch.store?.wrapper as string]]);
        }
      }
    }
  });

  test('rows a fetch shows beside its record (line items) are there and name the record', async () => {
    let rowsSeen = 0;
    for (const fetch of bound('fetch')) {
      const example = (jsonMedia(fetch.responses['200'])?.example ??
        Object.values(jsonMedia(fetch.responses['200'])?.examples ?? {})[0]) as unknown;
      const data = ((example as { value?: Json })?.value ?? (example as Json))?.data ?? {};
      const wrapper = fetch.store?.wrapper as string;
      const besides = Object.keys(data).filter(
        (m) => m !== wrapper && !(m in (fetch.store?.related ?? {})) && Array.isArray(data[m]),
      );
      for (const row of listed.get(fetch.store?.collection as string) ?? []) {
        const answer = await get(core, pathOf(fetch, row[keyFieldOf(fetch)]));
        for (const member of besides) {
          const rows = answer.json.data[member] as Row[];
          expect(rows.length).toBeGreaterThan(0);
          for (const line of rows) {
            for (const field of Object.keys(line).filter((k) => k !== 'id' && k in row && /_(code|number)$/.test(k))) {
              expect(`${member}.${field} ${String(line[field])}`).toBe(`${member}.${field} ${String(row[field])}`);
            }
          }
          rowsSeen += rows.length;
        }
      }
    }
    expect(rowsSeen).toBeGreaterThan(0);
  });

  test("an invoice's amounts add up: the total is the subtotal less the discount, and no more than it is paid", () => {
    const invoices = [...listed.values()]
      .flat()
      .filter((r) => r.sub_total_amount !== undefined && r.total_amount !== undefined);
    expect(invoices.length).toBeGreaterThan(0);
    for (const r of invoices) {
      const owed = Number(r.sub_total_amount) - Number(r.discount ?? 0);
      expect(Number(r.total_amount)).toBeCloseTo(owed, 2);
      expect(Number(r.amount_paid)).toBeLessThanOrEqual(Number(r.total_amount));
    }
  });

  test('the same seed gives the same world', async () => {
    const again = await createMockCore({ dynamic: true, seed });
    for (const list of bound('list')) {
      expect((await get(again, list.path)).json).toEqual((await get(core, list.path)).json);
    }
  });
});

test('another seed gives another world', async () => {
  const [a, b] = await Promise.all(SEEDS.slice(0, 2).map((seed) => createMockCore({ dynamic: true, seed })));
  const list = spec.operations.find((o) => o.store?.action === 'list') as Operation;
  expect((await get(a as MockCore, list.path)).json).not.toEqual((await get(b as MockCore, list.path)).json);
});

test('a world drawn at start says its seed, and that seed gives the same world', async () => {
  const drawn = await createMockCore({ dynamic: true });
  const { seed } = drawn.stats();
  expect(seed).toEqual(expect.any(String));
  const again = await createMockCore({ dynamic: true, seed: seed as string });
  for (const list of spec.operations.filter((o) => o.store?.action === 'list')) {
    expect((await get(again, list.path)).json).toEqual((await get(drawn, list.path)).json);
  }
});
