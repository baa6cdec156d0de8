// Reading a request body: bounded in size, strict about UTF-8 and JSON, and never left half-read.
import type { IncomingMessage } from 'node:http';
import contentType from 'content-type';
import getRawBody from 'raw-body';

export type BodyResult =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'unsupported-type'; type: string }
  | { kind: 'too-large' }
  | { kind: 'malformed'; problem: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

/** Deeper JSON than any XtraKit body needs is refused before it reaches a validator that recurses. */
export const MAX_JSON_DEPTH = 64;

const decoder = new TextDecoder('utf-8', { fatal: true });

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function isJsonType(header: string | undefined): { ok: true } | { ok: false; type: string } {
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

export interface BodyLimits {
  /** Bytes. */
  limit: number;
  /** A body that stops arriving for this long is answered 408 (a stalled or trickling sender). */
  idleTimeoutMs: number;
}

export async function readJsonBody(req: IncomingMessage, { limit, idleTimeoutMs }: BodyLimits): Promise<BodyResult> {
  if (!hasBody(req)) return { kind: 'none' };
  const json = isJsonType(req.headers['content-type']);
  if (!json.ok) {
    req.resume(); // discard, so the connection stays usable
    return { kind: 'unsupported-type', type: json.type };
  }
  const read = await readWithIdleTimeout(req, limit, idleTimeoutMs);
  if ('kind' in read) return read;
  const raw = read.raw;
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
  } catch (error) {
    return { kind: 'malformed', problem: (error as Error).message };
  }
}

function readWithIdleTimeout(
  req: IncomingMessage,
  limit: number,
  idleTimeoutMs: number,
): Promise<{ raw: Buffer } | { kind: 'too-large' | 'timeout' | 'aborted' } | { kind: 'malformed'; problem: string }> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        req.off('data', arm);
        resolve({ kind: 'timeout' });
      }, idleTimeoutMs);
    };
    req.on('data', arm);
    arm();
    getRawBody(req, { limit }).then(
      (raw) => {
        clearTimeout(timer);
        req.off('data', arm);
        resolve({ raw });
      },
      (error: { type?: string }) => {
        clearTimeout(timer);
        req.off('data', arm);
        if (error.type === 'entity.too.large') resolve({ kind: 'too-large' });
        else if (error.type === 'request.size.invalid')
          resolve({ kind: 'malformed', problem: 'the body is shorter than Content-Length' });
        else resolve({ kind: 'aborted' });
      },
    );
  });
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
