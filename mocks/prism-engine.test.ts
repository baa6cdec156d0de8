// The engine reads each operation from the spec and asks Prism's spec transform for Prism's own operation only when
// it answers, path by path: both must be what Prism's transform of the whole spec says.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IHttpOperation } from '@stoplight/types';
import { parse, stringify } from 'yaml';
import { DEFAULT_SPEC, loadSpec } from '../openapi/spec';
import { writeSyntheticSpec } from '../scripts/bench/synthetic-spec';
import { createEngine, prismOperationsByPath, prismOperationsOf } from './prism-engine';
import { nodePrismModules } from './prism-node';
import { AUTH, call, startTestMock } from './test-support';

// Made when the tests are declared: the synthetic spec is one of the cases.
const work = mkdtempSync(path.join(os.tmpdir(), 'engine-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SPECS = [
  ['the packaged contract', DEFAULT_SPEC],
  ['a synthetic spec of 100 operations', writeSyntheticSpec(100, work)],
];

test.each(SPECS)('%s: each operation as the engine reads it is Prism’s operation', async (_name, file) => {
  const spec = await loadSpec(file);
  const prism = await prismOperationsOf(spec.document, nodePrismModules);
  const engine = await createEngine(spec.document, { dynamic: false }, {}, nodePrismModules);
  expect(engine.operations).toHaveLength(prism.length);
  for (const operation of engine.operations) {
    const theirs = prism.find((p) => p.method === operation.method && p.path === operation.path) as IHttpOperation;
    expect({ op: operation.operationId, ...operation }).toEqual({
      op: operation.operationId,
      operationId: theirs.iid,
      method: theirs.method,
      path: theirs.path,
      codes: theirs.responses.map((r) => r.code),
      examples: Object.fromEntries(
        theirs.responses.map((r) => [r.code, (r.contents ?? []).flatMap((c) => (c.examples ?? []).map((e) => e.key))]),
      ),
      ...(theirs.extensions?.['x-xtrakit-store'] ? { store: theirs.extensions['x-xtrakit-store'] } : {}),
      ...(/\{([^}]+)\}/.exec(theirs.path) ? { keyParam: /\{([^}]+)\}/.exec(theirs.path)?.[1] } : {}),
      headerParams: (theirs.request?.headers ?? []).map((h) => h.name.toLowerCase()),
    });
  }
});

test.each(SPECS)(
  '%s: Prism’s operation for one path, transformed alone, is the whole transform’s',
  async (_name, file) => {
    const spec = await loadSpec(file);
    const prism = await prismOperationsOf(spec.document, nodePrismModules);
    const engine = await createEngine(spec.document, { dynamic: false }, {}, nodePrismModules);
    const prismOf = prismOperationsByPath(spec.document, undefined, nodePrismModules);
    const before = JSON.stringify(spec.document);
    for (const operation of engine.operations.slice(0, 30)) {
      const whole = prism.find((p) => p.method === operation.method && p.path === operation.path);
      expect(JSON.parse(JSON.stringify(await prismOf(operation)))).toEqual(JSON.parse(JSON.stringify(whole)));
    }
    expect(JSON.stringify(spec.document)).toBe(before); // the transform left the spec as it was
  },
);

test('a spec without operationIds still has its key checked and its examples served', async () => {
  const document = parse(readFileSync(DEFAULT_SPEC, 'utf8'), { maxAliasCount: -1 }) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  for (const item of Object.values(document.paths)) for (const op of Object.values(item)) delete op.operationId;
  const file = path.join(work, 'no-ids.yaml');
  writeFileSync(file, stringify(document, { aliasDuplicateObjects: false }));
  const mock = await startTestMock({ spec: file });
  try {
    expect((await call(mock, 'GET', '/customers')).status).toBe(401);
    const list = await call(mock, 'GET', '/customers', { headers: AUTH });
    expect(list.status).toBe(200);
    expect((await call(mock, 'GET', '/customers', { headers: { ...AUTH, prefer: 'code=402' } })).status).toBe(402);
  } finally {
    await mock.close();
  }
});

test('a bodiless request asked again is answered as Prism answered it, and an answer changed by its reader stays its own', async () => {
  const spec = await loadSpec(DEFAULT_SPEC);
  const engine = await createEngine(spec.document, { dynamic: false }, {}, nodePrismModules);
  const fresh = await createEngine(spec.document, { dynamic: false }, {}, nodePrismModules);
  const fetchOp = engine.operations.find((o) => o.store?.action === 'fetch' && o.keyParam === 'id');
  const listOp = engine.operations.find((o) => o.store?.action === 'list');
  const param = spec.operations
    .find((o) => o.operationId === listOp?.operationId)
    ?.parameters.find((p) => p.in === 'query')?.name;
  if (!fetchOp || !listOp || !param) throw new Error('the contract has a fetch by id and a list with a query');
  const cases = [
    { op: fetchOp, path: fetchOp.path.replace(/\{[^}]+\}/, '1'), query: {} },
    { op: fetchOp, path: fetchOp.path.replace(/\{[^}]+\}/, 'not-a-number'), query: {} },
    { op: listOp, path: listOp.path, query: { [param]: '1' } },
  ];
  for (const { op, path: p, query } of cases) {
    const request = { method: op.method.toUpperCase(), path: p, query, headers: { accept: 'application/json' } };
    for (let i = 0; i < 3; i++) {
      const answer = (await engine.respond(op, request, {})) as { body?: { message?: string } };
      expect(answer).toEqual(await fresh.respond(op, request, {}));
      if (answer.body) answer.body.message = 'changed by a reader';
    }
  }
});

test('a create or an edit asked again with other valid bodies, or with invalid ones, is answered as Prism answers it', async () => {
  const spec = await loadSpec(DEFAULT_SPEC);
  const engine = await createEngine(spec.document, { dynamic: false }, {}, nodePrismModules);
  const fresh = () => createEngine(spec.document, { dynamic: false }, {}, nodePrismModules);
  const create = engine.operations.find((o) => o.operationId === 'addCustomerGroup');
  const edit = engine.operations.find((o) => o.operationId === 'editCustomerGroup');
  if (!create || !edit) throw new Error('the contract creates and edits customer groups');
  const bodies = [
    { group_name: 'Gold', group_description: 'first' },
    { group_name: 'Silver', group_description: 'second, other values' },
    { group_description: 'no name: invalid' },
    { group_name: 42 },
    { group_name: 'Bronze' },
  ];
  for (const [op, path] of [
    [create, create.path],
    [edit, edit.path.replace(/\{[^}]+\}/, '1')],
  ] as const) {
    for (const body of bodies) {
      const request = {
        method: op.method.toUpperCase(),
        path,
        query: {},
        headers: { 'content-type': 'application/json', 'content-length': String(JSON.stringify(body).length) },
        body,
      };
      const answer = await engine.respond(op, request, {});
      expect({ body, answer }).toEqual({ body, answer: await (await fresh()).respond(op, request, {}) });
    }
  }
});
