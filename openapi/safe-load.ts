// How every spec is read (the mock, the suite, lint:spec): a `$ref` reaches only files under the spec's own folder
// (symbolic links followed first), never a URL; YAML aliases are bounded (the yaml library's alias limit) and every
// file is bounded in size. A refusal is a SpecRefusedError with one line saying what and why.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

/** Largest spec file (and referenced file) read. */
export const MAX_SPEC_BYTES = 10 * 1024 * 1024;
/** YAML aliases a document may resolve (the yaml library's own default; an alias bomb needs millions). */
export const MAX_YAML_ALIASES = 100;

export class SpecRefusedError extends Error {}

interface FileInfo {
  url: string;
  extension: string;
  data: Buffer | string;
}

const pathOf = (url: string): string => {
  if (/^file:/i.test(url)) return fileURLToPath(url);
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
};

/** Reads a file the spec may reach: under `root`, at most MAX_SPEC_BYTES. */
export function readSpecFile(file: string, root: string): Buffer {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    throw new SpecRefusedError(`cannot read ${file}: no such file`);
  }
  if (real !== root && !real.startsWith(`${root}${path.sep}`)) {
    throw new SpecRefusedError(`a $ref reaches ${file}, outside the spec's folder ${root}: refused`);
  }
  const size = statSync(real).size;
  if (size > MAX_SPEC_BYTES) {
    throw new SpecRefusedError(`${file} is ${size} bytes; a spec file may have at most ${MAX_SPEC_BYTES}`);
  }
  return readFileSync(real);
}

/** YAML (or JSON) text to data, aliases bounded. */
export function parseSpecText(text: string, file: string): unknown {
  try {
    return YAML.parse(text, { maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    if (/unresolved alias/i.test(message)) throw new SpecRefusedError(`${file} is not valid YAML: ${message}`);
    if (/alias/i.test(message)) {
      throw new SpecRefusedError(`${file}: more than ${MAX_YAML_ALIASES} YAML aliases resolved (${message}): refused`);
    }
    throw new SpecRefusedError(`${file} is not YAML or JSON: ${message}`);
  }
}

/**
 * Options for swagger-parser (json-schema-ref-parser) that read a spec as described above, and the refusals they
 * made (the parser wraps a resolver's error in its own generic one: the refusal's words are kept here).
 */
export function safeParserOptions(specFile: string): {
  options: Record<string, unknown>;
  refusals: SpecRefusedError[];
} {
  const root = realpathSync(path.dirname(path.resolve(specFile)));
  const refusals: SpecRefusedError[] = [];
  const kept = <T>(read: () => T): T => {
    try {
      return read();
    } catch (error) {
      if (error instanceof SpecRefusedError) refusals.push(error);
      throw error;
    }
  };
  const options = {
    resolve: {
      file: {
        order: 100,
        canRead: (file: FileInfo) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(file.url) || /^file:/i.test(file.url),
        read: (file: FileInfo) => kept(() => readSpecFile(pathOf(file.url), root)),
      },
      http: {
        order: 1,
        canRead: (file: FileInfo) => /^[a-z][a-z0-9+.-]*:/i.test(file.url) && !/^file:/i.test(file.url),
        read: (file: FileInfo) =>
          kept(() => {
            throw new SpecRefusedError(`a $ref reaches the URL ${file.url}: a spec loads no URL, refused`);
          }),
      },
    },
    parse: {
      json: false,
      yaml: {
        order: 100,
        allowEmpty: false,
        canParse: true,
        parse: (file: FileInfo) => kept(() => parseSpecText(file.data.toString(), pathOf(file.url))),
      },
    },
  };
  return { options, refusals };
}
