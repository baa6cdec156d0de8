// The mock as a behaviour: a Fetch `Request` in, a Fetch `Response` out, with every XtraKit rule in between.
// No socket, no file system, no Node built-in: the HTTP mock, the MSW handlers (Node and browser) and the
// Playwright routes are hosts that hand requests to this one pipeline, so they answer alike byte for byte.
//
//   route → auth → preferences → body → validation → references → store or engine → envelope
//
// Each step is a small function that answers (a Response) or hands on what it learnt.
import Negotiator from 'negotiator';
import type { LoadedSpec } from '../openapi/document';
import { type Envelope, type MockErrorCode, mockError } from '../openapi/errors';
import { type AnswerCache, type CachedAnswer, createAnswerCache } from './answer-cache';
import { authenticate, type KeyRing } from './auth';
import { decodeJsonBody, isJsonType } from './json-body';
import { readPreferences, withoutPreferenceKeys } from './preferences';
import {
  createEngine,
  type Engine,
  type EngineOperation,
  type EnginePrecomputed,
  type EngineRequest,
  type EngineResult,
  type Preferences,
  type PrismModules,
} from './prism-engine';
import { realistic } from './realistic';
import { type SpecFacts, specFacts, UnservableSpecError } from './spec-facts';
import { answerStatefully, createStatefulContext, type StatefulContext } from './stateful';
import { type Clock, systemClock } from './store';
import { buildWorld } from './world';

/** What changes the mock's behaviour: the options every host shares (the HTTP mock adds its socket's own). */
export interface CoreOptions {
  /** Accepted API keys. */
  keys: string[];
  /** Lapsed accounts' keys: answered 402. */
  lapsedKeys: string[];
  /** Records created, edited and deleted stick (else the examples never change; creates live in a session store). */
  stateful: boolean;
  /** Schema-valid generated data instead of the examples. */
  dynamic: boolean;
  seed?: string;
  /** CORS headers on every answer and answers to preflights. */
  cors: boolean;
  /** Largest request body in bytes: larger ones get 413. */
  bodyLimit: number;
  /** Where record timestamps come from (created_at, updated_at); default the wall clock. */
  clock?: Clock;
  /** Records each collection of a store may hold (stateful: a create past it gets 507; session: the oldest go). */
  maxRecords: number;
  /** Bytes each collection of a store may hold (its records' JSON): as maxRecords. */
  maxStoreBytes: number;
  /** The most records a stateful list answers: the newest, in creation order. */
  listLimit: number;
  /** Where the core's own notices go (a session record forgotten at the bound); the HTTP CLI passes stderr. */
  notice?: (line: string) => void;
}

/**
 * A request as a host that owns a socket hands it over (the HTTP adapter): no Fetch objects to build, the body
 * streamed by the host with its own limits. `handle(request)` builds one from a Fetch Request.
 */
export interface RawRequest {
  method: string;
  /** Path and query (the origin is not read). */
  url: URL;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Every Authorization header as it arrived. */
  authorization?: string[];
  /** Whether a body was announced; undefined when the host cannot tell (a Fetch Request's stream may be empty). */
  hasBody?: boolean;
  /** Reads the body, bounded in bytes (and, on a socket, in time). */
  readBody(): Promise<RawBody>;
  /** Called when the core will not read an announced body (refused before reading). */
  discardBody?(): void;
}

export type RawBody =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'too-large' }
  | { kind: 'timeout'; idleMs: number }
  | { kind: 'aborted' }
  | { kind: 'short' };

