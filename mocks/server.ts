// The HTTP mock: a node:http adapter around the mock core (core.ts). It keeps only what needs a socket: body
// streaming and its limits, the 413 linger, requests Node's parser rejects, timeouts, the log line, the control
// routes (/__mock/*), the reference page (/__docs) and the validating proxy; every XtraKit behaviour is the core's.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Envelope, type MockErrorCode, mockError } from '../openapi/errors';
import { DEFAULT_SPEC, type Document } from '../openapi/spec';
import { hasBody, readRawBody } from './body';
import { assembleCore, type MockCore, type RawBody } from './core';
import { sha256 } from './core-node';
import type { MockOptions } from './options';
import { loadForMock } from './precomputed';
import { nodePrismModules } from './prism-node';
import type { ValidatingProxy } from './proxy';
import { BUILT_PAGE, buildReferencePage } from './reference-page';
import { controlOriginAllowed, hostAllowed, isNonSimple } from './site-guard';
import type { SpecFacts } from './spec-facts';

export interface RunningMock {
  /** Origin, e.g. http://127.0.0.1:4010 */
  origin: string;
  /** The API base URL a client uses, e.g. http://127.0.0.1:4010/api/v1 */
  baseUrl: string;
  port: number;
  /** What the mock learnt from its spec: base path, title, secured operations. */
  facts: SpecFacts;
  server: Server;
  /** The behaviour behind the socket: the same core an in-process host uses. */
  core: MockCore;
  /** Back to the start, as POST /__mock/reset: the stateful store to the examples, session records forgotten. */
  reset(): void;
  close(): Promise<void>;
}

interface Context {
  core: MockCore;
  options: MockOptions;
  document: Document;
  facts: SpecFacts;
  /** --proxy: forwards to the upstream and checks its answers instead of answering from the spec. */
  proxy?: ValidatingProxy;
  /** Built on the first request for /__docs, so start-up does not pay for it. */
  referencePage?: string;
  /** The packaged contract, unchanged since the build (its precomputed answers matched): its page is ready made. */
  packagedSpec: boolean;
}

const JSON_TYPE = 'application/json';
/** How long the mock waits, idle, before loading what only later requests need. */
const WARM_UP_AFTER_IDLE_MS = 100;

