// The mock's HTTP layer: owns the socket, body parsing, auth, CORS and every error shape; asks the
// Prism engine for routing, validation and responses; asks the store in stateful mode.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import type { Document } from '../openapi/spec';
import { authenticate, type KeyRing } from './auth';
import { hasBody, readJsonBody } from './body';
import { type Envelope, type MockErrorCode, mockError } from './errors';
import type { MockOptions } from './options';
import { loadForMock } from './precomputed';
import { readPreferences, withoutPreferenceKeys } from './preferences';
import { createEngine, type Engine, type EngineOperation, type EngineRequest } from './prism-engine';
import type { ValidatingProxy } from './proxy';
import { realistic } from './realistic';
import { buildReferencePage } from './reference-page';
import { type SpecFacts, specFacts, UnservableSpecError } from './spec-facts';
import { answerStatefully, createStatefulContext, type StatefulContext } from './stateful';

export interface RunningMock {
  /** Origin, e.g. http://127.0.0.1:4010 */
  origin: string;
  /** The API base URL a client uses, e.g. http://127.0.0.1:4010/api/v1 */
  baseUrl: string;
  port: number;
  /** What the mock learnt from its spec: base path, title, secured operations. */
  facts: SpecFacts;
  server: Server;
  /** Empties the stateful store back to the spec's examples (no-op when not stateful). */
  reset(): void;
  close(): Promise<void>;
}

interface CachedAnswer {
  status: number;
  headers: Record<string, string | number | string[]>;
  payload: string;
}

interface Context {
  /**
   * Static, example-based mode answers the same request the same way every time: whole answers to bodyless
   * requests are kept, keyed by everything that can change them. Off in stateful and dynamic modes.
   */
  answers?: LRUCache<string, CachedAnswer>;
  /** Keys asked once: an answer is kept only when its request comes a second time. */
  seen?: LRUCache<string, true>;
  engine: Engine;
  ring: KeyRing;
  options: MockOptions;
  /** The records: changed by requests in stateful mode, read-only (the spec's examples) otherwise. */
  records: StatefulContext;
  /**
   * Static mode's session records: what clients create lives here (bounded by the process), so a record can be
   * created, fetched, edited and deleted by its key, while the spec's example records never change.
   */
  session: StatefulContext;
  document: Document;
  facts: SpecFacts;
  /**
   * Keys of records that dynamic data made up (a create's generated id), so that a client can fetch, edit and
   * delete what it just created, as with a real server. Bounded in count.
   */
  generated: LRUCache<string, true>;
  /** --proxy: forwards to the upstream and checks its answers instead of answering from the spec. */
  proxy?: ValidatingProxy;
  /** Built on the first request for /__docs, so start-up does not pay for it. */
  referencePage?: string;
}

const JSON_TYPE = 'application/json';
/** How long the mock waits, idle, before loading what only later requests need. */
const WARM_UP_AFTER_IDLE_MS = 100;

