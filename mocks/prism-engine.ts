// The only module that knows Prism. Prism keeps routing, request validation, example selection and data
// generation; this module turns its fp-ts API into plain promises and plain values for the HTTP layer.
import type * as PrismCore from '@stoplight/prism-core';
import type * as PrismHttp from '@stoplight/prism-http';
import type { IHttpConfig } from '@stoplight/prism-http';
import type PrismRouter from '@stoplight/prism-http/dist/router';
import type { IHttpOperation } from '@stoplight/types';
import { LRUCache } from 'lru-cache';
import {
  type Document,
  listOperations,
  type Operation,
  type SchemaObject,
  type StoreBinding,
} from '../openapi/document';

export interface EngineOperation {
  operationId: string;
  method: string;
  /** Spec path, relative to the server URL. */
  path: string;
  /** Documented status codes, as strings ("200", "404", …). */
  codes: string[];
  /** Named examples per documented status code. */
  examples: Record<string, string[]>;
  store?: StoreBinding;
  /** The first path parameter's name, e.g. `id` for `/customers/{id}`. */
  keyParam?: string;
  /** The operation's header parameters, lower-case. */
  headerParams: string[];
}

export type RouteResult =
  | { kind: 'matched'; operation: EngineOperation; pathParams: Record<string, string> }
  | { kind: 'no-path' }
  | { kind: 'no-method'; allow: string[] };

export interface EngineRequest {
  method: string;
  /** Path relative to the server URL, e.g. `/customers/1`. */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: unknown;
}

export interface Preferences {
  /** Answer without validating the request: for responses the HTTP layer has already decided (401, 402). */
  skipValidation?: boolean;
  code?: number;
  exampleKey?: string;
  dynamic?: boolean;
  seed?: string;
}

export interface Violation {
  field: string;
  message: string;
}

export type EngineResult =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: unknown; violations: Violation[] }
  | { kind: 'unknown-example'; available: string[] }
  | { kind: 'failure'; message: string };