export async function startMock(options: MockOptions): Promise<RunningMock> {
  const { spec, precomputed } = await loadForMock(options.spec);
  const core = await assembleCore(
    { spec, ...(precomputed ? { precomputed } : {}), modules: nodePrismModules, hash: sha256 },
    options,
  );
  const { facts } = core;
  const context: Context = {
    core,
    options,
    document: spec.document,
    facts,
    packagedSpec: precomputed !== undefined && path.resolve(options.spec) === path.resolve(DEFAULT_SPEC),
    ...(options.proxy
      ? {
          // Required only for --proxy: it brings the contract's checks and an HTTP client.
          proxy: (require('./proxy') as typeof import('./proxy')).createProxy({
            upstream: options.proxy,
            facts,
            bodyLimit: options.bodyLimit,
            ...(options.log ? { log: options.log } : {}),
            ...(options.upstreamTimeoutMs === undefined ? {} : { upstreamTimeoutMs: options.upstreamTimeoutMs }),
            ...(options.maxUpstreamBytes === undefined ? {} : { maxUpstreamBytes: options.maxUpstreamBytes }),
          }),
        }
      : {}),
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
      core.warm();
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
    core,
    reset: () => reset(context),
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

/** The one reset: the core's state and the proxy's violations. */
function reset(context: Context): void {
  context.core.reset();
  context.proxy?.clear();
}

async function handle(context: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { core, options } = context;
  const method = (req.method ?? 'GET').toUpperCase();
  const origin = req.headers.origin ?? null;
  /** CORS headers for what the adapter answers itself (the core adds its own to what it answers). */
  const withCors = () => {
    for (const [name, value] of core.corsHeaders(origin)) res.setHeader(name, value);
  };
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://mock.invalid');
  } catch {
    withCors();
    return fail(req, res, 'MALFORMED_REQUEST', 'the request target is not a valid URL');
  }
  // DNS rebinding: a page whose own name resolves to this machine sends that name as Host.
  if (!hostAllowed(req.headers.host, options.host, options.allowedHosts)) {
    return fail(req, res, 'HOST_NOT_ALLOWED', `got ${JSON.stringify(req.headers.host)}`);
  }
  if (url.pathname.startsWith('/__mock/')) {
    // Not another site's to call (not even its preflight is answered), and never read by one: no CORS headers.
    if (!controlOriginAllowed(req.headers.origin, req.headers.host)) {
      return fail(req, res, 'CROSS_SITE_REFUSED', `Origin ${req.headers.origin}`);
    }
    if (method === 'POST' && !isNonSimple(req)) {
      return fail(
        req,
        res,
        'CROSS_SITE_REFUSED',
        'a change needs a JSON content type or an X- header (curl -X POST -H "Content-Type: application/json")',
      );
    }
  }
  const preflight = method === 'OPTIONS' && options.cors && origin && req.headers['access-control-request-method'];
  if (!preflight) {
    if (url.pathname.startsWith('/__mock/')) {
      withCors();
      return control(context, method, url.pathname, req, res);
    }
    if ((url.pathname === '/__docs' || url.pathname === '/__docs/') && (method === 'GET' || method === 'HEAD')) {
      withCors();
      req.resume();
      // The packaged contract's page is made by the build; another spec's, on the first request.
      context.referencePage ??=
        context.packagedSpec && existsSync(BUILT_PAGE)
          ? readFileSync(BUILT_PAGE, 'utf8')
          : buildReferencePage(context.document);
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(context.referencePage),
      });
      res.end(method === 'HEAD' ? undefined : context.referencePage);
      return;
    }
    if (context.proxy && url.pathname.startsWith(`${context.facts.basePath}/`) && decodable(url.pathname)) {
      withCors();
      const path = url.pathname.slice(context.facts.basePath.length);
      const routed = core.route(method, path);
      return context.proxy.forward(req, res, {
        path,
        search: url.search,
        ...(routed.kind === 'matched' ? { operation: routed.operation } : {}),
      });
    }
  }

  let read: RawBody | undefined;
  const answer = await core.handleRaw({
    method,
    url,
    headers: headersOf(req),
    // headersDistinct keeps every Authorization header (req.headers silently keeps the first): two are refused.
    ...(req.headersDistinct.authorization ? { authorization: req.headersDistinct.authorization } : {}),
    hasBody: hasBody(req),
    readBody: async () => {
      read = await readRawBody(req, { limit: options.bodyLimit, idleTimeoutMs: options.bodyIdleTimeoutMs });
      return read;
    },
    discardBody: () => req.resume(),
  });
  if (read?.kind === 'aborted') {
    res.destroy();
    return;
  }
  for (const [name, value] of answer.headers) {
    const known = res.getHeader(name);
    res.setHeader(name, known === undefined ? value : [...(Array.isArray(known) ? known : [String(known)]), value]);
  }
  const payload = Buffer.from(answer.payload);
  if (read?.kind === 'too-large') return lingerAfter413(req, res, answer.status, payload);
  if (read?.kind === 'timeout') res.setHeader('Connection', 'close');
  if (!req.complete) req.resume();
  res.writeHead(answer.status);
  res.end(answer.status === 204 || answer.status === 304 ? undefined : payload);
}

/** Request headers as the core reads them: lower-case names, repeated values joined with ", ". */
function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function control(context: Context, method: string, path: string, req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  if (path === '/__mock/health' && method === 'GET') {
    const { stateful, dynamic, seed, cache, startup, store } = context.core.stats();
    sendJson(res, 200, {
      status: 200,
      message: `${context.facts.apiName} mock is up`,
      data: {
        stateful,
        dynamic,
        seed,
        // The answer cache (static mode only), bounded in bytes: what it holds now.
        cache: cache ?? { answers: { entries: 0, bytes: 0 }, seen: { entries: 0, bytes: 0 } },
        // Answers the build already knew (the packaged contract), and whether Prism's mocker has been needed yet.
        startup,
        // The store clients write to, its bounds and what each collection holds now.
        store,
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
    reset(context);
    sendJson(res, 200, {
      status: 200,
      message: context.options.stateful
        ? 'Store reset to the spec examples'
        : 'Session records cleared (the examples never change)',
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

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** A body may be sent this much further, for this long, after its 413, before the connection is cut. */
const LINGER = { bytes: 64 * 1024 * 1024, ms: 10_000 };

/**
 * A body over the limit: the 413 envelope with `Connection: close`, written at once, but the connection is ended
 * only once the client has finished sending (the rest is read and discarded, bounded in bytes and time). Closing
 * while the client still sends would reset the connection, and the client would see EPIPE instead of the 413.
 */
function lingerAfter413(req: IncomingMessage, res: ServerResponse, status: number, payload: Buffer): void {
  res.shouldKeepAlive = false;
  res.setHeader('Connection', 'close');
  res.writeHead(status);
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
