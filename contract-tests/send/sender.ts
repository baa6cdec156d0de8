// Sending: turns a resolved request into an exchange. Knows nothing of checks. Every request has a
// timeout, redirects are never followed (a key is never sent to another origin), bodies are read up to a cap.
// The sender owns the concurrency: a request waits for a free slot first, and only then gets a connection of its
// own and starts its clock, so time spent queued behind a slow endpoint never counts against its timeout.
//
// node:http rather than undici: a server may send interim 1xx answers before its final one (RFC 9110 §15.2), and
// undici destroys the connection on an unsolicited 100 Continue, while node:http skips every 1xx as curl does.
// Any content coding the server applies (gzip, deflate, br, and zstd where Node has it) is decoded, and the cap
// counts decoded bytes, so a compressed bomb is read only up to the cap. The body's bytes are checked as UTF-8.
// The keys are redacted from every header and body the moment they arrive, before any check cuts a preview.
import { isUtf8 } from 'node:buffer';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import pLimit from 'p-limit';
import type { Exchange, OutgoingRequest } from '../../openapi/conformance/exchange';
import { redactSecrets } from '../report/redact';

export type { Exchange, OutgoingRequest, ReceivedResponse } from '../../openapi/conformance/exchange';

export interface SenderOptions {
  timeoutMs: number;
  concurrency: number;
  maxBodyBytes: number;
  /** Redacted from every answer as it arrives (keys the run was given). */
  secrets?: Array<string | undefined>;
}

/** A request that was still waiting for a slot when its signal was aborted: never sent. */
export class NotSentError extends Error {}

export interface Sender {
  /**
   * Sends when a slot is free; if `signal` is aborted before then, rejects with NotSentError. `whenSlotFree` runs
   * once the slot is there, just before sending: what it throws is thrown instead (a caller's last word on sending).
   */
  send(request: OutgoingRequest, signal?: AbortSignal, whenSlotFree?: () => void): Promise<Exchange>;
  close(): Promise<void>;
}

export function createSender(options: SenderOptions): Sender {
  // No per-origin connection limit: the slots below bound the requests in flight, so a request that has a slot
  // never waits behind another one's connection.
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY }),
  };
  const slots = pLimit(options.concurrency);
  const secrets = options.secrets ?? [];
  return {
    send: (outgoing, signal, whenSlotFree) =>
      slots(() => {
        if (signal?.aborted) throw new NotSentError('not sent: the run was interrupted');
        whenSlotFree?.();
        return sendNow(outgoing);
      }),
    close: async () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };

  function sendNow(outgoing: OutgoingRequest): Promise<Exchange> {
    const started = performance.now();
    return new Promise<Exchange>((resolve) => {
      let settled = false;
      const finish = (exchange: Omit<Exchange, 'ms' | 'request'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ request: outgoing, ...exchange, ms: performance.now() - started });
      };
      const url = new URL(outgoing.url);
      const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
      const req = (url.protocol === 'https:' ? https : http).request(url, {
        method: outgoing.method,
        headers: {
          ...outgoing.headers,
          ...(outgoing.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(outgoing.body)) }),
        },
        agent,
      });
      const timedOut = () =>
        finish({ error: { kind: 'timeout', message: `no complete answer within ${options.timeoutMs} ms` } });
      let onTimeout = () => {
        timedOut();
        req.destroy();
      };
      const timer = setTimeout(() => onTimeout(), options.timeoutMs);
      req.on('error', (error) => finish({ error: classify(error) }));
      req.on('response', (res) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined)
            headers[name.toLowerCase()] = redactSecrets(Array.isArray(value) ? value.join(', ') : value, secrets);
        }
        const status = res.statusCode ?? 0;
        const answered = (body: ReadResult) =>
          finish({
            response: {
              status,
              headers,
              bodyText: redactSecrets(body.text, secrets),
              truncated: body.truncated,
              bytes: body.bytes,
              ...(body.error ? { bodyError: body.error } : {}),
              ...(body.notUtf8 ? { notUtf8: true } : {}),
            },
          });
        // A timeout once the headers are in is still a timeout: the body is abandoned, the connection closed.
        const reading = readBody(res, headers['content-encoding'], options.maxBodyBytes);
        onTimeout = () => {
          timedOut();
          reading.stop('timed out');
          req.destroy();
        };
        // readBody never rejects: every failure is in the result.
        void reading.done.then((body) => {
          answered(body);
          if (body.truncated || body.error) req.destroy();
        });
      });
      req.end(outgoing.body);
    });
  }
}

/** Of a body larger than the cap, the bytes kept: more than any preview shows. */
const KEPT_OF_CUT_BODY = 64 * 1024;

