// Reading a target's JSON the way a strict client would: RFC 8259 syntax (JSON.parse), plus what JSON.parse lets
// through silently and a real client may not survive: names repeated inside one object (JSON.parse keeps the last,
// another parser the first), numbers no double can hold (`1e400` becomes Infinity, which then passes as an
// integer), and nesting deeper than any XtraKit answer needs (a recursive reader overflows its stack). One
// iterative pass, no recursion, so no input can overflow the suite's own stack. Where JSON.parse refuses a text,
// describeJsonError says where in words of its own, the same on every JavaScript engine (the mock uses it too).

/** Deeper than this, an answer is refused: XtraKit's records nest a handful of levels. */
export const MAX_JSON_DEPTH = 64;

export type StrictJson = { ok: true; value: unknown } | { ok: false; problem: string; pointer: string };

const escapeToken = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function parseStrictJson(text: string): StrictJson {
  // Containers open at this point: for each, its kind, the names seen (objects), the current name or index.
  const kinds: Array<'{' | '['> = [];
  const names: Array<Set<string> | undefined> = [];
  const at: Array<string | number> = [];
  let expectName = false;
  const pointer = () => at.map((p) => `/${escapeToken(String(p))}`).join('');
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      let j = i + 1;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 0x5c /* \ */) j += 2;
        else if (c === 0x22) break;
        else j += 1;
      }
      const top = kinds.length - 1;
      if (expectName && kinds[top] === '{') {
        let name: string;
        try {
          name = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          break; // a syntax error: JSON.parse below says where
        }
        const seen = names[top] as Set<string>;
        if (seen.has(name)) {
          at[top] = name;
          return { ok: false, problem: `the name "${name}" appears twice in one object`, pointer: pointer() };
        }
        seen.add(name);
        at[top] = name;
        expectName = false;
      }
      i = j + 1;
      continue;
    }
    if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (kinds.length >= MAX_JSON_DEPTH)
        return {
          ok: false,
          problem: `nested more than ${MAX_JSON_DEPTH} levels deep`,
          pointer: pointer(),
        };
      kinds.push(ch === 0x7b ? '{' : '[');
      names.push(ch === 0x7b ? new Set() : undefined);
      at.push(ch === 0x7b ? '' : 0);
      expectName = ch === 0x7b;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      kinds.pop();
      names.pop();
      at.pop();
      expectName = false;
    } else if (ch === 0x2c /* , */) {
      const top = kinds.length - 1;
      if (kinds[top] === '{') expectName = true;
      else if (kinds[top] === '[') at[top] = (at[top] as number) + 1;
    } else if (ch === 0x2d /* - */ || (ch >= 0x30 && ch <= 0x39)) {
      let j = i + 1;
      while (j < n && /[0-9eE+\-.]/.test(text[j] as string)) j += 1;
      const token = text.slice(i, j);
      if (!Number.isFinite(Number(token)))
        return {
          ok: false,
          problem: `the number ${token.slice(0, 40)} is too large for any JSON reader to hold`,
          pointer: pointer(),
        };
      i = j;
      continue;
    }
    i += 1;
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, problem: `it does not parse as JSON (${describeJsonError(text)})`, pointer: '' };
  }
}

/** What a check reads of a body: its value when it reads strictly, else why it cannot be read. */
export interface JsonReading {
  json?: { value: unknown };
  jsonProblem?: { problem: string; pointer: string };
}

/** Reads a body for the checks; an empty body gives neither (a body that is not there is no JSON problem). */
export function readJsonBody(text: string): JsonReading {
  if (text.trim() === '') return {};
  const parsed = parseStrictJson(text);
  return parsed.ok
    ? { json: { value: parsed.value } }
    : { jsonProblem: { problem: parsed.problem, pointer: parsed.pointer } };
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