export async function startMock(options: MockOptions): Promise<RunningMock> {
  const { spec, precomputed } = await loadForMock(options.spec);
  let facts: SpecFacts;
  try {
    facts = specFacts(spec);
  } catch (error) {
    if (error instanceof UnservableSpecError) throw new Error(`cannot serve ${options.spec}: ${error.message}`);
    throw error;
  }
  const engine = await createEngine(
    spec.document,
    {
      dynamic: options.dynamic,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    },
    precomputed,
  );
  const context: Context = {
    engine,
    ring: { keys: options.keys, lapsedKeys: options.lapsedKeys },
    options,
    records: createStatefulContext(spec),
    session: createStatefulContext(spec, false),
    document: spec.document,
    facts,
    generated: new LRUCache<string, true>({ max: 10_000 }),
    ...(options.proxy
      ? {
          // Required only for --proxy: it brings the contract suite's checks and an HTTP client.
          proxy: (require('./proxy') as typeof import('./proxy')).createProxy({
            upstream: options.proxy,
            facts,
            bodyLimit: options.bodyLimit,
            ...(options.log ? { log: options.log } : {}),
          }),
        }
      : {}),
    ...(options.stateful || options.dynamic || options.proxy
      ? {}
      : {
          // Both bounded in bytes (keys are hashes, so a 900 KiB body costs 64 bytes of key): a stream of
          // distinct requests (varied ids and bodies) only churns them.
          answers: new LRUCache<string, CachedAnswer>({
            max: 1000,
            maxSize: 4 * 1024 * 1024,
            sizeCalculation: (a, key) => 2 * (key.length + a.payload.length) + 1024,
          }),
          seen: new LRUCache<string, true>({
            max: 10_000,
            maxSize: 1024 * 1024,
            sizeCalculation: (_v, key) => 2 * key.length + 64,
          }),
        }),
  };

  const server = createServer({
    requestTimeout: options.requestTimeoutMs,
    headersTimeout: options.requestTimeoutMs,
    connectionsCheckingInterval: 1_000,
  });
  server.keepAliveTimeout = 5_000;
  server.on('request', (req, res) => {
    const started = performance.now();
    res.on('finish', () => logLine(context, req, res.statusCode, performance.now() - started));
    handle(context, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendEnvelope(res, mockError('MOCK_FAILURE', (error as Error).message));
      else res.destroy();
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Prism's validator and mocker load with the first request the build could not answer, or once the mock has
  // been idle for a moment after starting (a proxy never needs them).
  let warmed = context.proxy !== undefined;
  const warmUp = setTimeout(() => {
    warmed = true;
    try {
      engine.warm();
    } catch {
      // The request that needs Prism meets the same error and answers it as a MOCK_FAILURE envelope.
    }
  }, WARM_UP_AFTER_IDLE_MS);
  warmUp.unref();
  if (warmed) clearTimeout(warmUp);
  server.on('request', () => {
    if (!warmed) warmUp.refresh();
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const origin = `http://${host}:${port}`;
  return {
    origin,
    baseUrl: `${origin}${facts.basePath}`,
    port,
    facts,
    server,
    reset: () => {
      context.records.store.reset();
      context.session.store.reset();
    },
    close: async () => {
      clearTimeout(warmUp);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await context.proxy?.close();
    },
  };
}

async function handle(context: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { options, engine } = context;
  if (options.cors) setCorsHeaders(req, res);
  const method = (req.method ?? 'GET').toUpperCase();

  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://mock.invalid');
  } catch {
    return fail(req, res, 'MALFORMED_REQUEST', 'the request target is not a valid URL');
  }
  if (method === 'OPTIONS' && options.cors && req.headers.origin && req.headers['access-control-request-method']) {
    req.resume();
    // Every method the mock answers (a PATCH gets its 405 envelope, which a page can then read).
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
      'Access-Control-Allow-Headers':
        req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, Prefer',
      'Access-Control-Max-Age': '600',
    });
    res.end();
    return;
  }
  if (url.pathname.startsWith('/__mock/')) return control(context, method, url.pathname, req, res);
  if ((url.pathname === '/__docs' || url.pathname === '/__docs/') && (method === 'GET' || method === 'HEAD')) {
    req.resume();
    context.referencePage ??= buildReferencePage(context.document);
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(context.referencePage),
    });
    res.end(method === 'HEAD' ? undefined : context.referencePage);
    return;
  }
  try {
    decodeURIComponent(url.pathname);
  } catch {
    return fail(req, res, 'MALFORMED_REQUEST', 'the path has a malformed percent-encoding');
  }
  const { basePath } = context.facts;
  if (!url.pathname.startsWith(`${basePath}/`)) {
    return fail(req, res, 'ROUTE_NOT_FOUND', `${context.facts.title} paths start with ${basePath}/`);
  }
  const path = url.pathname.slice(basePath.length);
  const routed = engine.route(method, path);
  if (context.proxy) {
    return context.proxy.forward(req, res, {
      path,
      search: url.search,
      ...(routed.kind === 'matched' ? { operation: routed.operation } : {}),
    });
  }
  if (routed.kind === 'no-path') return fail(req, res, 'ROUTE_NOT_FOUND', `${method} ${url.pathname}`);
  if (routed.kind === 'no-method') {
    res.setHeader('Allow', routed.allow.join(', '));
    return fail(req, res, 'METHOD_NOT_ALLOWED', `${url.pathname} accepts ${routed.allow.join(', ')}`, {
      allow: routed.allow,
    });
  }
  const { operation, pathParams } = routed;
  const query = queryOf(url);
  const headers = headersOf(req);
  const bare: EngineRequest = { method, path, query: withoutPreferenceKeys(query), headers };
  const preferred = readPreferences(headers.prefer, query);
  // Nothing with dynamic data in effect is kept, however it was asked for (--dynamic, Prefer, ?__dynamic).
  const dynamic = (preferred.ok ? preferred.preferences.dynamic : undefined) ?? options.dynamic;
  // Records clients create live in the session store: what a create, fetch, edit or delete answers depends on them.
  const cacheable =
    context.answers !== undefined && !dynamic && (operation.store === undefined || operation.store.action === 'list');
  if (cacheable && !hasBody(req) && answeredFromCache(context, cacheKey(context, req), res)) return;

  // headersDistinct keeps every Authorization header (req.headers silently keeps the first): two are refused.
  const auth = context.facts.secured.has(operation.operationId)
    ? authenticate(req.headersDistinct.authorization, context.ring)
    : ({ kind: 'accepted' } as const);
  if (auth.kind !== 'accepted') {
    req.resume();
    if (auth.kind === 'lapsed') return documented(context, res, operation, bare, 402);
    const invalid = auth.kind === 'invalid';
    res.setHeader('WWW-Authenticate', `Bearer realm="XtraKit"${invalid ? ', error="invalid_token"' : ''}`);
    return documented(context, res, operation, bare, 401, invalid ? 'invalidKey' : 'missingKey');
  }

  if (!preferred.ok) return fail(req, res, 'BAD_PREFERENCE', preferred.problem);
  const { preferences } = preferred;
  if (preferences.code !== undefined && !operation.codes.includes(String(preferences.code))) {
    return fail(
      req,
      res,
      'UNKNOWN_FORCED_CODE',
      `${operation.operationId} documents ${operation.codes.join(', ')}, not ${preferences.code}`,
      { documented: operation.codes.map(Number) },
    );
  }

  const body = await readJsonBody(req, { limit: options.bodyLimit, idleTimeoutMs: options.bodyIdleTimeoutMs });
  switch (body.kind) {
    case 'aborted':
      res.destroy();
      return;
    case 'timeout':
      res.setHeader('Connection', 'close');
      return fail(req, res, 'REQUEST_TIMEOUT', `no body bytes for ${options.bodyIdleTimeoutMs} ms`);
    case 'unsupported-type':
      return fail(req, res, 'UNSUPPORTED_MEDIA_TYPE', `got ${body.type}`);
    case 'too-large':
      return refuseTooLarge(req, res, options.bodyLimit);
    case 'malformed':
      return fail(req, res, 'MALFORMED_JSON', body.problem);
  }
  const request: EngineRequest = { ...bare, ...(body.kind === 'json' ? { body: body.value } : {}) };

  // A request with a body can reuse a static answer too, keyed by the parsed body Prism would validate.
  const bodyKey = cacheable && body.kind === 'json' ? cacheKey(context, req, JSON.stringify(body.value)) : undefined;
  if (answeredFromCache(context, bodyKey, res)) return;

  const result = await engine.respond(operation, request, preferences);
  if (result.kind === 'response' && dynamic) {
    const answerKey = `${operation.operationId} ${result.status}`;
    const message = context.facts.messages.get(answerKey);
    result.body = realistic(
      result.body,
      context.facts.responseSchemas.get(answerKey),
      preferences.seed ?? options.seed,
      `${method} ${path} ${JSON.stringify(request.body ?? null)}`,
    );
    if (message !== undefined && result.body && typeof result.body === 'object') {
      result.body = { ...(result.body as object), status: result.status, message };
    }
  }
  if (result.kind === 'unknown-example') {
    return fail(
      req,
      res,
      'UNKNOWN_EXAMPLE',
      `"${preferences.exampleKey}"; this response has: ${result.available.join(', ') || 'none'}`,
      {
        available: result.available,
      },
    );
  }
  if (result.kind === 'failure') return fail(req, res, 'MOCK_FAILURE', result.message);

  for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
  if (result.status === 401) {
    // A forced 401 says what the forced example says: a key sent but not accepted is an invalid token.
    const invalid = preferences.exampleKey === 'invalidKey';
    res.setHeader('WWW-Authenticate', `Bearer realm="XtraKit"${invalid ? ', error="invalid_token"' : ''}`);
  }
  if (result.violations.length > 0 && result.status === 400) {
    const example = result.body as Partial<Envelope> | undefined;
    return sendEnvelope(res, {
      status: 400,
      message: example?.message ?? 'The request is invalid',
      data: { code: 'INVALID_REQUEST' satisfies MockErrorCode, errors: result.violations },
    });
  }

  const binding = operation.store;
  const key = operation.keyParam === undefined ? undefined : pathParams[operation.keyParam];
  const succeeded = preferences.code === undefined && result.status < 300;
  const exists = (collection: string, k: string) =>
    context.records.store.get(collection, k) !== undefined ||
    context.session.store.get(collection, k) !== undefined ||
    context.generated.has(`${collection} ${k.trim()}`);
  if (succeeded) {
    const unknown = (context.facts.references.get(operation.operationId) ?? []).filter(({ field, collection }) => {
      const value = (request.body as Record<string, unknown> | undefined)?.[field];
      return value !== undefined && value !== null && !exists(collection, String(value));
    });
    if (unknown.length > 0) {
      const body = request.body as Record<string, unknown>;
      return fail(req, res, 'UNKNOWN_REFERENCE', unknown.map((u) => `${u.field} ${String(body[u.field])}`).join(', '), {
        errors: unknown.map((u) => ({
          field: `body.${u.field}`,
          message: `no ${u.collection} record has the key ${String(body[u.field])}`,
        })),
      });
    }
  }
  // Static mode: the examples never change; a record a client creates lives in the session store, where its
  // fetch, edit and delete find it. Any other id that no example record (nor dynamic data) has is not found.
  const inSession =
    !options.stateful &&
    binding !== undefined &&
    (binding.action === 'create' ||
      (key !== undefined &&
        binding.action !== 'list' &&
        context.session.store.get(binding.collection, key) !== undefined));
  if (binding && succeeded && !options.stateful && key !== undefined && !inSession) {
    if (!exists(binding.collection, key)) return documented(context, res, operation, request, 404);
  }
  if (binding?.wrapper && succeeded && !options.stateful && dynamic) keepIdentity(context, binding, key, result.body);
  if ((options.stateful || inSession) && binding && succeeded) {
    const answer = answerStatefully(
      options.stateful ? context.records : context.session,
      binding,
      key,
      request.query,
      request.body,
      result.body,
      result.status,
    );
    switch (answer.kind) {
      case 'no-content':
        return sendNoContent(res);
      case 'not-found':
        return documented(context, res, operation, request, 404);
      case 'duplicate':
        return fail(req, res, 'DUPLICATE_KEY', answer.detail);
      case 'body':
        return sendJson(res, answer.status, answer.body);
    }
  }
  if (result.status === 204) return sendNoContent(res);
  return sendJson(res, result.status, result.body);
}

