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
  | { kind: 'aborted' };

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

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  if (!hasBody(req)) return { kind: 'none' };
  const json = isJsonType(req.headers['content-type']);
  if (!json.ok) {
    req.resume(); // discard, so the connection stays usable
    return { kind: 'unsupported-type', type: json.type };
  }
  let raw: Buffer;
  try {
    raw = await getRawBody(req, { limit });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') return { kind: 'too-large' };
    if (type === 'request.size.invalid')
      return { kind: 'malformed', problem: 'the body is shorter than Content-Length' };
    return { kind: 'aborted' };
  }
  if (raw.length === 0) return { kind: 'none' };
  let text: string;
  try {
    text = decoder.decode(raw);
  } catch {
    return { kind: 'malformed', problem: 'the body is not valid UTF-8' };
  }
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (error) {
    return { kind: 'malformed', problem: (error as Error).message };
  }
}
