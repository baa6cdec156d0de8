// A request body as XtraKit reads it: JSON only, UTF-8, not deeper than any XtraKit body needs. No Node built-in:
// the HTTP mock, MSW handlers and Playwright routes decode bodies with this one function, so they refuse the same
// bodies with the same words, whatever JavaScript engine runs them.
import contentType from 'content-type';

export type DecodedBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'malformed'; problem: string };

/** Deeper JSON than any XtraKit body needs is refused before it reaches a validator that recurses. */
export const MAX_JSON_DEPTH = 64;

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

/**
 * Where a text that JSON.parse refused stops being JSON, found by a small scanner of the JSON grammar (RFC 8259):
 * "unexpected '}' at line 1, column 12" or "the text ends before the JSON value does".
 */
export function describeJsonError(text: string): string {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(what);
  };
  const at = (pos: number) => {
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    return `line ${line}, column ${column}`;
  };
  const unexpected = (): never =>
    i >= text.length
      ? fail('the text ends before the JSON value does')
      : fail(`unexpected ${JSON.stringify(text[i])} at ${at(i)}`);
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) unexpected();
      i++;
    }
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('a string is not closed before the text ends');
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail(`a control character inside a string at ${at(i)}`);
      if (c === 92) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(`a bad \\u escape at ${at(i)}`);
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail(`a bad escape at ${at(i)}`);
      } else i++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) unexpected();
    i += (match as RegExpExecArray)[0].length;
  };
  // Iterative over a stack, so that no text can exhaust the call stack. `value` reads one value, or opens an
  // array or object and answers true: the next thing to read is that container's first value.
  const stack: Array<'array' | 'object'> = [];
  const member = () => {
    ws();
    if (text[i] !== '"') unexpected();
    string();
    ws();
    if (text[i] !== ':') unexpected();
    i++;
  };
  const value = (): boolean => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      ws();
      if (text[i] === (c === '{' ? '}' : ']')) {
        i++;
        return false;
      }
      stack.push(c === '{' ? 'object' : 'array');
      if (c === '{') member();
      return true;
    }
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else unexpected();
    return false;
  };
  try {
    let needValue = true;
    for (;;) {
      if (needValue && value()) continue;
      needValue = false;
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      ws();
      if (text[i] === ',') {
        i++;
        if (top === 'object') member();
        needValue = true;
      } else if (text[i] === (top === 'object' ? '}' : ']')) {
        i++;
        stack.pop();
      } else unexpected();
    }
    ws();
    if (i < text.length) unexpected();
    return 'the text is not JSON';
  } catch (error) {
    return (error as Error).message;
  }
}
