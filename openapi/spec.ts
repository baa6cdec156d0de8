// Loading the contract: one place that turns the YAML into a dereferenced document and a flat list of
// operations. The mock and the contract suite both start here.
import path from 'node:path';
import { type Document, type LoadedSpec, listOperations } from './document';
import { safeParserOptions } from './safe-load';

export * from './document';

/** The packaged contract: beside this file in the clone, copied beside the compiled file by the build. */
export const DEFAULT_SPEC = path.resolve(__dirname, 'xtrakit.yaml');

export async function loadSpec(file: string = DEFAULT_SPEC): Promise<LoadedSpec> {
  // Required here, not at the top: a mock serving the precomputed contract never needs the parser.
  const SwaggerParser = require('@apidevtools/swagger-parser') as typeof import('@apidevtools/swagger-parser');
  // dereference keeps circular refs as object cycles; this contract has none. Refs stay under the spec's folder,
  // no URL is fetched, aliases and sizes are bounded (safe-load.ts).
  const { options, refusals } = safeParserOptions(file);
  let document: Document;
  try {
    document = (await SwaggerParser.dereference(path.resolve(file), options as never)) as unknown as Document;
  } catch (error) {
    throw refusals[0] ?? error;
  }
  return { file: path.resolve(file), document, operations: listOperations(document) };
}