export interface Engine {
  operations: EngineOperation[];
  route(method: string, path: string): RouteResult;
  respond(operation: EngineOperation, request: EngineRequest, preferences: Preferences): Promise<EngineResult>;
  /** Loads Prism's validator and mocker now, so that no later request waits for them. */
  warm(): void;
  /** Answers the build knew, how many requests they answered, whether Prism's validator and mocker are loaded. */
  stats(): { knownAnswers: number; answeredFromBuild: number; prismLoaded: boolean };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

export interface EngineOptions {
  dynamic: boolean;
  seed?: string;
}

/**
 * Prism's operations for a document, by Prism's spec transform: what the build precomputes for the contract, and what
 * the engine asks for one path at a time otherwise.
 */
export async function prismOperationsOf(document: Document, modules: PrismModules): Promise<IHttpOperation[]> {
  return modules.transform()(document as never);
}

/** prism-http's validators/body `validate`: Left with diagnostics when the body breaks its schema. */
export type PrismBodyValidator = (
  target: unknown,
  specs: unknown[],
  context: number,
  mediaType?: string,
  multipartBoundary?: string,
  bundle?: unknown,
) => { _tag: 'Left' | 'Right' };

type MockComponent = NonNullable<Parameters<typeof PrismHttp.createInstance>[1]['mock']>;

/**
 * Prism's modules, as the host can load them: on Node each is required on first use (start-up pays only for
 * routing); a browser bundle imports them statically and has no spec transform (its operations are the build's).
 */
export interface PrismModules {
  route(): typeof PrismRouter;
  /** Prism's mocker, validator and core: most of Prism's load time. */
  prism(): {
    core: Pick<typeof PrismCore, 'factory'>;
    mock: MockComponent;
    validator: Record<string, unknown>;
    /** Prism's own request-body validator (the one its pipeline calls): judges a body alone. */
    validateBody: PrismBodyValidator;
  };
  /** Prism's spec transform (with its Postman and OAS 2 support): a fifth of Prism's load time. */
  transform(): typeof PrismHttp.getHttpOperationsFromSpec;
}

/** Prism logs through pino; the mock's answers say everything, so its logger is silent (and needs no pino). */
const silentLogger: Record<string, unknown> = {
  level: 'silent',
  child: () => silentLogger,
  ...Object.fromEntries(
    ['trace', 'debug', 'info', 'success', 'warn', 'error', 'fatal', 'log'].map((l) => [l, () => undefined]),
  ),
};

/** A response the engine gave: what the build keeps for requests whose answer it can know in advance. */
export type EngineResponse = Extract<EngineResult, { kind: 'response' }>;

/** Start-up work done before the engine is created: Prism's operations, and answers the build already knows. */
export interface EnginePrecomputed {
  operations?: IHttpOperation[];
  answers?: Record<string, EngineResponse>;
}

/** The Accept headers a known answer is kept for: what fetch, curl, axios and JSON clients send to a JSON API. */
const KNOWN_ACCEPT = ['', '*/*', 'application/json', 'application/json, text/plain, */*'];

/**
 * The key of a request whose static answer depends on nothing the build cannot know: no query, no body, no
 * `Prefer`, none of the operation's header parameters, a common Accept, static data, and either no path
 * parameters (the request is validated, and validation sees only what the key holds) or no validation at all
 * (the HTTP layer's 401, 402 and 404 answers). Everything else has no key and goes to Prism.
 */
export function knownAnswerKey(
  operation: EngineOperation,
  request: EngineRequest,
  preferences: Preferences,
  dynamic: boolean,
): string | undefined {
  // Dynamic data as Prism decides it: the request's preference, else the mock's mode.
  if ((preferences.dynamic ?? dynamic) || request.body !== undefined) return undefined;
  if (Object.keys(request.query).length > 0 || request.headers.prefer !== undefined) return undefined;
  // Prism checks the content type of any request that announces a body.
  if ((request.headers['content-length'] ?? '0') !== '0') return undefined;
  const validated = !preferences.skipValidation;
  if (validated && (operation.keyParam !== undefined || preferences.code !== undefined)) return undefined;
  if (validated && preferences.exampleKey !== undefined) return undefined;
  const accept = request.headers.accept ?? '';
  if (!KNOWN_ACCEPT.includes(accept)) return undefined;
  if (operation.headerParams.some((name) => request.headers[name] !== undefined)) return undefined;
  const mode = validated ? 'validated' : 'unvalidated';
  return [operation.operationId, mode, preferences.code ?? '', preferences.exampleKey ?? '', accept].join(' ');
}

/**
 * The key of a request's whole answer, or undefined when it may vary (dynamic data, a body Prism may refuse):
 * everything Prism reads of it, the operation, the method, the path, the query, the headers Prism reads (Accept,
 * Content-Type, whether Content-Length announces a body, Prefer and the operation's declared header parameters),
 * the preferences, and whether its body is one Prism's validator accepts (any such body gives the same answer).
 */
export function bodilessKey(
  operation: EngineOperation,
  request: EngineRequest,
  preferences: Preferences,
  dynamic: boolean,
  /** The request has a body Prism's body validator accepts: the key stands for any such body. */
  validBody = false,
): string | undefined {
  if ((preferences.dynamic ?? dynamic) || (request.body !== undefined && !validBody)) return undefined;
  const h = request.headers;
  // Prism reads Content-Length only to tell an empty body from a present one.
  const announced = h['content-length'] !== undefined && h['content-length'] !== '0';
  return JSON.stringify([
    operation.operationId,
    request.method,
    request.path,
    request.query,
    preferences,
    validBody ? 'a valid body' : null,
    h.accept ?? null,
    h['content-type'] ?? null,
    announced,
    h['transfer-encoding'] ?? null,
    h.prefer ?? null,
    operation.headerParams.map((name) => h[name] ?? null),
  ]);
}

/**
 * Every request of an operation that has a known-answer key, as the HTTP layer sends them to the engine: the
 * plain request (no path parameters only) and its documented 401 (each example), 402 and 404.
 */
export function knowableRequests(
  operation: EngineOperation,
): Array<{ request: EngineRequest; preferences: Preferences }> {
  const out: Array<{ request: EngineRequest; preferences: Preferences }> = [];
  const path = operation.path.replace(/\{[^}]+\}/g, '1');
  for (const accept of KNOWN_ACCEPT) {
    const request: EngineRequest = {
      method: operation.method.toUpperCase(),
      path,
      query: {},
      headers: accept === '' ? {} : { accept },
    };
    if (operation.keyParam === undefined) out.push({ request, preferences: {} });
    for (const code of [401, 402, 404].filter((c) => operation.codes.includes(String(c)))) {
      const base = { skipValidation: true, code, dynamic: false };
      out.push({ request, preferences: base });
      for (const exampleKey of operation.examples[String(code)] ?? []) {
        out.push({ request, preferences: { ...base, exampleKey } });
      }
    }
  }
  return out;
}