/** Answers with the operation's documented response for `code`, from the spec's examples. */
async function documented(
  context: Context,
  res: ServerResponse,
  operation: EngineOperation,
  request: EngineRequest,
  code: number,
  exampleKey?: string,
): Promise<void> {
  const known = exampleKey !== undefined && operation.examples[String(code)]?.includes(exampleKey);
  const bodyless = { ...request, body: undefined };
  const result = await context.engine.respond(operation, bodyless, {
    skipValidation: true,
    code,
    ...(known ? { exampleKey } : {}),
    dynamic: false,
  });
  if (result.kind !== 'response') {
    // The spec does not document this code for the operation: answer with the mock's own envelope.
    const fallback: Record<number, MockErrorCode> = {
      401: 'UNAUTHENTICATED',
      402: 'PAYMENT_REQUIRED',
      404: 'RECORD_NOT_FOUND',
    };
    return sendEnvelope(res, { ...mockError(fallback[code] ?? 'MOCK_FAILURE'), status: code });
  }
  for (const [name, value] of Object.entries(result.headers)) {
    if (!res.hasHeader(name)) res.setHeader(name, value);
  }
  return sendJson(res, result.status, result.body);
}

function control(context: Context, method: string, path: string, req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  if (path === '/__mock/health' && method === 'GET') {
    sendJson(res, 200, {
      status: 200,
      message: 'XtraKit mock is up',
      data: {
        stateful: context.options.stateful,
        dynamic: context.options.dynamic,
        // The answer caches (static mode only), bounded in bytes: what they hold now.
        cache: {
          answers: { entries: context.answers?.size ?? 0, bytes: context.answers?.calculatedSize ?? 0 },
          seen: { entries: context.seen?.size ?? 0, bytes: context.seen?.calculatedSize ?? 0 },
        },
        // Answers the build already knew (the packaged contract), and whether Prism's mocker has been needed yet.
        startup: context.engine.stats(),
      },
    });
    return;
  }
  if (path === '/__mock/violations' && method === 'GET') {
    const violations = context.proxy?.violations() ?? [];
    sendJson(res, 200, {
      status: 200,
      message: context.proxy ? `Violations found: ${violations.length}` : 'Not a proxy: start with --proxy <upstream>',
      data: { proxy: context.options.proxy ?? null, count: violations.length, violations },
    });
    return;
  }
  if (path === '/__mock/reset' && method === 'POST') {
    context.records.store.reset();
    context.proxy?.clear();
    sendJson(res, 200, {
      status: 200,
      message: context.options.stateful
        ? 'Store reset to the spec examples'
        : 'Nothing to reset: the mock is not stateful',
      data: { stateful: context.options.stateful },
    });
    return;
  }
  fail(
    req,
    res,
    'ROUTE_NOT_FOUND',
    'the mock answers GET /__mock/health, GET /__mock/violations and POST /__mock/reset',
  );
}

