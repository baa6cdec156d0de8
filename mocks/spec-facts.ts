// What the mock learns once from the spec it serves (the XtraKit contract or another API's): base path, title,
// which operations need a key, the headers that can change an answer, each answer's example message and schema,
// and which body fields must name an existing record. A spec the mock cannot serve is refused in one line.
import { examplesOf, jsonMedia, type LoadedSpec, type SchemaObject } from '../openapi/document';
import { branches, type Schema } from '../openapi/schema-walk';
import type { Violation } from './prism-engine';

export interface Reference {
  /** The body field, e.g. customer_id. */
  field: string;
  /** The store collection that must hold a record with that key. */
  collection: string;
}

export interface SpecFacts {
  /** The path every operation is under, from the first server URL (`/api/v1`); '' for the root. */
  basePath: string;
  /** The spec's server URLs, as written. */
  servers: string[];
  title: string;
  /** The API's name: "XtraKit" for the XtraKit contract, another spec's own otherwise. */
  apiName: string;
  /** A GET without parameters, for the start-up banner's curl (`/customers` in the XtraKit contract). */
  firstReadPath?: string;
  /** Operations that need `Authorization: Bearer <key>` (the spec's security, global or their own). */
  secured: Set<string>;
  /** Every header a parameter declares, lower case: a cached answer is keyed by their values. */
  declaredHeaders: string[];
  /** `${operationId} ${status}` → the example envelope's message. */
  messages: Map<string, string>;
  /** `${operationId} ${status}` → the response's JSON schema. */
  responseSchemas: Map<string, SchemaObject>;
  /** operationId → the body fields that must name an existing record (`x-xtrakit-prerequisites`). */
  references: Map<string, Reference[]>;
  /** operationId → the violation a forced 400 reports: of that operation's own first input. */
  forcedViolations: Map<string, Violation>;
}

/** The violation a forced 400 reports: the first required body field left out, else the first parameter. */
function forcedViolationOf(op: LoadedSpec['operations'][number]): Violation | undefined {
  const schema = jsonMedia(op.operation.requestBody as never)?.schema as Schema | undefined;
  const required = schema ? branches(schema).flatMap((b) => (b.required ?? []) as string[]) : [];
  if (required[0] !== undefined)
    return { field: `body.${required[0]}`, message: `must have required property '${required[0]}'` };
  const parameter =
    op.parameters.find((p) => p.in === 'query') ??
    op.parameters.find((p) => p.in === 'path') ??
    op.parameters.find((p) => p.in === 'header');
  if (!parameter) return undefined;
  const type = [((parameter.schema ?? {}) as Schema).type ?? 'string'].flat().join(' or ');
  return { field: `${parameter.in}.${parameter.name}`, message: `must be a valid ${type}` };
}

export class UnservableSpecError extends Error {}

/**
 * operationId → the body fields that must name an existing record (`x-xtrakit-prerequisites`), with the collection
 * that holds such records: what the mock checks, and what dynamic mode's world makes resolve.
 */
export function referencesByOperation(spec: LoadedSpec): Map<string, Reference[]> {
  const collectionOf = new Map(spec.operations.map((o) => [o.operationId, o.store?.collection]));
  const references = new Map<string, Reference[]>();
  for (const op of spec.operations) {
    const refs = op.prerequisites.flatMap((p) => {
      const collection = collectionOf.get(p.operationId);
      return collection ? [{ field: p.field, collection }] : [];
    });
    if (refs.length > 0) references.set(op.operationId, refs);
  }
  return references;
}

export function specFacts(spec: LoadedSpec): SpecFacts {
  const { document } = spec;
  const schemes = (document.components?.securitySchemes ?? {}) as Record<string, { type?: string; scheme?: string }>;
  const secured = new Set<string>();
  for (const op of spec.operations) {
    const requirements = (op.operation.security ?? document.security ?? []) as Array<Record<string, unknown>>;
    // An empty requirement ({}) makes the key optional: such an operation is served without one.
    if (requirements.length === 0 || requirements.some((r) => Object.keys(r).length === 0)) continue;
    for (const name of requirements.flatMap((r) => Object.keys(r))) {
      const scheme = schemes[name];
      if (scheme?.type !== 'http' || scheme.scheme?.toLowerCase() !== 'bearer') {
        throw new UnservableSpecError(
          `${op.operationId} needs the "${name}" security scheme (${scheme?.type ?? 'undefined'}${scheme?.scheme ? ` ${scheme.scheme}` : ''}); the mock checks bearer keys only`,
        );
      }
    }
    secured.add(op.operationId);
  }
  const messages = new Map<string, string>();
  const responseSchemas = new Map<string, SchemaObject>();
  for (const op of spec.operations) {
    for (const [code, response] of Object.entries(op.responses)) {
      const media = jsonMedia(response);
      if (media?.schema) responseSchemas.set(`${op.operationId} ${code}`, media.schema as SchemaObject);
      const message = (examplesOf(media)[0]?.value as { message?: unknown } | undefined)?.message;
      if (typeof message === 'string') messages.set(`${op.operationId} ${code}`, message);
    }
  }
  const references = referencesByOperation(spec);
  const forcedViolations = new Map<string, Violation>();
  for (const op of spec.operations) {
    const violation = forcedViolationOf(op);
    if (violation) forcedViolations.set(op.operationId, violation);
  }
  const firstRead = spec.operations.find(
    (o) => o.method === 'get' && !o.path.includes('{') && !o.parameters.some((p) => p.required),
  );
  return {
    basePath: basePathOf(document.servers ?? []),
    servers: (document.servers ?? []).map((s) => s.url),
    title: document.info?.title ?? 'API',
    // The API's name where answers name it (the Bearer realm): the title without a trailing "API".
    apiName: (document.info?.title ?? 'API').replace(/\s+API$/i, '').trim() || 'API',
    ...(firstRead ? { firstReadPath: firstRead.path } : {}),
    secured,
    declaredHeaders: [
      ...new Set(
        spec.operations.flatMap((o) => o.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase())),
      ),
    ],
    messages,
    responseSchemas,
    references,
    forcedViolations,
  };
}

/** The path every operation is under: the first server URL's, variables at their defaults ('' for the root). */
export function basePathOf(servers: Array<{ url: string; variables?: Record<string, { default: string }> }>): string {
  const first = servers[0];
  if (!first) return '';
  const url = first.url.replace(/\{([^}]+)\}/g, (_, name: string) => first.variables?.[name]?.default ?? '');
  let path: string;
  try {
    path = new URL(url, 'http://mock.invalid').pathname;
  } catch {
    throw new UnservableSpecError(`its first server URL "${first.url}" is not a URL`);
  }
  return path.replace(/\/+$/, '');
}

/** The origins of a spec's https servers (XtraKit's production hosts): what the in-process hosts answer by default. */
export function productionOrigins(servers: Array<{ url: string }>): string[] {
  return servers.filter((s) => s.url.startsWith('https://')).map((s) => new URL(s.url).origin);
}

/**
 * Which URLs an in-process host (MSW handlers, Playwright routes) answers: any path on the given origins, and the
 * base path on any origin when `anyOrigin` (so an app's relative URLs work).
 */
export function answersUrl(origins: string[], anyOrigin: boolean, basePath: string): (url: URL) => boolean {
  const own = new Set(
    origins.map((o) => {
      try {
        return new URL(o).origin;
      } catch {
        throw new TypeError(`origins: "${o}" is not an origin (https://host[:port])`);
      }
    }),
  );
  return (url) =>
    own.has(url.origin) || (anyOrigin && (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)));
}