/** The first `n` bytes of a list of chunks, without joining the rest. */
function firstBytes(chunks: Buffer[], n: number): Buffer {
  const kept: Buffer[] = [];
  let size = 0;
  for (const chunk of chunks) {
    if (size >= n) break;
    kept.push(chunk.subarray(0, n - size));
    size += Math.min(chunk.length, n - size);
  }
  return Buffer.concat(kept);
}

interface ReadResult {
  text: string;
  truncated: boolean;
  bytes: number;
  error?: string;
  notUtf8?: boolean;
}

const DECODERS: Record<string, (() => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress) | undefined> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  br: () => zlib.createBrotliDecompress(),
  // zstd: Node 22.15 and later
  ...('createZstdDecompress' in zlib
    ? { zstd: () => (zlib as unknown as { createZstdDecompress(): zlib.Gunzip }).createZstdDecompress() }
    : {}),
};

/** The codings in the order they were applied, last first as they must be undone; undefined for one we cannot. */
function decodingChain(contentEncoding: string | undefined): string[] | { unknown: string } {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  const unknown = codings.find((c) => c !== 'deflate' && !DECODERS[c]);
  return unknown ? { unknown } : codings.reverse();
}

function readBody(
  res: http.IncomingMessage,
  contentEncoding: string | undefined,
  cap: number,
): { done: Promise<ReadResult>; stop(reason: string): void } {
  let stopWith: (reason: string) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    stopWith = (reason) => reject(new Error(reason));
  });
  stopped.catch(() => undefined);
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  const streams: Readable[] = [res];
  const read = async () => {
    const chain = decodingChain(contentEncoding);
    if (!Array.isArray(chain)) {
      throw new Error(
        `the body's Content-Encoding "${chain.unknown}" is not a coding the suite can decode (gzip, deflate, br${DECODERS.zstd ? ', zstd' : ''})`,
      );
    }
    let stream: Readable = res;
    for (const coding of chain) {
      const decoder = coding === 'deflate' ? await deflateDecoder(stream) : (DECODERS[coding] as () => zlib.Gunzip)();
      const from = stream;
      from.on('error', (e: Error) => decoder.destroy(e));
      stream = from.pipe(decoder);
      streams.push(stream);
    }
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const room = cap - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        size = cap;
        truncated = true;
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
    if (!res.complete) throw new Error('the connection closed before the body ended');
  };
  const done = (async (): Promise<ReadResult> => {
    let error: string | undefined;
    try {
      await Promise.race([read(), stopped]);
    } catch (e) {
      const message = (e as Error).message;
      error = message === 'aborted' ? 'the connection closed before the body ended' : message;
    } finally {
      for (const s of streams) s.destroy();
    }
    // A body cut at the cap is judged on its size alone: only its first bytes are kept, for the preview.
    const bytes = truncated ? firstBytes(chunks, KEPT_OF_CUT_BODY) : Buffer.concat(chunks);
    chunks.length = 0;
    // A body cut short (or at the cap) may end inside a character: those last bytes are not judged.
    const cut = truncated || error !== undefined;
    const notUtf8 = ![0, 1, 2, 3].some((drop) => (drop === 0 || cut) && isUtf8(bytes.subarray(0, bytes.length - drop)));
    return {
      text: bytes.toString('utf8'),
      truncated,
      bytes: size,
      ...(error ? { error } : {}),
      ...(notUtf8 ? { notUtf8 } : {}),
    };
  })();
  return { done, stop: (reason) => stopWith(reason) };
}

/** `deflate` is the zlib format (RFC 9110 §8.4.1.2), but some servers send raw deflate: the first bytes tell. */
async function deflateDecoder(stream: Readable): Promise<zlib.Inflate | zlib.InflateRaw> {
  const first = await new Promise<Buffer | null>((resolve) => {
    const onReadable = () => {
      const chunk = stream.read(2) as Buffer | null;
      if (chunk !== null) {
        stream.off('readable', onReadable);
        resolve(chunk);
      }
    };
    stream.on('readable', onReadable);
    stream.once('end', () => resolve(null));
    stream.once('close', () => resolve(null));
  });
  if (first) stream.unshift(first);
  const [a, b] = first ?? [];
  const zlibHeader = a !== undefined && b !== undefined && (a & 0x0f) === 8 && (a * 256 + b) % 31 === 0;
  return zlibHeader ? zlib.createInflate() : zlib.createInflateRaw();
}

function classify(error: unknown): NonNullable<Exchange['error']> {
  const e = error as { code?: string; name?: string; message?: string };
  const code = e.code ?? '';
  if (code.startsWith('HPE_') || /Parse Error/i.test(e.message ?? '')) {
    return {
      kind: 'protocol',
      message: `the answer is not valid HTTP (${e.message ?? code}${e.code ? ` ${e.code}` : ''})`,
    };
  }
  return { kind: 'connection', message: `${code || e.name || 'error'}: ${e.message ?? 'connection failed'}` };
}