function fail(
  req: IncomingMessage,
  res: ServerResponse,
  code: MockErrorCode,
  detail?: string,
  data: Record<string, unknown> = {},
): void {
  if (!req.complete) req.resume();
  sendEnvelope(res, mockError(code, detail, data));
}

function sendEnvelope(res: ServerResponse, envelope: Envelope): void {
  sendJson(res, envelope.status, envelope);
}

/**
 * Answers from the static answer cache when it can; otherwise arranges for this answer to be kept. A stream
 * of one-off requests (varied ids, bodies) would only churn the cache and the heap, so an answer is kept the
 * second time its request is seen. Failures (500) and timeouts (408) are never kept.
 */
function answeredFromCache(context: Context, key: string | undefined, res: ServerResponse): boolean {
  if (key === undefined || !context.answers) return false;
  const known = context.answers.get(key);
  if (known) {
    res.writeHead(known.status, known.headers);
    res.end(known.payload);
    return true;
  }
  if (context.seen?.has(key)) {
    sent.set(res, (answer) => {
      if (answer.status !== 500 && answer.status !== 408) context.answers?.set(key, answer);
    });
  } else {
    context.seen?.set(key, true);
  }
  return false;
}

/** Whoever wants to keep an answer (the static answer cache) registers here for that response. */
const sent = new WeakMap<ServerResponse, (answer: CachedAnswer) => void>();

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
  sent.get(res)?.({ status, headers: keptHeaders(res), payload });
}

