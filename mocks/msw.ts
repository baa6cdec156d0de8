// MSW request handlers over the mock core: the same answers as the HTTP mock, in-process, for setupServer
// (msw/node: Vitest, Jest) and setupWorker (a browser app, Storybook). Host-neutral: msw-node.ts and
// msw-browser.ts bind it to their core.
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { Document } from '../openapi/document';
import { mockError } from '../openapi/errors';
import type { CoreOptions, MockCore } from './core';
import { answersUrl, basePathOf, productionOrigins } from './spec-facts';

export interface XtrakitHandlersOptions extends Partial<CoreOptions> {
  /**
   * Origins answered whatever the path (an unknown path gets the mock's 404 envelope): default the contract's
   * production servers (https://api.xtrakit.com, https://app.xtrakit.com).
   */
  origins?: string[];
  /** Also answer the contract's base path (`/api/v1/…`) on any origin, so relative URLs work; default true. */
  anyOrigin?: boolean;
}

export interface ForceOptions {
  /** A status the operation documents (the contract's word: 200, 400, 401, 402, 404, 500 …). */
  status: number;
  /** One of that response's named examples. */
  example?: string;
  /** Answer only the next matching request, then step aside (MSW's `once`). */
  once?: boolean;
}

export interface XtrakitHandlers {
  /** For `setupServer(...handlers)` or `setupWorker(...handlers)`. */
  handlers: RequestHandler[];
  /** Back to the start: the stateful store to the examples, created records forgotten. */
  reset(): Promise<void>;
  /** Resolves once the core is loaded and Prism warmed up: await it in a set-up so the first test is not slower. */
  ready(): Promise<MockCore>;
  /**
   * A handler for `server.use(...)` that answers one operation with a documented status:
   * `server.use(xtrakit.force('listCustomers', { status: 500, once: true }))`.
   */
  force(operationId: string, options: ForceOptions): RequestHandler;
}

export interface HostBinding {
  createCore(options: Partial<CoreOptions>): Promise<MockCore>;
  /** The contract's document when the host has it at once (the packaged contract), for checks at call time. */
  documentNow(): Document | undefined;
}

export function createHandlers(host: HostBinding, options: XtrakitHandlersOptions = {}): XtrakitHandlers {
  const { origins, anyOrigin = true, ...behaviour } = options;
  let loading: Promise<MockCore> | undefined;
  const core = () => {
    loading ??= host.createCore(behaviour);
    return loading;
  };
  /** The core, with Prism's validator and mocker loaded: nothing left for a first request to wait for. */
  const ready = async () => {
    const c = await core();
    c.warm();
    return c;
  };
  const document = host.documentNow();
  const production = origins ?? productionOrigins(document?.servers ?? []);
  const basePath = basePathNow(document);
  // Known at once for the packaged contract (and any spec file that parses); else from the core on first use.
  let matches = basePath === undefined ? undefined : answersUrl(production, anyOrigin, basePath);
  const answers = async (request: Request): Promise<boolean> => {
    matches ??= answersUrl(production, anyOrigin, (await core()).facts.basePath);
    return matches(new URL(request.url));
  };

  const handlers: RequestHandler[] = [
    http.all(
      ({ request }) => answers(request),
      async ({ request }) => {
        try {
          return (await core()).handle(request);
        } catch (error) {
          // The spec could not be loaded: every request says why, in the envelope.
          return HttpResponse.json(mockError('MOCK_FAILURE', (error as Error).message), { status: 500 });
        }
      },
    ),
  ];

  return {
    handlers,
    async reset() {
      if (loading) (await loading).reset();
    },
    ready,
    force(operationId, { status, example, once = false }) {
      const operation = document ? operationOf(document, operationId) : undefined;
      if (document && !operation) throw new TypeError(`xtrakit.force: the contract has no operation ${operationId}`);
      if (operation && !operation.codes.includes(String(status))) {
        throw new TypeError(`xtrakit.force: ${operationId} documents ${operation.codes.join(', ')}, not ${status}`);
      }
      return http.all(
        async ({ request }) => {
          if (!(await answers(request))) return false;
          const mock = await core();
          const { pathname } = new URL(request.url);
          const routed = mock.route(request.method.toUpperCase(), pathname.slice(mock.facts.basePath.length));
          return routed.kind === 'matched' && routed.operation.operationId === operationId;
        },
        async ({ request }) => {
          const mock = await core();
          const routed = mock.operations.find((o) => o.operationId === operationId);
          if (!routed) {
            // Only for a spec that could not be read at once: the catalog's word, in the envelope.
            const refused = mockError('UNKNOWN_FORCED_CODE', `the contract has no operation ${operationId}`);
            return HttpResponse.json(refused, { status: refused.status });
          }
          const headers = new Headers(request.headers);
          headers.set('prefer', `code=${status}${example ? `, example=${example}` : ''}`);
          const body = request.body === null ? null : await request.arrayBuffer();
          return mock.handle(new Request(request.url, { method: request.method, headers, body }));
        },
        { once },
      );
    },
  };
}

/** The base path when the document is at hand and serves; else undefined (the core's facts say it on first use). */
function basePathNow(document: Document | undefined): string | undefined {
  try {
    return document ? basePathOf(document.servers ?? []) : undefined;
  } catch {
    return undefined;
  }
}

function operationOf(document: Document, operationId: string): { codes: string[] } | undefined {
  for (const item of Object.values(document.paths ?? {})) {
    for (const op of Object.values(item ?? {})) {
      const o = op as { operationId?: string; responses?: Record<string, unknown> };
      if (o && typeof o === 'object' && o.operationId === operationId) return { codes: Object.keys(o.responses ?? {}) };
    }
  }
  return undefined;
}
