// The contract covers the published docs, and every example in it is valid against its own schema.
import type { ErrorObject } from 'ajv';
import fc from 'fast-check';
import { arbitraryFor } from '../contract-tests/cases/arbitraries';
import { createValidator } from './ajv';
import { uniqueFields } from './extensions';
import { propertySchema } from './schema-walk';
import { examplesOf, jsonMedia, type LoadedSpec, loadSpec, type Operation } from './spec';

// Every method + path pair docs.xtrakit.com documents (20 pages plus the Introduction's curl example),
// relative to the /api/v1 server URL.
const DOCUMENTED: Array<[string, string]> = [
  ['get', '/sales'],
  ['get', '/sales/{invoice_code}'],
  ['post', '/sales/add'],
  ['put', '/sales/edit/{invoice_code}'],
  ['get', '/customers'],
  ['get', '/customers/{id}'],
  ['post', '/customers/add'],
  ['put', '/customers/{id}'],
  ['get', '/customer-groups'],
  ['get', '/customer-groups/{id}'],
  ['post', '/customer-groups/add'],
  ['put', '/customer-groups/{id}'],
  ['get', '/inventory/items'],
  ['get', '/inventory/items/{item_code}'],
  ['post', '/inventory/items/add'],
  ['put', '/inventory/items/{item_code}'],
  ['get', '/inventory/categories'],
  ['post', '/expenses/add'],
  ['get', '/expenses/{id}'],
  ['put', '/expenses/{id}'],
  ['get', '/user/authenticate'],
];

// DELETE is advertised by the Introduction but has no page: the contract infers it on these by-id paths.
const INFERRED_DELETES: Array<[string, string]> = [
  ['delete', '/sales/{invoice_code}'],
  ['delete', '/customers/{id}'],
  ['delete', '/customer-groups/{id}'],
  ['delete', '/inventory/items/{item_code}'],
  ['delete', '/expenses/{id}'],
];

let spec: LoadedSpec;
const ajv = createValidator();
const find = (method: string, path: string): Operation | undefined =>
  spec.operations.find((o) => o.method === method && o.path === path);
const describeErrors = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');

beforeAll(async () => {
  spec = await loadSpec();
});

describe('coverage of the published docs', () => {
  test.each(DOCUMENTED)('the documented %s %s is in the spec', (method, path) => {
    expect(find(method, path)).toBeDefined();
  });

  test.each(INFERRED_DELETES)('the inferred %s %s is in the spec with an x-xtrakit-inferred note', (method, path) => {
    const op = find(method, path);
    expect(op).toBeDefined();
    expect(typeof (op?.operation as Record<string, unknown> | undefined)?.['x-xtrakit-inferred']).toBe('string');
  });

  test('the spec invents no other operation', () => {
    const known = new Set([...DOCUMENTED, ...INFERRED_DELETES].map(([m, p]) => `${m} ${p}`));
    const extra = spec.operations.map((o) => `${o.method} ${o.path}`).filter((k) => !known.has(k));
    expect(extra).toEqual([]);
  });

  test('at least 26 operations use all eight documented status codes', () => {
    expect(spec.operations.length).toBeGreaterThanOrEqual(26);
    const codes = new Set(spec.operations.flatMap((o) => Object.keys(o.responses)));
    expect([...codes].sort()).toEqual(['200', '201', '204', '400', '401', '402', '404', '500']);
  });
});

describe('status codes per operation', () => {
  test('every operation declares 400, 401, 402 and 500, and 404 when its path has an id', () => {
    for (const op of spec.operations) {
      const codes = Object.keys(op.responses);
      expect({ op: op.operationId, has: ['400', '401', '402', '500'].every((c) => codes.includes(c)) }).toEqual({
        op: op.operationId,
        has: true,
      });
      expect({ op: op.operationId, has404: codes.includes('404') }).toEqual({
        op: op.operationId,
        has404: op.path.includes('{'),
      });
    }
  });

  test('creates answer 200 or 201, deletes 204 without content, everything else 200', () => {
    for (const op of spec.operations) {
      const success = Object.keys(op.responses).filter((c) => c.startsWith('2'));
      const expected = op.path.endsWith('/add') ? ['200', '201'] : op.method === 'delete' ? ['204'] : ['200'];
      expect({ op: op.operationId, success }).toEqual({ op: op.operationId, success: expected });
    }
    // Both create answers describe the same record: only the status differs.
    for (const op of spec.operations.filter((o) => o.path.endsWith('/add'))) {
      const shape = (code: string) => JSON.stringify(jsonMedia(op.responses[code])?.schema).replace(/20[01]/g, 'S');
      expect(shape('200')).toBe(shape('201'));
    }
    for (const op of spec.operations.filter((o) => o.method === 'delete')) {
      expect(op.responses['204']?.content).toBeUndefined();
    }
  });

  test('every 401 declares WWW-Authenticate', () => {
    for (const op of spec.operations) {
      expect(op.responses['401']?.headers?.['WWW-Authenticate']).toBeDefined();
    }
  });
});

