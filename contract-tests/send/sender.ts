// Sending: turns a resolved request into an exchange. Knows nothing of checks. Every request has a
// timeout, redirects are never followed (a key is never sent to another origin), bodies are read up to a cap.
// The sender owns the concurrency: a request waits for a free slot first, and only then gets a connection of its
// own and starts its clock, so time spent queued behind a slow endpoint never counts against its timeout.
import pLimit from 'p-limit';
import { Agent, request } from 'undici';

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  /** The body was longer than the cap and was cut there. */
  truncated: boolean;
  /** The headers arrived but the body broke off (shorter than Content-Length, connection reset). */
  bodyError?: string;
}

export interface Exchange {
  request: OutgoingRequest;
  response?: ReceivedResponse;
  /** Why no response came back: a timeout, a refused or reset connection, a reply that is not HTTP. */
  error?: { kind: 'timeout' | 'connection' | 'protocol'; message: string };
  ms: number;
}

export interface SenderOptions {
  timeoutMs: number;
  concurrency: number;
  maxBodyBytes: number;
}

/** A request that was still waiting for a slot when its signal was aborted: never sent. */
export class NotSentError extends Error {}

export interface Sender {
  /** Sends when a slot is free; if `signal` is aborted before then, rejects with NotSentError. */
  send(request: OutgoingRequest, signal?: AbortSignal): Promise<Exchange>;
  close(): Promise<void>;
}

export function createSender(options: SenderOptions): Sender {
  // No per-origin connection limit in undici: the slots below bound the requests in flight, so a request that
  // has a slot never waits behind another one's connection.
  const agent = new Agent({
    connect: { timeout: options.timeoutMs },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const slots = pLimit(options.concurrency);
  return {
    send: (outgoing, signal) =>
      slots(() => {
        if (signal?.aborted) throw new NotSentError('not sent: the run was interrupted');
        return sendNow(outgoing);
      }),
    close: () => agent.close(),
  };

  async function sendNow(outgoing: OutgoingRequest): Promise<Exchange> {
    const started = performance.now();
    const signal = AbortSignal.timeout(options.timeoutMs);
    try {
      const response = await request(outgoing.url, {
        method: outgoing.method as never,
        headers: outgoing.headers,
        ...(outgoing.body === undefined ? {} : { body: outgoing.body }),
        dispatcher: agent,
        signal,
      });
      const { text, truncated, error } = await readCapped(response.body, options.maxBodyBytes);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return {
        request: outgoing,
        response: {
          status: response.statusCode,
          headers,
          bodyText: text,
          truncated,
          ...(error ? { bodyError: error } : {}),
        },
        ms: performance.now() - started,
      };
    } catch (error) {
      return {
        request: outgoing,
        error: classify(error, signal, options.timeoutMs),
        ms: performance.now() - started,
      };
    }
  }
}

async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(): void },
  cap: number,
): Promise<{ text: string; truncated: boolean; error?: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const text = () => Buffer.concat(chunks).toString('utf8');
  try {
    for await (const chunk of body) {
      const room = cap - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        body.destroy();
        return { text: text(), truncated: true };
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (error) {
    return { text: text(), truncated: false, error: (error as Error).message };
  }
  return { text: text(), truncated: false };
}

function classify(error: unknown, signal: AbortSignal, timeoutMs: number): NonNullable<Exchange['error']> {
  const e = error as { code?: string; name?: string; message?: string };
  const code = e.code ?? '';
  if (signal.aborted || /TIMEOUT/.test(code) || e.name === 'TimeoutError') {
    return { kind: 'timeout', message: `no complete answer within ${timeoutMs} ms` };
  }
  if (e.name === 'HTTPParserError' || code.startsWith('HPE_') || /does not match the HTTP/i.test(e.message ?? '')) {
    return { kind: 'protocol', message: `the answer is not valid HTTP (${e.message ?? code})` };
  }
  return { kind: 'connection', message: `${code || e.name || 'error'}: ${e.message ?? 'connection failed'}` };
}
