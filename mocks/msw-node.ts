// `xtrakit-contract-kit/msw` on Node (msw/node's setupServer in Vitest or Jest):
//   const xtrakit = xtrakitHandlers({ stateful: true });
//   const server = setupServer(...xtrakit.handlers);
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import type { Document } from '../openapi/document';
import { DEFAULT_SPEC } from '../openapi/spec';
import { createMockCore } from './core-node';
import { createHandlers, type XtrakitHandlers, type XtrakitHandlersOptions } from './msw';
import { precomputedDocument } from './precomputed';

export type { ForceOptions, XtrakitHandlers, XtrakitHandlersOptions } from './msw';

export interface NodeHandlersOptions extends XtrakitHandlersOptions {
  /** Another OpenAPI file; default: the packaged XtraKit contract. */
  spec?: string;
}

export function xtrakitHandlers(options: NodeHandlersOptions = {}): XtrakitHandlers {
  const { spec, ...rest } = options;
  return createHandlers(
    {
      createCore: (behaviour) => createMockCore({ ...behaviour, ...(spec === undefined ? {} : { spec }) }),
      documentNow: () => documentOf(spec ?? DEFAULT_SPEC),
    },
    rest,
  );
}

/**
 * The operations, statuses and servers of a spec file, read at once: the build's document when it matches, else the
 * YAML parsed without resolving references (the names and codes are all the checks at call time need).
 */
function documentOf(file: string): Document | undefined {
  const built = precomputedDocument(file);
  if (built) return built;
  try {
    return YAML.parse(readFileSync(file, 'utf8')) as Document;
  } catch {
    return undefined; // the core's own loading reports the spec's problem on first use
  }
}