describe('examples validate against their schemas (JSON Schema 2020-12 with formats)', () => {
  const cases = () =>
    spec.operations.flatMap((op) => [
      ...Object.entries(op.responses).flatMap(([code, response]) => {
        const media = jsonMedia(response);
        return examplesOf(media).map((ex) => ({ where: `${op.operationId} ${code} ${ex.name}`, media, ex }));
      }),
      ...examplesOf(jsonMedia(op.operation.requestBody as never)).map((ex) => ({
        where: `${op.operationId} request ${ex.name}`,
        media: jsonMedia(op.operation.requestBody as never),
        ex,
      })),
    ]);

  test('every response with content has at least one example', () => {
    for (const op of spec.operations) {
      for (const [code, response] of Object.entries(op.responses)) {
        const media = jsonMedia(response);
        if (media)
          expect({ where: `${op.operationId} ${code}`, n: examplesOf(media).length > 0 }).toMatchObject({ n: true });
      }
    }
  });

  test('every response and request example is valid', () => {
    const all = cases();
    expect(all.length).toBeGreaterThan(60);
    const failures = all
      .map(({ where, media, ex }) => {
        const validate = ajv.compile(media?.schema ?? {});
        return validate(ex.value) ? null : `${where}: ${describeErrors(validate.errors)}`;
      })
      .filter(Boolean);
    expect(failures).toEqual([]);
  });

  test('every parameter example is valid', () => {
    const failures = spec.operations.flatMap((op) =>
      op.parameters
        .filter((p) => p.example !== undefined)
        .filter((p) => !ajv.validate(p.schema ?? {}, p.example))
        .map((p) => `${op.operationId} ${p.in}.${p.name}: ${describeErrors(ajv.errors)}`),
    );
    expect(failures).toEqual([]);
  });

  test('an invalid example is caught (the validator is not a rubber stamp)', () => {
    const listCustomers = find('get', '/customers');
    const schema = jsonMedia(listCustomers?.responses['200'])?.schema ?? {};
    expect(ajv.validate(schema, { status: 200, message: 'ok', data: { customers: [{ id: 'one' }] } })).toBe(false);
    expect(ajv.validate(schema, { status: 201, message: 'ok', data: { customers: [] } })).toBe(false);
  });
});

describe('links chain create → fetch, edit, delete', () => {
  test.each(['addSale', 'addCustomer', 'addCustomerGroup', 'addItem', 'addExpense'])(
    '%s links to the record it made',
    (id) => {
      const create = spec.operations.find((o) => o.operationId === id);
      expect(create?.responses['200']?.links).toEqual(create?.responses['201']?.links);
      const links = create?.responses['201']?.links ?? {};
      const targets = Object.values(links).map((l) => (l as { operationId: string }).operationId);
      const targetOps = targets.map((t) => spec.operations.find((o) => o.operationId === t));
      expect(targetOps.map((o) => o?.method).sort()).toEqual(['delete', 'get', 'put']);
      // Every link parameter points into the created record of the 201 example, at a value that exists.
      const example = examplesOf(jsonMedia(create?.responses['201']))[0]?.value;
      for (const link of Object.values(links) as Array<{ parameters: Record<string, string> }>) {
        for (const expression of Object.values(link.parameters)) {
          const pointer = expression.replace('$response.body#', '');
          const value = pointer
            .split('/')
            .slice(1)
            .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], example);
          expect(value).toBeDefined();
        }
      }
    },
  );
});

