// Start-up work done once at build time for the packaged contract: the dereferenced document, Prism's
// operations and the answers the build can already know (see knownAnswerKey), written beside the spec as
// `<name>.precomputed.json`. A mock serving that spec (unchanged: its hash is checked) reads them instead of
// parsing, dereferencing and transforming the YAML, and answers its first requests without loading Prism's
// validator and mocker. A spec without a matching file is loaded as usual.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IHttpOperation } from '@stoplight/types';
import { KIT_VERSION } from '../openapi/kit';
import { DEFAULT_SPEC, type Document, type LoadedSpec, listOperations, loadSpec } from '../openapi/spec';
import {
  createEngine,
  type EnginePrecomputed,
  type EngineResponse,
  precomputeAnswers,
  prismOperationsOf,
} from './prism-engine';
import { nodePrismModules } from './prism-node';

interface Precomputed {
  specSha256: string;
  /** The kit and Prism that wrote it: a file from another version is not used. */
  madeBy: string;
  document: Document;
  operations: IHttpOperation[];
  answers: Record<string, EngineResponse>;
}

/** Where the build's file for a spec lives: beside it, `xtrakit.yaml` → `xtrakit.precomputed.json`. */
export function precomputedFileFor(specFile: string): string {
  const file = path.resolve(specFile);
  return path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.precomputed.json`);
}

export const PRECOMPUTED_FILE = precomputedFileFor(DEFAULT_SPEC);

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const madeBy = () =>
  `${KIT_VERSION} prism-http ${(require('@stoplight/prism-http/package.json') as { version: string }).version}`;

/** The build's file for `file` when it exists, is whole, and was made from this spec by this kit and Prism. */
function readPrecomputed(file: string): Precomputed | undefined {
  const preFile = precomputedFileFor(file);
  if (!existsSync(preFile)) return undefined;
  try {
    const pre = JSON.parse(readFileSync(preFile, 'utf8')) as Precomputed;
    return pre.specSha256 === sha256(file) && pre.madeBy === madeBy() ? pre : undefined;
  } catch {
    return undefined; // unreadable or cut short: the spec is loaded as usual
  }
}

/** The dereferenced document the build kept for `file`, when its file matches; else undefined. */
export function precomputedDocument(file: string): Document | undefined {
  return readPrecomputed(path.resolve(file))?.document;
}

/** The spec and the engine's start-up work, from the build's file when it matches `specFile`, else none. */
export async function loadForMock(specFile: string): Promise<{ spec: LoadedSpec; precomputed?: EnginePrecomputed }> {
  const file = path.resolve(specFile);
  const pre = readPrecomputed(file);
  if (pre) {
    return {
      spec: { file, document: pre.document, operations: listOperations(pre.document) },
      precomputed: { operations: pre.operations, answers: pre.answers },
    };
  }
  return { spec: await loadSpec(file) };
}

/** Build time: writes the precomputed file for a spec (the packaged contract unless told otherwise). */
export async function writePrecomputed(specFile = DEFAULT_SPEC): Promise<string> {
  const spec = await loadSpec(specFile);
  const operations = await prismOperationsOf(spec.document, nodePrismModules);
  const engine = await createEngine(spec.document, { dynamic: false }, { operations }, nodePrismModules);
  const answers = await precomputeAnswers(engine);
  const pre: Precomputed = {
    specSha256: sha256(specFile),
    madeBy: madeBy(),
    document: spec.document,
    operations,
    answers,
  };
  const target = precomputedFileFor(specFile);
  writeFileSync(target, JSON.stringify(pre));
  return target;
}
