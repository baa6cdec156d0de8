// Parity in a real browser: the kit's browser bundle (dist/browser/msw.mjs, built here from the current sources)
// bundled into a page by esbuild for the browser — so its import graph can hold no Node built-in — and run under
// msw's setupWorker in Debian's chromium. The page answers the spec-derived corpus as the HTTP mock does, in all
// four modes. The page's own fetch adds an Origin header to some requests, so CORS headers (which echo it) are
// left out of this comparison; every other header, the status and the body bytes must match.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { loadSpec } from '../openapi/spec';
import { DEFAULT_LAPSED_KEY } from './core-defaults';
import { browserTest, launchChromium } from './fixtures/chromium';
import { compiledKit } from './fixtures/compiled-kit';
import {
  type CorpusAnswer,
  type CorpusRequest,
  firstDifference,
  PARITY_CLOCK,
  PARITY_MODES,
  parityCorpus,
  runCorpus,
} from './fixtures/parity-corpus';
import { KEY, startTestMock } from './test-support';

jest.setTimeout(300_000);

const root = path.resolve(__dirname, '..');
const CLOCK = PARITY_CLOCK;
const MODES = PARITY_MODES;

const PAGE_SCRIPT = `
import { setupWorker } from 'msw/browser';
import { xtrakitHandlers } from ${JSON.stringify('KIT/browser/msw.mjs')};
import { runCorpus } from ${JSON.stringify(path.join(__dirname, 'fixtures', 'parity-corpus.ts'))};
window.runParity = async (corpus, options, clockIso) => {
  const xtrakit = xtrakitHandlers({ ...options, clock: () => new Date(clockIso) });
  const worker = setupWorker(...xtrakit.handlers);
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
  await xtrakit.ready();
  try {
    return await runCorpus(corpus, async (r) => {
      const response = await fetch('/api/v1' + r.path, { method: r.method, headers: r.headers, body: r.body });
      return { status: response.status, headers: [...response.headers], body: await response.text() };
    });
  } finally {
    worker.stop();
  }
};
`;

let corpus: CorpusRequest[];
let server: Server;
let origin: string;
let browser: Browser | undefined;

beforeAll(async () => {
  const spec = await loadSpec();
  corpus = parityCorpus(spec.document, { valid: KEY, lapsed: DEFAULT_LAPSED_KEY });
  const kit = await compiledKit();
  // platform: 'browser' and no plugins: a Node built-in anywhere in the kit's browser graph fails this build.
  const bundled = await build({
    stdin: { contents: PAGE_SCRIPT.replace('KIT', kit), resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    nodePaths: [path.join(root, 'node_modules')],
    logLevel: 'silent',
  });
  const app = bundled.outputFiles[0]?.text ?? '';
  const worker = readFileSync(require.resolve('msw/mockServiceWorker.js'), 'utf8');
  server = createServer((req, res) => {
    const files: Record<string, [string, string]> = {
      '/': [
        'text/html',
        '<!doctype html><meta charset="utf-8"><title>app</title><script type="module" src="/app.js"></script>',
      ],
      '/app.js': ['text/javascript', app],
      '/mockServiceWorker.js': ['text/javascript', worker],
    };
    const file = files[req.url ?? '/'];
    res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' });
    res.end(file?.[1] ?? 'not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server.close(resolve));
});

const withoutCors = (answers: CorpusAnswer[]) =>
  answers.map((a) => ({ ...a, headers: a.headers.filter(([n]) => !n.startsWith('access-control-') && n !== 'vary') }));

describe.each(MODES)('$name mode', ({ options }) => {
  browserTest('msw setupWorker in chromium answers byte for byte like the HTTP mock', async () => {
    const mock = await startTestMock({ ...options, clock: () => new Date(CLOCK) });
    let http: CorpusAnswer[];
    try {
      http = await runCorpus(corpus, async (r) => {
        const response = await fetch(`${mock.baseUrl}${r.path}`, {
          method: r.method,
          headers: r.headers,
          ...(r.body === undefined ? {} : { body: r.body }),
        });
        return { status: response.status, headers: [...response.headers], body: await response.text() };
      });
    } finally {
      await mock.close();
    }
    browser ??= await launchChromium();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const offsite: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(origin)) offsite.push(r.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(origin);
      await Promise.race([
        page.waitForEvent('pageerror').then((e) => {
          throw new Error(`the page failed: ${e.message}`);
        }),
        page.waitForFunction(() => typeof (globalThis as unknown as { runParity?: unknown }).runParity === 'function'),
      ]);
      const inPage = (await page.evaluate(
        ([c, o, t]) =>
          (globalThis as unknown as { runParity: (...a: unknown[]) => Promise<CorpusAnswer[]> }).runParity(c, o, t),
        [corpus, options, CLOCK] as const,
      )) as CorpusAnswer[];
      expect(inPage).toHaveLength(corpus.length);
      const [want, got] = [withoutCors(http), withoutCors(inPage)];
      expect(firstDifference(want, got, 'setupWorker')).toBeUndefined();
      expect(offsite).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