function sendNoContent(res: ServerResponse): void {
  res.removeHeader('Content-Type');
  res.writeHead(204);
  res.end();
  sent.get(res)?.({ status: 204, headers: keptHeaders(res), payload: '' });
}

function keptHeaders(res: ServerResponse): CachedAnswer['headers'] {
  const headers: CachedAnswer['headers'] = {};
  for (const [name, value] of Object.entries(res.getHeaders())) {
    if (value !== undefined && name !== 'date' && name !== 'connection' && name !== 'keep-alive') headers[name] = value;
  }
  return headers;
}

/**
 * Everything an answer can depend on: method, URL (path and every query parameter), the headers the mock reads,
 * every header a parameter of the spec declares, and the parsed body; hashed, so a key is 44 bytes whatever the
 * body's size.
 */
function cacheKey(context: Context, req: IncomingMessage, body?: string): string {
  const h = req.headersDistinct;
  return createHash('sha256')
    .update(
      JSON.stringify([
        req.method,
        req.url,
        h.authorization,
        h.prefer,
        h.accept,
        h.origin,
        h['content-type'],
        context.facts.declaredHeaders.map((name) => h[name] ?? null),
        body ?? null,
      ]),
    )
    .digest('base64');
}

/** A body may be sent this much further, for this long, after its 413, before the connection is cut. */
const LINGER = { bytes: 64 * 1024 * 1024, ms: 10_000 };

