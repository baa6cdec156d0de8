// A request body as XtraKit reads it: JSON only, UTF-8, not deeper than any XtraKit body needs. No Node built-in:
// the HTTP mock, MSW handlers and Playwright routes decode bodies with this one function, so they refuse the same
// bodies with the same words, whatever JavaScript engine runs them.
import contentType from 'content-type';
import { describeJsonError, MAX_JSON_DEPTH } from '../openapi/strict-json';

export type DecodedBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'malformed'; problem: string };

// Deeper JSON than any XtraKit body needs (MAX_JSON_DEPTH, the limit the suite reads answers with) is refused
// before it reaches a validator that recurses.
const decoder = new TextDecoder('utf-8', { fatal: true });

export function isJsonType(header: string | null | undefined): { ok: true } | { ok: false; type: string } {
  if (!header) return { ok: false, type: '(none)' };
  try {
    const { type } = contentType.parse(header);
    return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type)
      ? { ok: true }
      : { ok: false, type };
  } catch {
    return { ok: false, type: header };
  }
}

export function decodeJsonBody(raw: Uint8Array): DecodedBody {
  if (raw.length === 0) return { kind: 'none' };
  let text: string;
  try {
    text = decoder.decode(raw);
  } catch {
    return { kind: 'malformed', problem: 'the body is not valid UTF-8' };
  }
  const depth = nestingDepth(text);
  if (depth > MAX_JSON_DEPTH)
    return { kind: 'malformed', problem: `nested ${depth} levels deep; the limit is ${MAX_JSON_DEPTH}` };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch {
    // A form body labelled JSON: what the docs' PHP samples send (an array in CURLOPT_POSTFIELDS beside their own
    // Content-Type: application/json header). Said as such, with the fix.
    if (/^--[^\r\n]{1,200}\r?\ncontent-disposition: *form-data/i.test(text)) {
      return {
        kind: 'malformed',
        problem:
          'this is a multipart/form-data body labelled application/json (what cURL sends for a PHP array in CURLOPT_POSTFIELDS); send json_encode($data)',
      };
    }
    // The engine's own wording differs between V8 versions and engines: the mock says where, in its own words.
    return { kind: 'malformed', problem: describeJsonError(text) };
  }
}

/** The deepest nesting of arrays and objects in a JSON text, counted without recursion. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}
