// The answers the build precomputes (mocks/precomputed.ts) are exactly Prism's: a mock serving a spec with its
// precomputed file answers every such request as a mock without one does, byte for byte, and really answers
// them from the file. Everything else still goes to Prism.
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SPEC, loadSpec, type Operation } from '../openapi/spec';
import { DEFAULT_LAPSED_KEY } from './options';
import { precomputedFileFor, writePrecomputed } from './precomputed';
import type { RunningMock } from './server';
import { type Answer, AUTH, call, startTestMock } from './test-support';

let work: string;
let fromBuild: RunningMock;
let live: RunningMock;
let operations: Operation[];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'known-answers-'));
  const withFile = path.join(work, 'built', 'xtrakit.yaml');
  const without = path.join(work, 'plain', 'xtrakit.yaml');
  for (const file of [withFile, without]) {
    mkdirSync(path.dirname(file));
    copyFileSync(DEFAULT_SPEC, file);
  }
  await writePrecomputed(withFile);
  operations = (await loadSpec(DEFAULT_SPEC)).operations;
  fromBuild = await startTestMock({ spec: withFile });
  live = await startTestMock({ spec: without });
});
afterAll(async () => {
  await fromBuild?.close();
  await live?.close();
  rmSync(work, { recursive: true, force: true });
});

interface Ask {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
}

/** What a client's first requests look like: each operation plainly, without a key, with a wrong or lapsed key. */
function firstRequests(): Ask[] {
  const asks: Ask[] = [];
  for (const op of operations) {
    const method = op.method.toUpperCase();
    const concrete = op.path.replace(/\{[^}]+\}/g, '987654');
    if (!op.path.includes('{')) {
      asks.push({ name: `${op.operationId}`, method, path: op.path, headers: AUTH });
      asks.push({
        name: `${op.operationId} accepting JSON`,
        method,
        path: op.path,
        headers: { ...AUTH, accept: 'application/json' },
      });
      asks.push({
        name: `${op.operationId} from axios`,
        method,
        path: op.path,
        headers: { ...AUTH, accept: 'application/json, text/plain, */*' },
      });
    } else if (method === 'GET') {
      asks.push({ name: `${op.operationId} of an unknown record`, method, path: concrete, headers: AUTH });
    }
    asks.push({ name: `${op.operationId} without a key`, method, path: concrete, headers: {} });
    asks.push({
      name: `${op.operationId} with a wrong key`,
      method,
      path: concrete,
      headers: { authorization: 'Bearer nope' },
    });
    asks.push({
      name: `${op.operationId} with a lapsed key`,
      method,
      path: concrete,
      headers: { authorization: `Bearer ${DEFAULT_LAPSED_KEY}` },
    });
  }
  return asks;
}

const view = (a: Answer) => ({
  status: a.status,
  text: a.text,
  headers: Object.fromEntries([...a.headers].filter(([name]) => name !== 'date')),
});

interface Health {
  data: { startup: { knownAnswers: number; answeredFromBuild: number; prismLoaded: boolean } };
}
const startup = async (mock: RunningMock) => ((await call(mock, 'GET', '/__mock/health')).json as Health).data.startup;

test('every first request is answered from the build exactly as Prism answers it', async () => {
  const asks = firstRequests();
  expect((await startup(fromBuild)).knownAnswers).toBeGreaterThan(0);
  for (const ask of asks) {
    const built = await call(fromBuild, ask.method, ask.path, { headers: ask.headers });
    const prism = await call(live, ask.method, ask.path, { headers: ask.headers });
    expect({ ask: ask.name, ...view(built) }).toEqual({ ask: ask.name, ...view(prism) });
  }
  // Each of those requests was answered from the file; the mock without one had nothing to answer from.
  expect((await startup(fromBuild)).answeredFromBuild).toBe(asks.length);
  expect(await startup(live)).toMatchObject({ knownAnswers: 0, answeredFromBuild: 0, prismLoaded: true });
});

test('a request the build could not know goes to Prism, which loads for it', async () => {
  const before = await startup(fromBuild);
  const filtered = await call(fromBuild, 'GET', '/customers?customer_group_id=abc', { headers: AUTH });
  expect(filtered.status).toBe(400);
  const forced = await call(fromBuild, 'GET', '/customers', { headers: { ...AUTH, prefer: 'code=500' } });
  expect(forced.status).toBe(500);
  const after = await startup(fromBuild);
  expect(after.answeredFromBuild).toBe(before.answeredFromBuild);
  expect(after.prismLoaded).toBe(true);
});

test.each([
  ['a spec edited after the build', (spec: string) => appendFileSync(spec, '\n# edited after the build\n')],
  [
    'a file cut short',
    (spec: string) => {
      const file = precomputedFileFor(spec);
      writeFileSync(file, readFileSync(file, 'utf8').slice(0, 1000));
    },
  ],
])('%s: the precomputed file is not used, and the mock serves from the spec', async (name, spoil) => {
  const spec = path.join(work, name.replace(/\W+/g, '-'), 'xtrakit.yaml');
  mkdirSync(path.dirname(spec));
  copyFileSync(DEFAULT_SPEC, spec);
  await writePrecomputed(spec);
  spoil(spec);
  const mock = await startTestMock({ spec });
  try {
    expect((await call(mock, 'GET', '/customers', { headers: AUTH })).status).toBe(200);
    expect(await startup(mock)).toMatchObject({ knownAnswers: 0, answeredFromBuild: 0 });
  } finally {
    await mock.close();
  }
});

test('with --dynamic, a request outside the records gets made-up data from Prism while a 401 is still the documented one', async () => {
  const dir = path.join(work, 'built');
  const mock = await startTestMock({ spec: path.join(dir, 'xtrakit.yaml'), dynamic: true, seed: '7' });
  try {
    const before = await startup(mock);
    // The key check has no record behind it: its answer is generated (record operations answer from the world,
    // in the documented envelope).
    const generated = await call(mock, 'GET', '/user/authenticate', { headers: AUTH });
    expect(generated.status).toBe(200);
    const withoutKey = await call(mock, 'GET', '/customers', {});
    const documented = await call(live, 'GET', '/customers', {});
    expect(view(withoutKey)).toEqual(view(documented));
    // Only the 401 came from the build's file.
    expect((await startup(mock)).answeredFromBuild).toBe(before.answeredFromBuild + 1);
  } finally {
    await mock.close();
  }
});