/**
 * A body over the limit: the 413 envelope with `Connection: close`, written at once, but the connection is ended
 * only once the client has finished sending (the rest is read and discarded, bounded in bytes and time). Closing
 * while the client still sends would reset the connection, and the client would see EPIPE instead of the 413.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const envelope = mockError('BODY_TOO_LARGE', `the limit is ${limit} bytes`);
  const payload = JSON.stringify(envelope);
  res.shouldKeepAlive = false;
  res.writeHead(413, {
    'Content-Type': JSON_TYPE,
    'Content-Length': Buffer.byteLength(payload),
    Connection: 'close',
  });
  res.write(payload);
  let discarded = 0;
  const finish = () => {
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  const cut = () => {
    finish();
    req.socket.destroy();
  };
  const timer = setTimeout(cut, LINGER.ms);
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER.bytes) cut();
  });
  req.once('end', finish);
  req.once('error', cut);
  req.socket.once('close', () => clearTimeout(timer));
  req.resume();
  if (req.complete) finish();
}

/**
 * Dynamic data in static mode: the keys of records a list made up are remembered, so a client can fetch, edit,
 * delete or name them as with a real server (records it creates live in the session store); a fetched or edited
 * record carries the key it was asked for.
 */
function keepIdentity(
  context: Context,
  binding: NonNullable<EngineOperation['store']>,
  key: string | undefined,
  body: unknown,
): void {
  const shown = (body as { data?: Record<string, unknown> } | undefined)?.data?.[binding.wrapper ?? ''];
  const keyField = context.records.store.keyFieldOf(binding.collection);
  const remember = (r: unknown) => {
    const value = (r as Record<string, unknown> | null)?.[keyField];
    if (value !== undefined && value !== null)
      context.generated.set(`${binding.collection} ${String(value).trim()}`, true);
  };
  if (binding.action === 'list' && Array.isArray(shown)) shown.forEach(remember);
  const record = shown as Record<string, unknown> | undefined;
  if (!record || typeof record !== 'object' || Array.isArray(record)) return;
  if (key !== undefined && (binding.action === 'fetch' || binding.action === 'edit')) {
    record[keyField] = typeof record[keyField] === 'number' && /^\d+$/.test(key) ? Number(key) : key;
  }
}

function setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate, Allow');
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Requests Node's parser rejects (bad syntax, huge headers) still get an envelope, then the socket closes. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const code: MockErrorCode =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'HEADERS_TOO_LARGE'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'REQUEST_TIMEOUT'
        : 'MALFORMED_REQUEST';
  const envelope = mockError(code);
  const payload = JSON.stringify(envelope);
  socket.end(
    `HTTP/1.1 ${envelope.status} ${code.replace(/_/g, ' ')}\r\nContent-Type: ${JSON_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
  );
}

function logLine(context: Context, req: IncomingMessage, status: number, ms: number): void {
  const { log, quiet, keys, lapsedKeys } = context.options;
  if (quiet || !log) return;
  let target = req.url ?? '/';
  // The key never reaches a log, even when a client puts it somewhere it does not belong.
  const token = /^\s*\S+\s+(\S+)/.exec(String(req.headers.authorization ?? ''))?.[1];
  for (const secret of [...keys, ...lapsedKeys, ...(token ? [token] : [])]) {
    if (secret.length > 0) target = target.split(secret).join('***');
  }
  log(`${req.method ?? '?'} ${target} ${status} ${ms.toFixed(1)}ms`);
}
