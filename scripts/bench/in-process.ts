// In-process rows of the benchmark (run in a child process of its own: msw patches the process's fetch). The same
// requests through each host: createMockCore().handle in a loop, xtrakitHandlers under msw/node's setupServer with
// fetch, and @mswjs/source's fromOpenApi handlers on the same spec (the only in-process peer that serves a spec's
// examples). Every request is one every compared host answers with a success: a valid key, the examples' own ids.
// One host per process (`in-process.ts <core|msw|source> <validated|repeated>`), so each first answer is cold.
// Prints one JSON line: the first answer after the handlers are created, and median and p99 per request.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';

const KEY = '92857043717beff382ae75c8dc7514162f04';
const API = 'https://api.xtrakit.com/api/v1';
const N = Number(process.env.BENCH_IN_PROCESS_REQUESTS ?? 2000);

/** `validated`: a filter value that changes every time, so no cache answers and the request is validated each time. */
const request = (i: number, kind: 'repeated' | 'validated') =>
  new Request(`${API}/customers?customer_group_id=${kind === 'repeated' ? 1 : (i % 997) + 1}`, {
    headers: { authorization: `Bearer ${KEY}` },
  });

export interface InProcessRow {
  host: string;
  sends: string;
  firstAnswerMs: number;
  medianMs: number;
  p99Ms: number;
  ok: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function measure(
  host: string,
  sends: string,
  create: () => Promise<(r: Request) => Promise<Response>>,
  kind: 'repeated' | 'validated',
): Promise<InProcessRow> {
  const started = performance.now();
  const answer = await create();
  // The first answer: a plain list, what an app's first screen asks (the build knows it; no warm-up needed).
  const first = await answer(new Request(`${API}/customers`, { headers: { authorization: `Bearer ${KEY}` } }));
  await first.arrayBuffer();
  const firstAnswerMs = performance.now() - started;
  const times: number[] = [];
  let ok = first.ok ? 1 : 0;
  for (let i = 1; i <= N; i++) {
    const t = performance.now();
    const response = await answer(request(i, kind));
    await response.arrayBuffer();
    times.push(performance.now() - t);
    if (response.ok) ok += 1;
  }
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    host,
    sends,
    firstAnswerMs: Math.round(firstAnswerMs),
    medianMs: round(quantile(times, 0.5)),
    p99Ms: round(quantile(times, 0.99)),
    ok,
  };
}

type Host = 'core' | 'msw' | 'source';

/** The kit as users run it: compiled (npm run bench builds dist/ first). */
const compiled = (name: string): unknown => require(path.join(__dirname, '..', '..', 'dist', 'mocks', `${name}.js`));

const HOSTS: Record<Host, string> = {
  core: 'core.handle',
  msw: 'msw/node + xtrakitHandlers, fetch',
  source: 'msw/node + @mswjs/source fromOpenApi, fetch',
};

/** The handlers' creation, for one host, in a fresh process: what a test file pays before its first answer. */
async function create(host: Host): Promise<(r: Request) => Promise<Response>> {
  if (host === 'core') {
    const { createMockCore } = compiled('core-node') as typeof import('../../mocks/core-node');
    const core = await createMockCore();
    return (r) => core.handle(r);
  }
  const { setupServer } = await import('msw/node');
  if (host === 'msw') {
    const { xtrakitHandlers } = compiled('msw-node') as typeof import('../../mocks/msw-node');
    setupServer(...xtrakitHandlers().handlers).listen({ onUnhandledRequest: 'error' });
    return (r) => fetch(r);
  }
  // Not resolvable under this project's CommonJS module setting: loaded by name at run time.
  const { fromOpenApi } = (await import(String('@mswjs/source/open-api'))) as {
    fromOpenApi: (doc: unknown) => Promise<Parameters<typeof setupServer>>;
  };
  const document = YAML.parse(readFileSync(path.join(__dirname, '..', '..', 'openapi', 'xtrakit.yaml'), 'utf8'));
  setupServer(...(await fromOpenApi(document))).listen({ onUnhandledRequest: 'error' });
  return (r) => fetch(r);
}

async function main() {
  const [host, kind] = process.argv.slice(2) as [Host, 'validated' | 'repeated'];
  // msw itself (and the peer's module) are loaded before the clock starts: the rows time the handlers, not msw.
  if (host !== 'core') await import('msw/node');
  if (host === 'source') await import(String('@mswjs/source/open-api'));
  const sends =
    kind === 'validated'
      ? 'GET /customers?customer_group_id=<1…997>, valid key: validated each time'
      : 'GET /customers?customer_group_id=1, valid key: the same request each time';
  console.log(JSON.stringify(await measure(HOSTS[host], sends, () => create(host), kind)));
}
main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack);
    process.exit(1);
  },
);
