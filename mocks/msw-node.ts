// `xtrakit-contract-kit/msw` on Node (msw/node's setupServer in Vitest or Jest):
//   const xtrakit = xtrakitHandlers({ stateful: true });
//   const server = setupServer(...xtrakit.handlers);
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { Document } from '../openapi/document';
import { parseSpecText, readSpecFile } from '../openapi/safe-load';
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
    // Read as every spec is read (bounded in size and aliases), without resolving references.
    return parseSpecText(
      readSpecFile(file, realpathSync(path.dirname(path.resolve(file)))).toString('utf8'),
      file,
    ) as Document;
  } catch {
    return undefined; // the core's own loading reports the spec's problem on first use
  }
}