/** Build time: the engine's answer to every knowable request, by its key. */
export async function precomputeAnswers(engine: Engine): Promise<Record<string, EngineResponse>> {
  const answers: Record<string, EngineResponse> = {};
  for (const operation of engine.operations) {
    for (const { request, preferences } of knowableRequests(operation)) {
      const key = knownAnswerKey(operation, request, preferences, false);
      if (key === undefined) continue;
      const result = await engine.respond(operation, request, preferences);
      if (result.kind === 'response') answers[key] = result;
    }
  }
  return answers;
}

export async function createEngine(
  document: Document,
  options: EngineOptions,
  precomputed: EnginePrecomputed,
  modules: PrismModules,
): Promise<Engine> {
  const route = modules.route();
  const known = new Map(Object.entries(precomputed.answers ?? {}));
  let answeredFromBuild = 0;
  const operations = listOperations(document).map(engineOperationOf);
  // Prism's router needs only each operation's method and path: it routes over these stand-ins, so that
  // Prism's own operation (its spec transform's output) is needed only to answer.
  const stand = new Map(
    operations.map((o) => [
      o,
      { id: o.operationId, method: o.method, path: o.path, responses: [] } as unknown as IHttpOperation,
    ]),
  );
  const byStandIn = new Map([...stand].map(([o, s]) => [s, o]));
  const prismOperationOf = prismOperationsByPath(document, precomputed.operations, modules);
  // Prism's router scores every operation of the spec on every request. A path template only matches a
  // path with as many segments and the same first literal segment, so Prism is handed just those
  // candidates: the same answer, a fraction of the work.
  const candidates = new Map<string, IHttpOperation[]>();
  for (const op of stand.values()) {
    const key = shapeOf(op.path, true);
    candidates.set(key, [...(candidates.get(key) ?? []), op]);
  }
  const candidatesFor = (path: string) => {
    const count = path.split('/').length;
    return [...(candidates.get(shapeOf(path, false)) ?? []), ...(candidates.get(`${count}:*`) ?? [])];
  };

  const config: IHttpConfig = {
    checkSecurity: false, // our HTTP layer checks the key value itself (Prism accepts any token)
    validateRequest: true,
    validateResponse: false,
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
    mock: { dynamic: options.dynamic, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  };
  // Prism's validator and mocker (most of its load time) are loaded for the first request the build could not
  // answer, or by warm() once the mock is idle: start-up pays only for routing.
  let prism: ReturnType<typeof PrismHttp.createInstance> | undefined;
  const instance = () => {
    if (prism) return prism;
    const { core, mock, validator } = modules.prism();
    // Prism's own createInstance (prism-http's index), without the index: the index also loads the spec transform
    // and the forwarder, which a mock with precomputed operations and no upstream never uses.
    prism = core.factory(
      config as never,
      {
        route,
        validateInput: validator.validateInput,
        validateOutput: validator.validateOutput,
        validateSecurity: validator.validateSecurity,
        mock: memoiseStaticMock(mock),
        forward: () => () => {
          throw new Error('the mock never forwards through Prism');
        },
        logger: silentLogger,
      } as never,
    ) as unknown as ReturnType<typeof PrismHttp.createInstance>;
    return prism;
  };

  const routeOne = (method: string, path: string) =>
    route({ resources: candidatesFor(path), input: { method: method as never, url: { path } } });

  const routeUncached = (method: string, path: string): RouteResult => {
    const found = routeOne(method.toLowerCase(), path);
    if (found._tag === 'Right') {
      const operation = byStandIn.get(found.right);
      if (!operation) return { kind: 'no-path' };
      return { kind: 'matched', operation, pathParams: matchParams(operation.path, path) };
    }
    if (!/no method matched/i.test(found.left.message) && !found.left.name.includes('NO_METHOD_MATCHED')) {
      return { kind: 'no-path' };
    }
    const matches = METHODS.flatMap((m) => {
      const found = routeOne(m, path);
      return found._tag === 'Right' ? [{ method: m.toUpperCase(), template: found.right.path }] : [];
    });
    // A literal path (/customers/add) is not the templated one beside it (/customers/{id}): when a literal
    // template matches, only its methods are allowed.
    const literal = matches.filter((m) => !m.template.includes('{'));
    const allow = (literal.length > 0 ? literal : matches).map((m) => m.method);
    return { kind: 'no-method', allow };
  };

  // Routing depends on the method and the path alone, so its answers are kept (bounded: paths carry ids).
  const routes = new LRUCache<string, RouteResult>({ max: 2_000 });
  // Prism's whole answer (validation included) to a bodiless request without dynamic data depends only on what
  // bodilessKey reads: a fetch by id or a filtered list asked again skips Prism's validator. Bounded in bytes.
  const bodiless = new LRUCache<string, EngineResult>({
    max: 2_000,
    maxSize: 4 * 1024 * 1024,
    sizeCalculation: (result, key) => 2 * key.length + 2 * JSON.stringify(result).length + 256,
  });

  return {
    operations,
    route(method, path) {
      const key = `${method} ${path}`;
      const known = routes.get(key);
      if (known) return known;
      const result = routeUncached(method, path);
      routes.set(key, result);
      return result;
    },
    warm() {
      instance();
      if (!precomputed.operations) modules.transform();
    },
    stats: () => ({ knownAnswers: known.size, answeredFromBuild, prismLoaded: prism !== undefined }),
    async respond(operation, request, preferences) {
      const key = known.size > 0 ? knownAnswerKey(operation, request, preferences, options.dynamic) : undefined;
      const answer = key === undefined ? undefined : known.get(key);
      // A copy: the HTTP layer may add to the body it is given.
      if (answer) {
        answeredFromBuild += 1;
        return structuredClone(answer);
      }
      // A body Prism's own validator accepts changes nothing in Prism's static answer: the answer is kept for any
      // valid body (a create or an edit asked again with other values skips Prism's pipeline).
      const validBody = request.body !== undefined && (await bodyIsValid(operation, request, preferences));
      const memoKey = bodilessKey(operation, request, preferences, options.dynamic, validBody);
      const memoised = memoKey === undefined ? undefined : bodiless.get(memoKey);
      if (memoised) return structuredClone(memoised);
      const result = await respondThroughPrism(operation, request, preferences);
      // Kept only when Prism agrees the request was valid (a body it refuses after all is never answered from here).
      const agreed = !validBody || (result.kind === 'response' && result.violations.length === 0);
      if (memoKey !== undefined && result.kind === 'response' && agreed) bodiless.set(memoKey, structuredClone(result));
      return result;
    },
  };

  /** Whether Prism's body validator accepts the body, as its pipeline would judge it (static data, validated). */
  async function bodyIsValid(
    operation: EngineOperation,
    request: EngineRequest,
    preferences: Preferences,
  ): Promise<boolean> {
    if (preferences.skipValidation || (preferences.dynamic ?? options.dynamic)) return false;
    const prismOperation = await prismOperationOf(operation);
    const contents = prismOperation.request?.body?.contents;
    if (!contents || contents.length === 0) return false;
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type === undefined || type.startsWith('multipart/') || type === 'application/x-www-form-urlencoded')
      return false;
    const { validateBody } = modules.prism();
    const bundle = (prismOperation as unknown as Record<string, unknown>).__bundled__;
    return validateBody(request.body, contents, 0, type, undefined, bundle)._tag === 'Right';
  }

  async function respondThroughPrism(
    operation: EngineOperation,
    request: EngineRequest,
    preferences: Preferences,
  ): Promise<EngineResult> {
    const mock = {
      ...config.mock,
      ...(preferences.code === undefined ? {} : { code: preferences.code }),
      ...(preferences.exampleKey === undefined ? {} : { exampleKey: preferences.exampleKey }),
      ...(preferences.dynamic === undefined ? {} : { dynamic: preferences.dynamic }),
      ...(preferences.seed === undefined ? {} : { seed: preferences.seed }),
    };
    const input = {
      method: request.method.toLowerCase() as never,
      url: { path: request.path, query: request.query },
      headers: request.headers,
      body: request.body,
    };
    const validateRequest = !preferences.skipValidation;
    const prismOperation = await prismOperationOf(operation);
    const result = await instance().request(input, [prismOperation], {
      ...config,
      validateRequest,
      mock,
    } as IHttpConfig)();
    if (result._tag === 'Left') {
      const error = result.left as Error & { name: string };
      if (preferences.exampleKey !== undefined && error.name.endsWith('#NOT_FOUND')) {
        const code = String(preferences.code ?? lowestSuccess(operation));
        return { kind: 'unknown-example', available: operation.examples[code] ?? [] };
      }
      return { kind: 'failure', message: error.message };
    }
    const { output, validations } = result.right;
    return {
      kind: 'response',
      status: output.statusCode,
      headers: normaliseHeaders(output.headers ?? {}),
      // A copy: Prism's answer may be its memo's, or the spec's example itself, and whoever reads it may change it.
      body: structuredClone(output.body),
      violations: validations.input.filter((v) => v.severity === 0).map((v) => toViolation(v.path ?? [], v.message)),
    };
  }
}