export interface MockCore {
  facts: SpecFacts;
  operations: EngineOperation[];
  /** Answers one request as XtraKit would (as the contract says). Never rejects: a fault is a 500 envelope. */
  handle(request: Request): Promise<Response>;
  /** The same, for a host that streams bodies itself and writes the answer itself (the HTTP adapter). */
  handleRaw(request: RawRequest): Promise<Answer>;
  /**
   * Back to the start: the stateful store to the spec's examples, the session store emptied, the records dynamic
   * data made up forgotten, the answer cache emptied. Every way to reset calls this.
   */
  reset(): void;
  /** The operation a method and a path (relative to the base path) reach. */
  route: Engine['route'];
  /** Loads Prism's validator and mocker now, so that no later request waits for them. */
  warm(): void;
  stats(): {
    stateful: boolean;
    dynamic: boolean;
    /** Dynamic mode: the world's seed (`--seed`, or the one drawn at start: pass it as --seed to get this world again). */
    seed: string | null;
    cache: ReturnType<AnswerCache['stats']> | null;
    startup: ReturnType<Engine['stats']>;
    /** The store clients write to (stateful: the records; static: the session store), its bounds and its usage. */
    store: {
      kind: 'stateful' | 'session';
      maxRecords: number;
      maxBytes: number;
      listLimit: number;
      collections: Record<string, { records: number; bytes: number }>;
    };
  };
  /** CORS headers for an answer to a request from `origin` (none when CORS is off). */
  corsHeaders(origin: string | null): Array<[string, string]>;
}

/** The contract, loaded as the host can: a dereferenced document, the build's start-up work, Prism's modules. */
export interface CoreParts {
  spec: LoadedSpec;
  precomputed?: EnginePrecomputed;
  modules: PrismModules;
  /** SHA-256 (base64) of a cache key's text: Node's hosts pass node:crypto's, synchronous; default WebCrypto's. */
  hash?: (text: string) => string | Promise<string>;
}

interface Context {
  options: CoreOptions;
  engine: Engine;
  ring: KeyRing;
  facts: SpecFacts;
  /** Static mode only. */
  cache?: AnswerCache;
  /** The spec's example records: changed by requests in stateful mode (not dynamic), read-only otherwise. */
  records: StatefulContext;
  /**
   * The worlds of generated records, one per seed: what record operations answer when dynamic data is in effect.
   * The mode's own (`--dynamic`, its `--seed`) is changed by requests in stateful mode; the others (a request's
   * `seed=N`, or `dynamic=true` on a mock not started dynamic) are read-only and built on first use (bounded).
   */
  worlds: Map<string, StatefulContext>;
  /** The seed of the mode's world: `--seed`, else one drawn at start (a reset brings the same world back). */
  worldSeed: string;
  /** Builds the world of a seed. */
  makeWorld: (seed: string) => StatefulContext;
  /**
   * Static mode's session records: what clients create lives here (bounded), so a record can be created,
   * fetched, edited and deleted by its key, while the spec's example records never change.
   */
  session: StatefulContext;
  /** The cache key's hash. */
  hash: (text: string) => string | Promise<string>;
}

/** Worlds kept besides the mode's own (each a few dozen records): the least recently used goes. */
const MAX_WORLDS = 8;
const JSON_TYPE = 'application/json';

