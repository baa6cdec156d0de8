// `xtrakit-contract-kit/core` on Node: the mock core over a spec file (the packaged contract by default, read from
// the build's precomputed file when it matches), with Prism's modules loaded on first use.
//   const core = await createMockCore({ stateful: true });
//   const response = await core.handle(new Request('http://x/api/v1/customers', { headers: { authorization } }));
import { createHash } from 'node:crypto';
import { DEFAULT_SPEC } from '../openapi/spec';
import { assembleCore, type CoreOptions, type MockCore } from './core';
import { coreOptionsOf } from './core-defaults';
import { loadForMock } from './precomputed';
import { nodePrismModules } from './prism-node';

/** The answer cache's key hash on Node: node:crypto's, synchronous (WebCrypto's digest is a thread-pool job). */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64');

export type { CoreOptions, MockCore } from './core';
export { CORE_DEFAULTS, DEFAULT_LAPSED_KEY } from './core-defaults';

export interface MockCoreOptions extends Partial<CoreOptions> {
  /** Another OpenAPI file; default: the packaged XtraKit contract. */
  spec?: string;
}

export async function createMockCore(options: MockCoreOptions = {}): Promise<MockCore> {
  const { spec: file, ...behaviour } = options;
  const resolved = coreOptionsOf(behaviour);
  const { spec, precomputed } = await loadForMock(file ?? DEFAULT_SPEC);
  return assembleCore(
    { spec, ...(precomputed ? { precomputed } : {}), modules: nodePrismModules, hash: sha256 },
    resolved,
  );
}
