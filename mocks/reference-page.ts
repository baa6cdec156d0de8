// The API reference at /__docs: Redoc's standalone bundle and the spec, inlined into one HTML page,
// so the page needs no network at all (no CDN, no web fonts). The installed kit carries Redoc's bundle as one
// file and the packaged contract's page ready made (both written by the build), not Redoc's dependency tree.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Document } from '../openapi/spec';

let bundle: string | undefined;

// Redoc's side menu links a logo on Redocly's CDN; the page stays offline with an empty image instead.
const EMPTY_IMAGE = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E';

/** Where the build puts the page's assets: dist/docs beside dist/mocks. */
export const BUILT_DOCS = path.join(__dirname, '..', 'docs');
export const BUILT_BUNDLE = path.join(BUILT_DOCS, 'redoc.standalone.js');
/** The packaged contract's page, made by the build. */
export const BUILT_PAGE = path.join(BUILT_DOCS, 'reference.html');

/** Redoc's standalone bundle, made offline: the build's copy, else (in the kit's clone) the redoc package's. */
export function redocBundle(): string {
  if (bundle) return bundle;
  if (existsSync(BUILT_BUNDLE)) {
    bundle = readFileSync(BUILT_BUNDLE, 'utf8');
    return bundle;
  }
  bundle = packageBundle();
  return bundle;
}

/** The redoc package's standalone bundle (a development dependency: the build copies it), made offline. */
export function packageBundle(): string {
  let file: string;
  try {
    file = require.resolve('redoc/bundles/redoc.standalone.js');
  } catch {
    throw new Error(
      `no reference page bundle: ${BUILT_BUNDLE} is missing (run npm run build) and redoc is not installed`,
    );
  }
  return readFileSync(file, 'utf8').replace(/https:\/\/cdn\.redoc\.ly\/[^"'`\s)]+/g, EMPTY_IMAGE);
}

/** JSON that is safe inside a <script> element. */
const scriptSafe = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * The contract's `x-xtrakit-decision` and `x-xtrakit-inferred` notes, appended to the descriptions Redoc shows:
 * a reader sees where the contract had to decide and what it inferred, next to what it decided. Redoc does not show
 * the description of a request body's schema, of an array's items or of an `allOf`/`oneOf` member, so a note there
 * is also written where Redoc does show it: the request body, the property that holds the array or the combination,
 * the schema that combines.
 */
export function withNotes(document: Document): Document {
  const copy = structuredClone(document) as Document & Record<string, unknown>;
  const seen = new Set<unknown>();
  const walk = (node: unknown, key?: string, target?: Record<string, unknown>): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    const record = node as Record<string, unknown>;
    append(target ?? record, notesOf(record));
    // What Redoc would not show goes to the nearest part it does show: the request body shows its schema's notes,
    // a schema that combines others (Customer's allOf) shows their notes.
    if (key === 'requestBody') {
      const content = (record.content ?? {}) as Record<string, { schema?: unknown }>;
      append(
        record,
        Object.values(content).flatMap((media) => innerNotes(media.schema)),
      );
    }
    append(
      record,
      members(record).flatMap((m) => innerNotes(m)),
    );
    if (key === 'properties') {
      // A property is shown with its own description: an array's items and a combination's members are not.
      for (const [name, property] of Object.entries(record)) {
        if (property === null || typeof property !== 'object') continue;
        const p = property as Record<string, unknown>;
        const hidden = [...members(p), p.items].flatMap((m) => innerNotes(m));
        if (hidden.length === 0) continue;
        // A copy: the same schema may be shown elsewhere without these notes.
        const shown = { ...p };
        append(shown, hidden);
        record[name] = shown;
      }
    }
    for (const [k, value] of Object.entries(record)) if (!k.startsWith('x-xtrakit-')) walk(value, k);
  };
  // The document's own notes belong under info, where Redoc shows the introduction.
  walk(copy, undefined, copy.info as unknown as Record<string, unknown>);
  return copy;
}

/** Appends the notes a description does not hold yet. */
function append(holder: Record<string, unknown>, notes: string[]): void {
  const current = typeof holder.description === 'string' ? holder.description : '';
  const fresh = notes.filter((n) => !current.includes(n));
  if (fresh.length > 0) holder.description = [current, ...fresh].filter(Boolean).join('\n\n');
}

/** The schemas a schema combines (allOf, oneOf, anyOf). */
const members = (s: Record<string, unknown>): unknown[] =>
  [s.allOf, s.oneOf, s.anyOf].flatMap((m) => (Array.isArray(m) ? (m as unknown[]) : []));

/** A schema's notes and those of the parts Redoc shows through it: combined members, an array's items. */
function innerNotes(schema: unknown, seen = new Set<unknown>()): string[] {
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return [];
  seen.add(schema);
  const s = schema as Record<string, unknown>;
  return [...notesOf(s), ...[...members(s), s.items].flatMap((p) => innerNotes(p, seen))];
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

export interface ReferencePageOptions {
  /** Every response, schema and nested field open (for a reader who wants it all at once, and for tests). */
  expandAll?: boolean;
}

export function buildReferencePage(document: Document, options: ReferencePageOptions = {}): string {
  const expand = options.expandAll
    ? "expandResponses: 'all', schemaExpansionLevel: 'all',"
    : "expandResponses: '200,201',";
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
    ${expand}
    theme: { typography: { fontFamily: 'system-ui, sans-serif', headings: { fontFamily: 'system-ui, sans-serif' } } }
  }, document.getElementById('reference'));
</script>
</body>
</html>
`;
}
