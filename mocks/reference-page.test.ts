// The reference page at /__docs, opened in a real headless Chromium (Debian's package): every operation
// is on the page, and nothing is fetched from the network.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadSpec } from '../openapi/spec';
import { browserTest, launchChromium } from './fixtures/chromium';
import { buildReferencePage } from './reference-page';
import type { RunningMock } from './server';
import { startTestMock } from './test-support';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startTestMock();
});
afterAll(() => mock.close());

test('GET /__docs answers a self-contained HTML page', async () => {
  const response = await fetch(`${mock.origin}/__docs`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = await response.text();
  expect(html).toContain('Redoc.init(');
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
});

browserTest(
  'every operation of the spec is on the rendered page, with no request leaving the machine',
  async () => {
    const spec = await loadSpec();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const offsite: string[] = [];
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(mock.origin) && !url.startsWith('data:') && !url.startsWith('blob:')) offsite.push(url);
      });
      await page.goto(`${mock.origin}/__docs`, { waitUntil: 'load' });
      await page.waitForSelector('[data-section-id^="tag/"]', { timeout: 20000 });
      const text = await page.locator('body').innerText();
      const missing = spec.operations
        .map((op) => op.operation.summary ?? op.operationId)
        .filter((summary) => !text.includes(summary));
      expect(missing).toEqual([]);
      // The contract's notes are where people read: an inferred DELETE and a decision on creations.
      expect(text).toContain('Inferred, not documented: No page documents a DELETE endpoint');
      expect(text).toContain('Contract decision (status): The Introduction says a creation answers 201');
      expect(offsite).toEqual([]);
      const dir = path.resolve(__dirname, '..', 'reports', 'docs');
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, 'reference.png') });
    } finally {
      await browser.close();
    }
  },
  60000,
);

/** Every note of the spec (decisions and inferences, wherever they are), as a reader would see its text. */
function notesOfSpec(document: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const record = node as Record<string, unknown>;
    for (const key of ['x-xtrakit-decision', 'x-xtrakit-inferred']) {
      const note = record[key];
      if (typeof note === 'string') found.push(note);
      else if (note && typeof note === 'object') found.push(...Object.values(note).map(String));
    }
    for (const value of Object.values(record)) walk(value);
  };
  walk(document);
  return [...new Set(found)];
}

/** The start of a note as the page renders it: Markdown's code marks gone, white space as one space. */
const shownAs = (note: string) => note.replace(/`/g, '').replace(/\s+/g, ' ').trim().slice(0, 70);

browserTest(
  'every decision and inference note of the spec is visible on the expanded page',
  async () => {
    const spec = await loadSpec();
    const notes = notesOfSpec(spec.document);
    expect(notes.length).toBeGreaterThan(50);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.setContent(buildReferencePage(spec.document, { expandAll: true }), { waitUntil: 'load' });
      await page.waitForSelector('[data-section-id^="tag/"]', { timeout: 30000 });
      const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
      expect(notes.map(shownAs).filter((note) => !text.includes(note))).toEqual([]);
    } finally {
      await browser.close();
    }
  },
  120000,
);