export async function assembleCore(parts: CoreParts, options: CoreOptions): Promise<MockCore> {
  for (const name of ['maxRecords', 'maxStoreBytes', 'listLimit', 'bodyLimit'] as const) {
    const value = options[name];
    if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a whole number above 0`);
  }
  let facts: SpecFacts;
  try {
    facts = specFacts(parts.spec);
  } catch (error) {
    if (error instanceof UnservableSpecError) throw new Error(`cannot serve ${parts.spec.file}: ${error.message}`);
    throw error;
  }
  const engine = await createEngine(
    parts.spec.document,
    { dynamic: options.dynamic, ...(options.seed === undefined ? {} : { seed: options.seed }) },
    parts.precomputed ?? {},
    parts.modules,
  );
  const clock = options.clock ?? systemClock;
  // The examples' records and every world's: bounded alike, and a write past the bound refused.
  const recordSettings = {
    clock,
    listLimit: options.listLimit,
    limits: { maxRecords: options.maxRecords, maxBytes: options.maxStoreBytes, atBound: 'refuse' as const },
  };
  const examples = createStatefulContext(parts.spec, recordSettings);
  // One world per seed; the mode's own from --seed, else a seed drawn at start (a reset brings the same world back).
  const worldSeed = options.seed ?? String(Math.floor(Math.random() * 2 ** 31));
  const modeWorldSeed = options.dynamic ? buildWorld(examples, parts.spec, worldSeed) : undefined;
  const context: Context = {
    options,
    engine,
    ring: { keys: options.keys, lapsedKeys: options.lapsedKeys },
    facts,
    ...(options.stateful || options.dynamic ? {} : { cache: createAnswerCache() }),
    records: examples,
    // Numbered after the records clients see (the examples', or the mode's world's), never taking one's id.
    session: createStatefulContext(parts.spec, {
      holdsSeed: false,
      ...(modeWorldSeed ? { world: modeWorldSeed } : {}),
      clock,
      listLimit: options.listLimit,
      limits: {
        maxRecords: options.maxRecords,
        maxBytes: options.maxStoreBytes,
        atBound: 'evict',
        onEvict: (collection, key, reason) =>
          options.notice?.(`session store: forgot ${collection} ${key}, the oldest (bound: ${reason})`),
      },
    }),
    worlds: new Map(),
    worldSeed,
    makeWorld: (seed) =>
      createStatefulContext(parts.spec, {
        ...recordSettings,
        world: seed === worldSeed && modeWorldSeed ? modeWorldSeed : buildWorld(examples, parts.spec, seed),
      }),
    hash: parts.hash ?? webHash,
  };
  // The mode's world is made at start: its records are there for the first request.
  const modeWorld = options.dynamic ? worldOf(context, context.worldSeed) : undefined;
  const mode: [string, string] = ['x-xtrakit-mock', options.stateful ? 'stateful' : 'static'];
  const handleRaw = async (request: RawRequest): Promise<Answer> => {
    const cors = corsHeadersFor(options, request.headers.origin ?? null);
    let answer: Answer;
    try {
      answer = await pipeline(context, request);
    } catch (error) {
      answer = envelope(mockError('MOCK_FAILURE', (error as Error).message));
    }
    // Says which mock answers: a client (the contract suite) can tell that a static mock's lists never show writes.
    return { ...answer, headers: [...cors, ...answer.headers, mode] };
  };
  return {
    facts,
    operations: engine.operations,
    handle: async (request) => toResponse(await handleRaw(rawRequestOf(request, options.bodyLimit))),
    handleRaw,
    reset() {
      context.records.store.reset();
      modeWorld?.store.reset();
      context.worlds.clear();
      if (modeWorld) context.worlds.set(context.worldSeed, modeWorld);
      context.session.store.reset();
      context.cache?.clear();
    },
    route: (method, path) => engine.route(method, path),
    warm: () => engine.warm(),
    stats: () => ({
      stateful: options.stateful,
      dynamic: options.dynamic,
      seed: options.dynamic ? worldSeed : null,
      cache: context.cache?.stats() ?? null,
      startup: engine.stats(),
      store: {
        kind: options.stateful ? 'stateful' : 'session',
        maxRecords: options.maxRecords,
        maxBytes: options.maxStoreBytes,
        listLimit: options.listLimit,
        collections: (options.stateful ? (modeWorld ?? context.records) : context.session).store.usageByCollection(),
      },
    }),
    corsHeaders: (origin) => corsHeadersFor(options, origin),
  };
}

/** An answer before it becomes a Response: what the cache keeps and the hosts write. */
export interface Answer {
  status: number;
  headers: Array<[string, string]>;
  payload: string;
}

function json(status: number, body: unknown, headers: Array<[string, string]> = []): Answer {
  return serialized(status, JSON.stringify(body), headers);
}

function serialized(status: number, payload: string, headers: Array<[string, string]>): Answer {
  return {
    status,
    headers: [...headers, ['content-type', JSON_TYPE], ['content-length', String(byteLength(payload))]],
    payload,
  };
}

const envelope = (e: Envelope, headers: Array<[string, string]> = []): Answer => json(e.status, e, headers);

const fail = (
  code: MockErrorCode,
  detail?: string,
  data: Record<string, unknown> = {},
  headers: Array<[string, string]> = [],
) => envelope(mockError(code, detail, data), headers);

const noContent = (headers: Array<[string, string]> = []): Answer => ({ status: 204, headers, payload: '' });

const encoder = new TextEncoder();
// Node's Buffer counts without encoding; a browser (or a worker) encodes.
const nodeBuffer = (globalThis as { Buffer?: { byteLength(text: string): number } }).Buffer;
const byteLength = nodeBuffer
  ? (text: string) => nodeBuffer.byteLength(text)
  : (text: string) => encoder.encode(text).length;

function toResponse(answer: Answer): Response {
  const headers = new Headers();
  for (const [name, value] of answer.headers) headers.append(name, value);
  const bodyless = answer.status === 204 || answer.status === 304;
  return new Response(bodyless ? null : answer.payload, { status: answer.status, headers });
}

function corsHeadersFor(options: CoreOptions, origin: string | null): Array<[string, string]> {
  if (!options.cors) return [];
  return [
    ['access-control-allow-origin', origin ?? '*'],
    ...(origin ? ([['vary', 'Origin']] as Array<[string, string]>) : []),
    ['access-control-expose-headers', 'WWW-Authenticate, Allow, X-Xtrakit-List-Truncated'],
  ];
}

/** A Fetch Request as the core reads it. */
function rawRequestOf(request: Request, bodyLimit: number): RawRequest {
  const authorization = splitAuthorization(request.headers.get('authorization'));
  return {
    method: request.method,
    url: new URL(request.url),
    headers: Object.fromEntries(request.headers),
    ...(authorization ? { authorization } : {}),
    ...(request.body === null ? { hasBody: false } : {}),
    readBody: () => readBounded(request, bodyLimit),
  };
}

/** The request as the steps read it. */
type Incoming = RawRequest;

const webHash = async (text: string): Promise<string> => {
  // SHA-256 as every host has it (Node's webcrypto, a browser's, a service worker's).
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
};

/** HEAD is answered as GET is, without the body (RFC 9110 §9.3.2): status and headers, Content-Length included. */
async function pipeline(context: Context, raw: RawRequest): Promise<Answer> {
  if (raw.method.toUpperCase() !== 'HEAD') return answerRequest(context, raw);
  const answer = await answerRequest(context, { ...raw, method: 'GET' });
  return { ...answer, payload: '' };
}

async function answerRequest(context: Context, raw: RawRequest): Promise<Answer> {
  const incoming: Incoming = { ...raw, method: raw.method.toUpperCase() };
  const preflight = answerPreflight(context, incoming);
  if (preflight) return preflight;

  // route
  const routed = route(context, incoming);
  if ('status' in routed) return discarding(incoming, routed);
  const { operation, pathParams, path } = routed;
  const query = queryOf(incoming.url);
  const bare: EngineRequest = {
    method: incoming.method,
    path,
    query: withoutPreferenceKeys(query),
    headers: incoming.headers,
  };
  const preferred = readPreferences(incoming.headers.prefer, query);
  // Nothing with dynamic data in effect is kept, however it was asked for (--dynamic, Prefer, ?__dynamic).
  const dynamic = (preferred.ok ? preferred.preferences.dynamic : undefined) ?? context.options.dynamic;
  // Records clients create live in the session store: what a create, fetch, edit or delete answers depends on them.
  const cacheable =
    context.cache !== undefined && !dynamic && (operation.store === undefined || operation.store.action === 'list');
  // In doubt (a Fetch Request's empty stream), not looked up before the body is read.
  const announcesBody = incoming.hasBody !== false;
  let cacheKey: string | undefined;
  if (cacheable && !announcesBody) {
    const cached = await lookup(context, incoming);
    if (cached.answer) return cached.answer;
    cacheKey = cached.key;
  }
  const answer = await answerOperation(context, incoming, {
    operation,
    pathParams,
    bare,
    preferred,
    dynamic,
    cacheable,
  });
  if (answer.cacheKey) cacheKey = answer.cacheKey;
  if (cacheKey) context.cache?.keep(cacheKey, answer.answer);
  return answer.answer;
}

async function lookup(context: Context, incoming: Incoming, body?: string): Promise<{ answer?: Answer; key?: string }> {
  const cache = context.cache as AnswerCache;
  const h = incoming.headers;
  const key = await cache.key(context.hash, {
    method: incoming.method,
    target: incoming.url.pathname + incoming.url.search,
    headers: [
      incoming.authorization?.join('\n') ?? null,
      h.prefer ?? null,
      h.accept ?? null,
      h.origin ?? null,
      h['content-type'] ?? null,
      ...context.facts.declaredHeaders.map((name) => h[name] ?? null),
    ],
    ...(body === undefined ? {} : { body }),
  });
  const found = cache.lookup(key);
  if (found.answer) return { answer: found.answer as CachedAnswer };
  return found.keep ? { key } : {};
}

/** An answer that does not read the announced body: the host is told to discard it. */
function discarding(incoming: Incoming, answer: Answer): Answer {
  incoming.discardBody?.();
  return answer;
}

function answerPreflight(context: Context, incoming: Incoming): Answer | undefined {
  const { headers } = incoming;
  if (incoming.method !== 'OPTIONS' || !context.options.cors || !headers.origin) return undefined;
  if (!headers['access-control-request-method']) return undefined;
  // Every method the mock answers (a PATCH gets its 405 envelope, which a page can then read).
  return discarding(
    incoming,
    noContent([
      ['access-control-allow-methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'],
      [
        'access-control-allow-headers',
        headers['access-control-request-headers'] ?? 'Authorization, Content-Type, Prefer',
      ],
      ['access-control-max-age', '600'],
    ]),
  );
}

type Routed = { operation: EngineOperation; pathParams: Record<string, string>; path: string };

function route(context: Context, incoming: Incoming): Routed | Answer {
  const { pathname } = incoming.url;
  try {
    decodeURIComponent(pathname);
  } catch {
    return fail('MALFORMED_REQUEST', 'the path has a malformed percent-encoding');
  }
  const { basePath, title } = context.facts;
  if (!pathname.startsWith(`${basePath}/`)) return fail('ROUTE_NOT_FOUND', `${title} paths start with ${basePath}/`);
  // A trailing slash names the same resource (`/customers/` is `/customers`), never an empty `{id}`.
  const path = pathname.slice(basePath.length).replace(/(.)\/+$/, '$1');
  const routed = context.engine.route(incoming.method, path);
  if (routed.kind === 'no-path') return fail('ROUTE_NOT_FOUND', `${incoming.method} ${pathname}`);
  if (routed.kind === 'no-method') {
    const allow = routed.allow.join(', ');
    return fail('METHOD_NOT_ALLOWED', `${pathname} accepts ${allow}`, { allow: routed.allow }, [['allow', allow]]);
  }
  return { operation: routed.operation, pathParams: routed.pathParams, path };
}

interface Decided {
  operation: EngineOperation;
  pathParams: Record<string, string>;
  bare: EngineRequest;
  preferred: ReturnType<typeof readPreferences>;
  dynamic: boolean;
  cacheable: boolean;
}

async function answerOperation(
  context: Context,
  incoming: Incoming,
  decided: Decided,
): Promise<{ answer: Answer; cacheKey?: string }> {
  const { operation, bare, preferred } = decided;

  // auth
  const refused = await checkKey(context, incoming, operation, bare);
  if (refused) return { answer: discarding(incoming, refused) };

  // preferences
  if (!preferred.ok) return { answer: discarding(incoming, fail('BAD_PREFERENCE', preferred.problem)) };
  const { preferences } = preferred;
  if (preferences.code !== undefined && !operation.codes.includes(String(preferences.code))) {
    return {
      answer: discarding(
        incoming,
        fail(
          'UNKNOWN_FORCED_CODE',
          `${operation.operationId} documents ${operation.codes.join(', ')}, not ${preferences.code}`,
          {
            documented: operation.codes.map(Number),
          },
        ),
      ),
    };
  }

  // content negotiation: every answer is JSON, so an Accept that refuses it gets 406 (in the JSON envelope).
  const accept = incoming.headers.accept;
  if (accept !== undefined && accept.trim() !== '' && !new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE])) {
    return {
      answer: discarding(
        incoming,
        fail('NOT_ACCEPTABLE', `Accept: ${accept.slice(0, 200)}`, { acceptable: [JSON_TYPE] }),
      ),
    };
  }

  // body
  const body = await readBody(context, incoming);
  if ('status' in body) return { answer: body };
  const request: EngineRequest = { ...bare, ...(body.kind === 'json' ? { body: body.value } : {}) };

  // A request with a body can reuse a static answer too, keyed by the parsed body Prism would validate.
  let cacheKey: string | undefined;
  if (decided.cacheable && body.kind === 'json') {
    const cached = await lookup(context, incoming, JSON.stringify(body.value));
    if (cached.answer) return { answer: cached.answer };
    cacheKey = cached.key;
  }

  // validation and the engine's answer; a record operation answered from dynamic mode's world keeps the
  // documented envelope (its records come from the world).
  const fromWorld = decided.dynamic && operation.store !== undefined;
  const generate = decided.dynamic && !(fromWorld && preferences.code === undefined);
  const result = await respond(context, operation, request, preferences, generate);
  const answer = await afterEngine(context, decided, request, preferences, result);
  return { answer, ...(cacheKey ? { cacheKey } : {}) };
}

async function checkKey(
  context: Context,
  incoming: Incoming,
  operation: EngineOperation,
  bare: EngineRequest,
): Promise<Answer | undefined> {
  if (!context.facts.secured.has(operation.operationId)) return undefined;
  const auth = authenticate(incoming.authorization, context.ring);
  if (auth.kind === 'accepted') return undefined;
  if (auth.kind === 'lapsed') return documented(context, operation, bare, 402);
  const invalid = auth.kind === 'invalid';
  return documented(context, operation, bare, 401, invalid ? 'invalidKey' : 'missingKey', [
    ['www-authenticate', `Bearer realm="${context.facts.apiName}"${invalid ? ', error="invalid_token"' : ''}`],
  ]);
}

/**
 * A Fetch Request joins repeated Authorization headers with ", ". A Bearer token (RFC 6750's b64token) never
 * holds ", ", so a joined value is read as the headers it came from, and more than one is refused.
 */
function splitAuthorization(value: string | null): string[] | undefined {
  if (value === null) return undefined;
  return value.includes(', ') ? value.split(', ') : [value];
}

type ReadBody = { kind: 'none' } | { kind: 'json'; value: unknown };

async function readBody(context: Context, incoming: Incoming): Promise<ReadBody | Answer> {
  const { bodyLimit } = context.options;
  if (incoming.hasBody === false) return { kind: 'none' };
  let raw: RawBody;
  if (incoming.hasBody) {
    const type = isJsonType(incoming.headers['content-type']);
    if (!type.ok) return discarding(incoming, unsupportedType(type.type));
    raw = await incoming.readBody();
  } else {
    // A Fetch Request may carry an empty stream where no body was sent (a browser's DELETE): read it (bounded)
    // first, and judge its type only when it holds bytes.
    raw = await incoming.readBody();
    if (raw.kind === 'bytes' && raw.bytes.length === 0) return { kind: 'none' };
    const type = isJsonType(incoming.headers['content-type']);
    if (!type.ok) return unsupportedType(type.type);
  }
  switch (raw.kind) {
    case 'too-large':
      return fail('BODY_TOO_LARGE', `the limit is ${bodyLimit} bytes`);
    case 'timeout':
      return fail('REQUEST_TIMEOUT', `no body bytes for ${raw.idleMs} ms`);
    case 'aborted':
      return fail('MALFORMED_REQUEST', 'the body was cut off');
    case 'short':
      return fail('MALFORMED_JSON', 'the body is shorter than Content-Length');
  }
  const decoded = decodeJsonBody(raw.bytes);
  if (decoded.kind === 'malformed') return fail('MALFORMED_JSON', decoded.problem);
  return decoded;
}

/** Form bodies, as the docs' PHP samples' arrays are sent by cURL: not read (see the spec's request-bodies note). */
const FORM_TYPES = /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i;

function unsupportedType(type: string): Answer {
  const form = FORM_TYPES.test(type.trim());
  const hint = form ? ': send the fields as one JSON object (PHP: json_encode($data) in CURLOPT_POSTFIELDS)' : '';
  return fail('UNSUPPORTED_MEDIA_TYPE', `got ${type}${hint}`, { accepted: [JSON_TYPE] });
}

/** A Fetch body, read up to the limit and no further. */
async function readBounded(request: Request, limit: number): Promise<RawBody> {
  const reader = request.body?.getReader();
  if (!reader) return { kind: 'bytes', bytes: new Uint8Array() };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch {
      return { kind: 'aborted' };
    }
    if (chunk.done) break;
    size += chunk.value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { kind: 'too-large' };
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { kind: 'bytes', bytes };
}

async function respond(
  context: Context,
  operation: EngineOperation,
  request: EngineRequest,
  preferences: Preferences,
  dynamic: boolean,
): Promise<EngineResult> {
  // The engine generates when its mode or the request says so; an answer that must not be generated says so.
  const result = await context.engine.respond(
    operation,
    request,
    dynamic ? preferences : { ...preferences, dynamic: false },
  );
  if (result.kind !== 'response' || !dynamic) return result;
  // Dynamic data: Prism's generated answer made realistic, with the documented message kept.
  const answerKey = `${operation.operationId} ${result.status}`;
  const message = context.facts.messages.get(answerKey);
  let body = realistic(
    result.body,
    context.facts.responseSchemas.get(answerKey),
    preferences.seed ?? context.options.seed,
    `${request.method} ${request.path} ${JSON.stringify(request.body ?? null)}`,
  );
  if (message !== undefined && body && typeof body === 'object') {
    body = { ...(body as object), status: result.status, message };
  }
  return { ...result, body };
}

async function afterEngine(
  context: Context,
  decided: Decided,
  request: EngineRequest,
  preferences: Preferences,
  result: EngineResult,
): Promise<Answer> {
  const { operation, pathParams, dynamic } = decided;
  const { options } = context;
  if (result.kind === 'unknown-example') {
    return fail(
      'UNKNOWN_EXAMPLE',
      `"${preferences.exampleKey}"; this response has: ${result.available.join(', ') || 'none'}`,
      {
        available: result.available,
      },
    );
  }
  if (result.kind === 'failure') return fail('MOCK_FAILURE', result.message);

  const headers: Array<[string, string]> = Object.entries(result.headers).map(([n, v]) => [n.toLowerCase(), v]);
  if (result.status === 401) {
    // A forced 401 says what the forced example says: a key sent but not accepted is an invalid token.
    const invalid = preferences.exampleKey === 'invalidKey';
    const challenge = `Bearer realm="${context.facts.apiName}"${invalid ? ', error="invalid_token"' : ''}`;
    headers.splice(0, headers.length, ...headers.filter(([n]) => n !== 'www-authenticate'), [
      'www-authenticate',
      challenge,
    ]);
  }
  // The request's own violations; a forced 400 reads like a real one, naming that operation's own first input.
  const forced = preferences.code === 400 ? context.facts.forcedViolations.get(operation.operationId) : undefined;
  if (result.status === 400 && (result.violations.length > 0 || preferences.code === 400)) {
    const example = result.body as Partial<Envelope> | undefined;
    return envelope(
      {
        status: 400,
        message: example?.message ?? 'The request is invalid',
        data: {
          code: 'INVALID_REQUEST' satisfies MockErrorCode,
          errors: result.violations.length > 0 ? result.violations : forced ? [forced] : [],
        },
      },
      headers,
    );
  }

  // The records this request reads: dynamic mode's world when dynamic data is in effect, else the examples. They
  // are the mock's own (changed by requests) only in stateful mode, and only the mode's own records.
  const world = dynamic ? worldOf(context, preferences.seed ?? context.worldSeed) : undefined;
  const records = world ?? context.records;
  const mine = options.dynamic ? context.worlds.get(context.worldSeed) : context.records;
  const own = options.stateful && records === mine;

  // references
  const succeeded = preferences.code === undefined && result.status < 300;
  const exists = (collection: string, k: string) =>
    records.store.get(collection, k) !== undefined || context.session.store.get(collection, k) !== undefined;
  if (succeeded) {
    const body = request.body as Record<string, unknown> | undefined;
    const unknown = (context.facts.references.get(operation.operationId) ?? []).filter(({ field, collection }) => {
      const value = body?.[field];
      return value !== undefined && value !== null && !exists(collection, String(value));
    });
    if (unknown.length > 0) {
      const named = body as Record<string, unknown>;
      return fail('UNKNOWN_REFERENCE', unknown.map((u) => `${u.field} ${String(named[u.field])}`).join(', '), {
        errors: unknown.map((u) => ({
          field: `body.${u.field}`,
          message: `no ${u.collection} record has the key ${String(named[u.field])}`,
        })),
      });
    }
  }

  // store: records that are not the mock's own never change (the examples, or the world of a mock that is not
  // stateful); a record a client creates then lives in the session store, where its fetch, edit and delete find
  // it. Any other key that no record has is not found.
  const binding = operation.store;
  const key = operation.keyParam === undefined ? undefined : pathParams[operation.keyParam];
  const inSession =
    !own &&
    binding !== undefined &&
    (binding.action === 'create' ||
      (key !== undefined &&
        binding.action !== 'list' &&
        context.session.store.get(binding.collection, key) !== undefined));
  if (binding && succeeded && !own && key !== undefined && !inSession) {
    if (!exists(binding.collection, key)) return documented(context, operation, request, 404, undefined, headers);
  }
  // Read-only records answer fetches, edits (the record as edited, not kept) and deletes; a list of the examples
  // is the docs' own sample, a list of the world its records.
  const readOnly = !own && !inSession && (world !== undefined || binding?.action !== 'list');
  if ((own || inSession || readOnly) && binding && succeeded) {
    const answer = answerStatefully(
      own || readOnly ? records : context.session,
      binding,
      key,
      request.query,
      request.body,
      result.body,
      result.status,
      !readOnly,
    );
    switch (answer.kind) {
      case 'no-content':
        return noContent(headers);
      case 'not-found':
        return documented(context, operation, request, 404, undefined, headers);
      case 'duplicate':
        return fail('DUPLICATE_KEY', answer.detail);
      case 'full':
        return fail('STORE_FULL', answer.detail);
      case 'body':
        return json(answer.status, answer.body, [...headers, ...(answer.headers ?? [])]);
      case 'payload':
        return serialized(answer.status, answer.payload, [...headers, ...answer.headers]);
    }
  }
  if (result.status === 204) return noContent(headers);
  return json(result.status, result.body, headers);
}

/** The operation's documented response for `code`, from the spec's examples. */
async function documented(
  context: Context,
  operation: EngineOperation,
  request: EngineRequest,
  code: number,
  exampleKey?: string,
  headers: Array<[string, string]> = [],
): Promise<Answer> {
  const known = exampleKey !== undefined && operation.examples[String(code)]?.includes(exampleKey);
  const result = await context.engine.respond(
    operation,
    { ...request, body: undefined },
    { skipValidation: true, code, ...(known ? { exampleKey } : {}), dynamic: false },
  );
  if (result.kind !== 'response') {
    // The spec does not document this code for the operation: the mock's own envelope.
    const fallback: Record<number, MockErrorCode> = {
      401: 'UNAUTHENTICATED',
      402: 'PAYMENT_REQUIRED',
      404: 'RECORD_NOT_FOUND',
    };
    return envelope({ ...mockError(fallback[code] ?? 'MOCK_FAILURE'), status: code }, headers);
  }
  const own = new Set(headers.map(([n]) => n));
  const extra = Object.entries(result.headers)
    .map(([n, v]) => [n.toLowerCase(), v] as [string, string])
    .filter(([n]) => !own.has(n));
  return json(result.status, result.body, [...headers, ...extra]);
}

/** The world of `seed`, built on first use; the mode's own stays, other seeds' are bounded (least recently used). */
function worldOf(context: Context, seed: string): StatefulContext {
  const found = context.worlds.get(seed);
  if (found) {
    if (seed !== context.worldSeed) {
      context.worlds.delete(seed);
      context.worlds.set(seed, found);
    }
    return found;
  }
  const made = context.makeWorld(seed);
  context.worlds.set(seed, made);
  const others = [...context.worlds.keys()].filter((s) => s !== context.worldSeed);
  if (others.length > MAX_WORLDS) context.worlds.delete(others[0] as string);
  return made;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}
