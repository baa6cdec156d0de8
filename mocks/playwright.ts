// `xtrakit-contract-kit/playwright`: a page's (or a whole context's) requests to XtraKit answered by the mock core
// in the test's own process, through Playwright's request interception: no server, no service worker, CORS
// preflights included.
//   const xtrakit = await routeXtrakit(page, { stateful: true });
//   xtrakit.force('listCustomers', { status: 500, once: true });
import type { CoreOptions, MockCore } from './core';
import { createMockCore } from './core-node';
import type { ForceOptions } from './msw';
import { answersUrl, productionOrigins } from './spec-facts';

export type { ForceOptions } from './msw';

/** What routeXtrakit needs of a Playwright Page or BrowserContext (so the kit needs no Playwright types). */
export interface Routable {
  route(url: (url: URL) => boolean, handler: (route: RouteLike) => Promise<void>): Promise<unknown>;
  unroute(url: (url: URL) => boolean, handler?: (route: RouteLike) => Promise<void>): Promise<unknown>;
}

export interface RouteLike {
  request(): {
    url(): string;
    method(): string;
    allHeaders(): Promise<Record<string, string>>;
    postDataBuffer(): Buffer | null;
  };
  fulfill(response: { status: number; headers: Record<string, string>; body: Buffer }): Promise<void>;
}

export interface RouteXtrakitOptions extends Partial<CoreOptions> {
  /** Another OpenAPI file; default: the packaged XtraKit contract. */
  spec?: string;
  /** Origins answered whatever the path: default the contract's production servers. */
  origins?: string[];
  /** Also answer the contract's base path (`/api/v1/…`) on any origin; default true. */
  anyOrigin?: boolean;
}

export interface XtrakitRoutes {
  core: MockCore;
  /** Back to the start: the stateful store to the examples, created records forgotten, forced statuses dropped. */
  reset(): void;
  /** The next request to the operation (every one unless `once`) answers with this documented status. */
  force(operationId: string, options: ForceOptions): void;
  /** Stops answering: the page's requests go to the network again. */
  unroute(): Promise<void>;
}

export async function routeXtrakit(target: Routable, options: RouteXtrakitOptions = {}): Promise<XtrakitRoutes> {
  const { origins, anyOrigin = true, ...behaviour } = options;
  const core = await createMockCore(behaviour);
  core.warm();
  const { basePath } = core.facts;
  const matches = answersUrl(
    origins ?? productionOrigins(core.facts.servers.map((url) => ({ url }))),
    anyOrigin,
    basePath,
  );
  const forced: Array<{ operationId: string } & ForceOptions> = [];

  const handler = async (route: RouteLike) => {
    const sent = route.request();
    const url = new URL(sent.url());
    const method = sent.method().toUpperCase();
    const headers = new Headers();
    for (const [name, value] of Object.entries(await sent.allHeaders())) {
      if (!name.startsWith(':')) headers.set(name, value);
    }
    const routed = core.route(method, url.pathname.slice(basePath.length));
    const force =
      routed.kind === 'matched' ? forced.find((f) => f.operationId === routed.operation.operationId) : undefined;
    if (force) {
      headers.set('prefer', `code=${force.status}${force.example ? `, example=${force.example}` : ''}`);
      if (force.once) forced.splice(forced.indexOf(force), 1);
    }
    const body = sent.postDataBuffer();
    const response = await core.handle(
      new Request(url, { method, headers, ...(body && method !== 'GET' && method !== 'HEAD' ? { body } : {}) }),
    );
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    await route.fulfill({ status: response.status, headers: out, body: Buffer.from(await response.arrayBuffer()) });
  };
  await target.route(matches, handler);
  return {
    core,
    reset() {
      core.reset();
      forced.length = 0;
    },
    force(operationId, force) {
      const operation = core.operations.find((o) => o.operationId === operationId);
      if (!operation) throw new TypeError(`xtrakit.force: the contract has no operation ${operationId}`);
      if (!operation.codes.includes(String(force.status))) {
        throw new TypeError(
          `xtrakit.force: ${operationId} documents ${operation.codes.join(', ')}, not ${force.status}`,
        );
      }
      forced.unshift({ operationId, ...force });
    },
    unroute: async () => {
      await target.unroute(matches, handler);
    },
  };
}
