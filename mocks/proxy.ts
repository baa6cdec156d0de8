// The validating proxy (`xtrakit-mock --proxy <upstream base URL>`): every request goes to the upstream unchanged
// (the key included, never logged), and every answer comes back unchanged but checked with the contract suite's
// own checks: a documented status, content type, JSON body, envelope, schema, an empty 204. Each violation is one
// log line, an `X-Xtrakit-Violations` header on the answer, and an entry of GET /__mock/violations.
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import getRawBody from 'raw-body';
import { Agent, request } from 'undici';
import { createValidator } from '../openapi/ajv';
import { runChecks } from '../openapi/conformance';
import type { Exchange } from '../openapi/conformance/exchange';
import type { Expectation, Violation } from '../openapi/conformance/types';
import type { SchemaObject } from '../openapi/spec';
import { readJsonBody } from '../openapi/strict-json';
import type { EngineOperation } from './prism-engine';
import type { SpecFacts } from './spec-facts';

export interface RecordedViolation {
  check: string;
  method: string;
  /** The path as the client sent it, without the query string. */
  path: string;
  operationId: string;
  status: number;
  message: string;
  expected: string;
  received: string;
  pointer: string;
  at: string;
}

export interface ValidatingProxy {
  forward(
    req: IncomingMessage,
    res: ServerResponse,
    target: { path: string; search: string; operation?: EngineOperation },
  ): Promise<void>;
  violations(): RecordedViolation[];
  clear(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'te',
  'trailer',
]);
/** The newest violations kept for GET /__mock/violations. */
const KEPT = 10_000;
/** An upstream answer must be whole within this time (headers and body: a trickling body counts), else 504. */
export const UPSTREAM_TIMEOUT_MS = 30_000;
/** An upstream answer larger than this is not buffered for checking: the client gets a 502 envelope instead. */
export const MAX_UPSTREAM_BYTES = 16 * 1024 * 1024;