function toViolation(path: Array<string | number>, message: string): Violation {
  // Prism reports a missing property at its parent ("body"); name the property itself.
  const missing = /required property '([^']+)'/.exec(message)?.[1];
  const field = [...path, ...(missing ? [missing] : [])].join('.');
  // A body left out entirely is reported at no path: it is the body's.
  return { field: field === '' && /^body/i.test(message) ? 'body' : field, message };
}

/** What the HTTP layer needs of an operation, read from the spec as Prism's spec transform reads it. */
function engineOperationOf(op: Operation): EngineOperation {
  const examples: Record<string, string[]> = {};
  for (const [code, response] of Object.entries(op.responses)) {
    examples[code] = Object.values(response.content ?? {}).flatMap((media) => {
      // Prism's default example: the media type's `example`, else the first of its schema's `examples`.
      const fallback = ((media.schema as SchemaObject | undefined)?.examples as unknown[] | undefined)?.[0];
      const hasDefault = 'example' in media ? media.example !== undefined : fallback !== undefined;
      return [...(hasDefault ? ['default'] : []), ...Object.keys(media.examples ?? {})];
    });
  }
  const keyParam = /\{([^}]+)\}/.exec(op.path)?.[1];
  return {
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    codes: Object.keys(op.responses),
    examples,
    ...(op.store === undefined ? {} : { store: op.store }),
    ...(keyParam === undefined ? {} : { keyParam }),
    headerParams: op.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()),
  };
}

