// The API reference at /__docs: Redoc's standalone bundle and the spec, inlined into one HTML page,
// so the page needs no network at all (no CDN, no web fonts).
import { readFileSync } from 'node:fs';
import type { Document } from '../openapi/spec';

let bundle: string | undefined;

// Redoc's side menu links a logo on Redocly's CDN; the page stays offline with an empty image instead.
const EMPTY_IMAGE = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E';

function redocBundle(): string {
  bundle ??= readFileSync(require.resolve('redoc/bundles/redoc.standalone.js'), 'utf8').replace(
    /https:\/\/cdn\.redoc\.ly\/[^"'`\s)]+/g,
    EMPTY_IMAGE,
  );
  return bundle;
}

/** JSON that is safe inside a <script> element. */
const scriptSafe = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * The contract's `x-xtrakit-decision` and `x-xtrakit-inferred` notes, appended to the descriptions Redoc shows:
 * a reader sees where the contract had to decide and what it inferred, next to what it decided.
 */
export function withNotes(document: Document): Document {
  const copy = structuredClone(document) as Document & Record<string, unknown>;
  const seen = new Set<object>();
  const annotate = (node: unknown, target?: Record<string, unknown>): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) annotate(item);
      return;
    }
    const record = node as Record<string, unknown>;
    const notes = notesOf(record);
    if (notes.length > 0) {
      const holder = target ?? record;
      holder.description = [holder.description, ...notes].filter(Boolean).join('\n\n');
    }
    for (const [key, value] of Object.entries(record)) if (!key.startsWith('x-xtrakit-')) annotate(value);
  };
  // The document's own notes belong under info, where Redoc shows the introduction.
  annotate(copy, copy.info as unknown as Record<string, unknown>);
  return copy;
}

function notesOf(record: Record<string, unknown>): string[] {
  const notes: string[] = [];
  const inferred = record['x-xtrakit-inferred'];
  if (typeof inferred === 'string') notes.push(`> **Inferred, not documented:** ${inferred}`);
  const decision = record['x-xtrakit-decision'];
  if (typeof decision === 'string') notes.push(`> **Contract decision:** ${decision}`);
  else if (decision && typeof decision === 'object') {
    for (const [topic, text] of Object.entries(decision))
      notes.push(`> **Contract decision (${topic}):** ${String(text)}`);
  }
  return notes;
}

export function buildReferencePage(document: Document): string {
  const title = `${document.info.title} ${document.info.version} reference`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title.replace(/[<&>]/g, '')}</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<div id="reference"></div>
<script>${redocBundle().replace(/<\/script/gi, '<\\/script')}</script>
<script>
  Redoc.init(${scriptSafe(withNotes(document))}, {
    hideDownloadButton: true,
    expandResponses: '200,201',
    theme: { typography: { fontFamily: 'system-ui, sans-serif', headings: { fontFamily: 'system-ui, sans-serif' } } }
  }, document.getElementById('reference'));
</script>
</body>
</html>
`;
}