describe('the examples agree with each other', () => {
  const examplesOfOp = (id: string, code: string) =>
    examplesOf(jsonMedia(spec.operations.find((o) => o.operationId === id)?.responses[code])).map((e) => e.value);
  const requestExample = (id: string) =>
    examplesOf(jsonMedia(spec.operations.find((o) => o.operationId === id)?.operation.requestBody as never))[0]
      ?.value as Record<string, unknown>;

  test('a sale’s customer is a customer the examples show', () => {
    const customers = examplesOfOp('listCustomers', '200').flatMap(
      (v) => (v as { data: { customers: Array<{ id: number }> } }).data.customers,
    );
    const ids = new Set(customers.map((c) => String(c.id)));
    expect(ids.has(String(requestExample('addSale').customer_id))).toBe(true);
    expect(ids.has(String(requestExample('editSale').customer_id))).toBe(true);
    const sale = (examplesOfOp('fetchSale', '200')[0] as { data: { sales: { customer_id: string } } }).data.sales;
    expect(ids.has(String(sale.customer_id))).toBe(true);
  });

  test('an item’s category is a category the list shows', () => {
    const listed = new Set(
      (examplesOfOp('listItemCategories', '200')[0] as { data: { 'item-categories': Array<{ id: number }> } }).data[
        'item-categories'
      ].map((c) => c.id),
    );
    expect(listed.has(requestExample('addItem').category_id as number)).toBe(true);
    for (const value of examplesOfOp('fetchItem', '200')) {
      expect(listed.has((value as { data: { item: { category_id: number } } }).data.item.category_id)).toBe(true);
    }
  });

  /** Every value of `field` anywhere in an example, with the example it is in. */
  const valuesOf = (field: string) => {
    const found: Array<{ where: string; value: string; record: Record<string, unknown> }> = [];
    const walk = (value: unknown, where: string) => {
      if (Array.isArray(value)) {
        for (const v of value) walk(v, where);
      } else if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        if (field in record && record[field] !== null) found.push({ where, value: String(record[field]), record });
        for (const v of Object.values(record)) walk(v, where);
      }
    };
    for (const op of spec.operations) {
      for (const e of examplesOf(jsonMedia(op.operation.requestBody as never)))
        walk(e.value, `${op.operationId} request`);
      for (const [code, response] of Object.entries(op.responses))
        for (const e of examplesOf(jsonMedia(response))) walk(e.value, `${op.operationId} ${code}`);
    }
    return found;
  };

  test('the examples repeat no unique value: a create’s is new, an edit’s is its own record’s', () => {
    const marked = spec.operations.flatMap((op) => uniqueFields(op).map((u) => ({ op, field: u.field })));
    // Derived from the spec: the sale's invoice_code and invoice_number on its create and its edit.
    expect(marked.length).toBeGreaterThanOrEqual(2);
    for (const { op, field } of marked) {
      const mine = requestExample(op.operationId)?.[field];
      if (mine === undefined) continue;
      const others = valuesOf(field).filter((v) => v.where !== `${op.operationId} request`);
      const clashes = others.filter((v) => v.value === String(mine));
      if (op.store?.action === 'edit') {
        // The record the edit's path example names may hold it already: an edit keeps its own number.
        const key = op.parameters.find((p) => p.in === 'path');
        const own = (v: (typeof others)[number]) => key && String(v.record[key.name]) === String(key.example);
        expect(clashes.filter((v) => !own(v)).map((v) => `${v.where}: ${v.value}`)).toEqual([]);
      } else {
        expect(clashes.map((v) => `${op.operationId}.${field} ${mine} also in ${v.where}`)).toEqual([]);
      }
    }
  });
});

describe('every constraint the docs do not state is marked', () => {
  // Bounds and patterns the docs' tables never state (their types are "string", "number", "date"): each one the
  // contract adds carries an x-xtrakit-decision on the schema or parameter that holds it, or a topic of its
  // object's decision named after the property.
  const CONSTRAINTS = [
    'pattern',
    'minLength',
    'maxLength',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'multipleOf',
    'minItems',
    'maxItems',
  ];

  test('no pattern, length, bound or count without a decision note', async () => {
    const { readFileSync } = await import('node:fs');
    const YAML = (await import('yaml')).default;
    const raw = YAML.parse(readFileSync(spec.file, 'utf8')) as Record<string, unknown>;
    const unmarked: string[] = [];
    let marked = 0;
    const walk = (node: unknown, at: string, topicNoted: boolean, parameterNoted: boolean): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      const noted = topicNoted || parameterNoted || record['x-xtrakit-decision'] !== undefined;
      for (const key of CONSTRAINTS) {
        if (!(key in record) || typeof record[key] === 'object') continue;
        if (noted) marked += 1;
        else unmarked.push(`${at} ${key}`);
      }
      const decision = record['x-xtrakit-decision'];
      const topics = decision && typeof decision === 'object' ? Object.keys(decision) : [];
      const isParameter = typeof record.in === 'string' && typeof record.name === 'string';
      for (const [key, value] of Object.entries(record)) {
        if (key.startsWith('x-') || key === 'example' || key === 'examples') continue;
        if (key === 'properties' && value && typeof value === 'object') {
          for (const [name, property] of Object.entries(value))
            walk(property, `${at}.${name}`, topics.includes(name), false);
        } else walk(value, `${at}.${key}`, false, isParameter && noted);
      }
    };
    walk(raw, '#', false, false);
    expect(unmarked).toEqual([]);
    expect(marked).toBeGreaterThan(3);
  });
});

describe('what a fetch answers, its edit accepts (every record the response schema allows, not only the examples)', () => {
  test('records generated from each fetch schema pass the edit schema of the same collection, sent back whole', () => {
    const edits = spec.operations.filter((o) => o.store?.action === 'edit');
    expect(edits.length).toBeGreaterThan(0);
    for (const edit of edits) {
      const fetch = spec.operations.find(
        (o) => o.store?.action === 'fetch' && o.store.collection === edit.store?.collection,
      );
      if (!fetch) continue;
      const data = propertySchema(jsonMedia(fetch.responses['200'])?.schema as never, 'data');
      const record = propertySchema(data, fetch.store?.wrapper as string);
      const input = jsonMedia(edit.operation.requestBody as never)?.schema;
      expect(record && input).toBeTruthy();
      const accepts = ajv.compile(input as object);
      const answered = ajv.compile(record as object);
      fc.assert(
        fc.property(arbitraryFor(record as never), (generated) => {
          // Only records the fetch schema itself allows (the generator may stray at the edges of a format).
          fc.pre(answered(generated));
          if (!accepts(generated))
            throw new Error(
              `${edit.operationId} refuses a ${fetch.operationId} record: ${describeErrors(accepts.errors)}`,
            );
        }),
        { numRuns: 200, seed: 18 },
      );
    }
  });
});