/**
 * Prism's operation for each of ours: the build's, or Prism's spec transform run on first use over the spec with
 * just that operation's path (the same operation, in a few milliseconds instead of the whole spec's transform).
 */
export function prismOperationsByPath(
  document: Document,
  precomputed: IHttpOperation[] | undefined,
  modules: PrismModules,
): (operation: EngineOperation) => Promise<IHttpOperation> {
  const byPath = new Map<string, Promise<IHttpOperation[]>>();
  const grouped = new Map<string, IHttpOperation[]>();
  for (const op of precomputed ?? []) grouped.set(op.path, [...(grouped.get(op.path) ?? []), op]);
  for (const [path, ops] of grouped) byPath.set(path, Promise.resolve(ops));
  return async (operation) => {
    let forPath = byPath.get(operation.path);
    if (!forPath) {
      // A copy: Prism's transform must not change the document the HTTP layer reads.
      const single = structuredClone({ ...document, paths: { [operation.path]: document.paths?.[operation.path] } });
      forPath = prismOperationsOf(single as Document, modules);
      byPath.set(operation.path, forPath);
      forPath.catch(() => byPath.delete(operation.path));
    }
    const found = (await forPath).find((o) => o.method === operation.method && o.path === operation.path);
    if (!found) throw new Error(`Prism's spec transform has no ${operation.method.toUpperCase()} ${operation.path}`);
    return found;
  };
}