export function createProxy(options: {
  upstream: string;
  facts: SpecFacts;
  bodyLimit: number;
  log?: (line: string) => void;
  /** Default UPSTREAM_TIMEOUT_MS. */
  upstreamTimeoutMs?: number;
  /** Default MAX_UPSTREAM_BYTES. */
  maxUpstreamBytes?: number;
}): ValidatingProxy {
  const deadlineMs = options.upstreamTimeoutMs ?? UPSTREAM_TIMEOUT_MS;
  const maxBytes = options.maxUpstreamBytes ?? MAX_UPSTREAM_BYTES;
  const refuse = (res: ServerResponse, status: number, code: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status, message, data: { code } }));
  };
  const agent = new Agent({ headersTimeout: 30_000, bodyTimeout: 30_000, connect: { timeout: 10_000 } });
  const recorded: RecordedViolation[] = [];
  const ajv = createValidator({ optimize: false });
  const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();
  const validate = (schema: SchemaObject, value: unknown) => {
    let fn = compiled.get(schema);
    if (!fn) {
      fn = ajv.compile(schema);
      compiled.set(schema, fn);
    }
    return fn(value)
      ? []
      : (fn.errors ?? []).map((e) => ({ pointer: e.instancePath, message: e.message ?? 'is invalid' }));
  };

  return {
    async forward(req, res, { path, search, operation }) {
      const method = (req.method ?? 'GET').toUpperCase();
      let body: Buffer;
      try {
        body = await getRawBody(req, { limit: options.bodyLimit });
      } catch {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(
          JSON.stringify({ status: 413, message: 'The request body is larger than the proxy forwards', data: {} }),
        );
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(name) && value !== undefined)
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const started = performance.now();
      // One deadline for the whole answer: headers and every body byte (a trickling upstream cannot hold the client).
      const deadline = AbortSignal.timeout(deadlineMs);
      const late = () => {
        const message = `the upstream ${options.upstream} did not answer within ${deadlineMs} ms`;
        options.log?.(`UPSTREAM ${method} ${req.url ?? ''}: ${message}`);
        refuse(res, 504, 'UPSTREAM_TIMEOUT', message);
      };
      let upstream: Awaited<ReturnType<typeof request>>;
      try {
        upstream = await request(`${options.upstream}${path}${search}`, {
          method: method as never,
          headers,
          ...(body.length > 0 ? { body } : {}),
          dispatcher: agent,
          signal: deadline,
        });
      } catch (error) {
        if (deadline.aborted) return late();
        const message = `the upstream ${options.upstream} did not answer: ${(error as Error).message}`;
        options.log?.(`UPSTREAM ${method} ${req.url ?? ''}: ${message}`);
        return refuse(res, 502, 'UPSTREAM_UNREACHABLE', message);
      }
      // A body that breaks off (shorter than its Content-Length, a reset) is a finding, not a proxy failure. Up to
      // the bound the answer is held, checked whole, and sent with its violation count; past the bound it is
      // checked as far as it can be (status, headers, "too large to check"), then streamed through as it arrives.
      const chunks: Buffer[] = [];
      let size = 0;
      let bodyError: string | undefined;
      let overflow: Buffer | undefined;
      const reader = (upstream.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      try {
        for (;;) {
          const next = await reader.next();
          if (next.done) break;
          if (size + next.value.length > maxBytes) {
            overflow = next.value;
            break;
          }
          size += next.value.length;
          chunks.push(next.value);
        }
      } catch (error) {
        if (deadline.aborted) return late();
        bodyError = (error as Error).message;
      }
      const payload = Buffer.concat(chunks);
      const answerHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(upstream.headers)) {
        if (!HOP_BY_HOP.has(name) && value !== undefined)
          answerHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const announced = upstream.headers['content-length'];
      const seen = typeof announced === 'string' ? { ...answerHeaders, 'content-length': announced } : answerHeaders;
      const found: Violation[] = operation
        ? check(operation, method, upstream.statusCode, seen, payload, bodyError, performance.now() - started, {
            truncated: overflow !== undefined,
          })
        : [
            {
              // Traffic the contract does not describe: forwarded all the same, but never "0 violations".
              check: 'undocumented-operation',
              severity: 'error',
              message: `${method} ${path} is not an operation of the contract`,
              expected: 'a method and path the contract documents',
              received: `${method} ${path}`,
              pointer: 'status-line',
            },
          ];
      if (overflow && !operation) {
        found.push({
          check: 'body-is-json',
          severity: 'error',
          message: `The body is larger than the proxy checks (more than ${maxBytes} bytes): passed through unchecked`,
          expected: 'a JSON envelope of reasonable size',
          received: `more than ${maxBytes} bytes`,
          pointer: 'body',
        });
      }
      for (const v of found) {
        const entry: RecordedViolation = {
          check: v.check,
          method,
          path: (req.url ?? '/').split('?')[0] ?? '/',
          operationId: operation?.operationId ?? '',
          status: upstream.statusCode,
          message: v.message,
          expected: v.expected,
          received: v.received,
          pointer: v.pointer,
          at: new Date().toISOString(),
        };
        recorded.push(entry);
        if (recorded.length > KEPT) recorded.shift();
        options.log?.(`VIOLATION ${entry.check} ${method} ${entry.path} ${entry.status}: ${entry.message}`);
      }
      for (const [name, value] of Object.entries(answerHeaders)) res.setHeader(name, value);
      res.setHeader('X-Xtrakit-Violations', String(found.length));
      const bodiless = upstream.statusCode === 204 || upstream.statusCode === 304 || method === 'HEAD';
      if (overflow) return streamRest(res, upstream, reader, payload, overflow, announced, deadline, method, req.url);
      if (!bodiless) res.setHeader('Content-Length', payload.length);
      res.writeHead(upstream.statusCode);
      res.end(bodiless ? undefined : payload);
    },
    violations: () => [...recorded],
    clear: () => {
      recorded.length = 0;
    },
    close: () => agent.close(),
  };

  /**
   * An answer past the bound: what was held, then the rest as it arrives, with backpressure (memory stays at the
   * bound). The deadline still holds: an upstream that has not finished by then is cut off, and so is the client.
   */
  async function streamRest(
    res: ServerResponse,
    upstream: Awaited<ReturnType<typeof request>>,
    body: AsyncIterator<Buffer>,
    held: Buffer,
    overflow: Buffer,
    announced: string | string[] | undefined,
    deadline: AbortSignal,
    method: string,
    url: string | undefined,
  ): Promise<void> {
    if (typeof announced === 'string') res.setHeader('Content-Length', announced);
    res.writeHead(upstream.statusCode);
    const gone = new Promise<void>((resolve) => res.once('close', resolve));
    const write = async (chunk: Buffer) => {
      if (!res.write(chunk)) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), gone]);
    };
    try {
      await write(held);
      await write(overflow);
      for (;;) {
        if (res.destroyed) {
          upstream.body.destroy();
          return;
        }
        const next = await body.next();
        if (next.done) break;
        await write(next.value);
      }
      res.end();
    } catch (error) {
      const why = deadline.aborted ? `not whole within ${deadlineMs} ms` : (error as Error).message;
      options.log?.(`UPSTREAM ${method} ${url ?? ''}: the answer passed through broke off: ${why}`);
      res.destroy();
    }
  }

  function check(
    operation: EngineOperation,
    method: string,
    status: number,
    headers: Record<string, string>,
    payload: Buffer,
    bodyError: string | undefined,
    ms: number,
    { truncated }: { truncated: boolean },
  ): Violation[] {
    const documented = operation.codes.filter((c) => /^\d{3}$/.test(c)).map(Number);
    // Any documented status is right for traffic the proxy did not build: the case accepts them all.
    const c: Expectation = {
      operationId: operation.operationId,
      expectedStatus: documented.includes(status) ? status : (documented[0] ?? status),
      acceptedStatuses: documented,
      title: 'an answer through the proxy',
      auth: 'valid',
    };
    const bodyText = payload.toString('utf8');
    const exchange: Exchange = {
      request: { method, url: operation.path, headers: {} },
      response: {
        status,
        headers,
        bodyText,
        truncated,
        bytes: payload.length,
        ...(bodyError ? { bodyError } : {}),
        ...(isUtf8(payload) ? {} : { notUtf8: true }),
      },
      ms,
    };
    // Read as strictly as the suite reads it (repeated names, numbers too large, nesting too deep).
    const reading = bodyError || truncated ? {} : readJsonBody(bodyText);
    const responseSchema = options.facts.responseSchemas.get(`${operation.operationId} ${status}`);
    return runChecks({
      case: c,
      exchange,
      ...reading,
      ...(responseSchema ? { responseSchema } : {}),
      validate,
    }).filter((v) => v.severity === 'error');
  }
}
