// Parity: the HTTP mock and every in-process host of the mock core (the core itself, msw/node; msw's setupWorker
// in chromium is in parity-browser.test.ts) answer one corpus derived from the spec with the same status, headers
// (but date, connection, keep-alive) and body bytes, in all four modes.
import { setupServer } from 'msw/node';
import { loadSpec } from '../openapi/spec';
import { DEFAULT_LAPSED_KEY } from './core-defaults';
import { createMockCore } from './core-node';
import {
  type CorpusAnswer,
  type CorpusRequest,
  firstDifference,
  PARITY_CLOCK,
  PARITY_MODES,
  parityCorpus,
  runCorpus,
} from './fixtures/parity-corpus';
import { xtrakitHandlers } from './msw-node';
import { KEY, startTestMock } from './test-support';

jest.setTimeout(240_000);

// One clock for every host: created_at and updated_at do not depend on the second each host ran in.
const clock = () => new Date(PARITY_CLOCK);
const MODES = PARITY_MODES.map((m) => ({ ...m, options: { ...m.options, clock } }));

let corpus: CorpusRequest[];

beforeAll(async () => {
  const spec = await loadSpec();
  corpus = parityCorpus(spec.document, { valid: KEY, lapsed: DEFAULT_LAPSED_KEY });
});

const read = async (response: Response) => ({
  status: response.status,
  headers: [...response.headers] as Array<[string, string]>,
  body: await response.text(),
});

describe.each(MODES)('$name mode', ({ options }) => {
  let http: CorpusAnswer[];

  beforeAll(async () => {
    const mock = await startTestMock(options);
    try {
      http = await runCorpus(corpus, async (r) =>
        read(
          await fetch(`${mock.baseUrl}${r.path}`, {
            method: r.method,
            headers: r.headers,
            ...(r.body === undefined ? {} : { body: r.body }),
          }),
        ),
      );
    } finally {
      await mock.close();
    }
  });

  test('the corpus covers every operation, documented status and script step, and the HTTP mock answers all', () => {
    expect(http).toHaveLength(corpus.length);
    expect(http.filter((a) => a.status >= 500 && !/forced 500/.test(a.name))).toEqual([]);
    // A created record is found, edited and deleted by its key through every host: the script reached its end.
    const afterDelete = http.filter((a) => a.name.endsWith('fetch after delete'));
    expect(afterDelete.length).toBeGreaterThan(0);
    for (const a of afterDelete) expect(a.status).toBe(404);
  });

  test('createMockCore().handle answers byte for byte like the HTTP mock', async () => {
    const core = await createMockCore(options);
    const direct = await runCorpus(corpus, async (r) =>
      read(
        await core.handle(
          new Request(`http://127.0.0.1/api/v1${r.path}`, {
            method: r.method,
            headers: r.headers,
            ...(r.body === undefined ? {} : { body: r.body }),
          }),
        ),
      ),
    );
    expect(firstDifference(http, direct, 'core.handle')).toBeUndefined();
  });

  test('msw/node setupServer with xtrakitHandlers answers byte for byte like the HTTP mock', async () => {
    const xtrakit = xtrakitHandlers(options);
    const server = setupServer(...xtrakit.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      await xtrakit.ready();
      const viaMsw = await runCorpus(corpus, async (r) =>
        read(
          await fetch(`https://api.xtrakit.com/api/v1${r.path}`, {
            method: r.method,
            headers: r.headers,
            ...(r.body === undefined ? {} : { body: r.body }),
          }),
        ),
      );
      expect(firstDifference(http, viaMsw, 'msw/node')).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