export function lowestSuccess(operation: EngineOperation): number {
  const success = operation.codes.filter((c) => /^2\d\d$/.test(c)).map(Number);
  return success.length > 0 ? Math.min(...success) : 200;
}

/**
 * `3:customers` for /customers/{id}; a template whose first segment is a parameter goes under `3:*`, and a
 * request path is looked up under its own first segment and under `*`.
 */
function shapeOf(path: string, template: boolean): string {
  const parts = path.split('/');
  // Prism decodes request segments before matching (/%63ustomers is /customers): so does the index.
  const first = template ? (parts[1] ?? '') : safeDecode(parts[1] ?? '');
  return `${parts.length}:${template && first.includes('{') ? '*' : first.replace(/^\*$/, '\\*')}`;
}

/**
 * In static mode Prism's answer to a valid request depends only on the operation, the forced code, the
 * example and the Accept header: it is computed once and reused. Invalid input and dynamic data always go
 * through Prism. The cache is bounded, since Accept is the client's to vary.
 */
function memoiseStaticMock(mock: MockComponent): MockComponent {
  const answers = new LRUCache<string, ReturnType<ReturnType<MockComponent>>>({ max: 2000 });
  return (opts) => {
    const { resource, input, config } = opts;
    if (config.dynamic || input.validations.length > 0) return mock(opts);
    const accept = input.data.headers?.accept ?? input.data.headers?.Accept ?? '';
    const key = `${resource.id}|${config.code ?? ''}|${config.exampleKey ?? ''}|${config.mediaTypes?.join(',') ?? ''}|${accept}`;
    return (logger) => {
      const known = answers.get(key);
      if (known) return known;
      const answer = mock(opts)(logger);
      if (answer._tag === 'Right') answers.set(key, answer);
      return answer;
    };
  };
}

function matchParams(template: string, path: string): Record<string, string> {
  const names = template.split('/');
  const values = path.split('/');
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    const match = /^\{(.+)\}$/.exec(name);
    if (match?.[1] && values[i] !== undefined) params[match[1]] = safeDecode(values[i]);
  });
  return params;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function normaliseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'content-type') continue; // the HTTP layer owns the content type
    out[name] = value;
  }
  return out;
}
