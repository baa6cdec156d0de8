// Start-up work done once at build time for the packaged contract: the dereferenced document and Prism's
// operations, written beside the compiled spec. A mock serving that spec (unchanged: its hash is checked) reads
// them instead of parsing, dereferencing and transforming the YAML. Any other spec is loaded as usual.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IHttpOperation } from '@stoplight/types';
import { DEFAULT_SPEC, type Document, type LoadedSpec, listOperations, loadSpec } from '../openapi/spec';
import { prismOperationsOf } from './prism-engine';

export const PRECOMPUTED_FILE = path.join(path.dirname(DEFAULT_SPEC), 'xtrakit.precomputed.json');

interface Precomputed {
  specSha256: string;
  document: Document;
  operations: IHttpOperation[];
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The spec and Prism's operations, from the build's file when it matches `specFile`, else computed now. */
export async function loadForMock(specFile: string): Promise<{ spec: LoadedSpec; operations?: IHttpOperation[] }> {
  const file = path.resolve(specFile);
  if (file === DEFAULT_SPEC && existsSync(PRECOMPUTED_FILE)) {
    const pre = JSON.parse(readFileSync(PRECOMPUTED_FILE, 'utf8')) as Precomputed;
    if (pre.specSha256 === sha256(file)) {
      return {
        spec: { file, document: pre.document, operations: listOperations(pre.document) },
        operations: pre.operations,
      };
    }
  }
  return { spec: await loadSpec(file) };
}

/** Build time: writes the precomputed file for the packaged contract. */
export async function writePrecomputed(target = PRECOMPUTED_FILE, specFile = DEFAULT_SPEC): Promise<void> {
  const spec = await loadSpec(specFile);
  const operations = await prismOperationsOf(spec.document);
  const pre: Precomputed = { specSha256: sha256(specFile), document: spec.document, operations };
  writeFileSync(target, JSON.stringify(pre));
}
