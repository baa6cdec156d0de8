// `xtrakit-contract-kit/core` in a browser (bundled by the build into dist/browser/): the mock core over the
// packaged contract, whose dereferenced document, Prism operations and known answers come inside the bundle.
import { listOperations } from '../openapi/document';
import { assembleCore, type CoreOptions, type MockCore } from './core';
import { coreOptionsOf } from './core-defaults';
import { browserPrismModules } from './prism-browser';
import type { EnginePrecomputed } from './prism-engine';

export type { CoreOptions, MockCore } from './core';
export { CORE_DEFAULTS, DEFAULT_LAPSED_KEY } from './core-defaults';

export type MockCoreOptions = Partial<CoreOptions>;

/** The build's file, bundled (esbuild inlines the JSON). */
const contract = (): { document: never } & EnginePrecomputed =>
  require('../openapi/xtrakit.precomputed.json') as { document: never } & EnginePrecomputed;

export async function createMockCore(options: MockCoreOptions = {}): Promise<MockCore> {
  const { document, operations, answers } = contract();
  const spec = { file: 'xtrakit.yaml', document, operations: listOperations(document) };
  return assembleCore(
    {
      spec,
      precomputed: { ...(operations ? { operations } : {}), ...(answers ? { answers } : {}) },
      modules: browserPrismModules,
    },
    coreOptionsOf(options),
  );
}

/** The packaged contract's document, as the bundle holds it. */
export const packagedDocument = () => contract().document;
