// Where the kit lives and which version it is: run from its clone (TypeScript) or installed in another project
// (compiled, under node_modules/xtrakit-contract-kit/dist), the kit finds its own package.json by walking up.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const NAME = 'xtrakit-contract-kit';

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === NAME) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${NAME} package.json above ${from}`);
    dir = parent;
  }
}

/** The kit's own folder: the clone, or node_modules/xtrakit-contract-kit in a project that installed it. */
export const KIT_ROOT = findRoot(__dirname);

export const KIT_VERSION: string = (
  JSON.parse(readFileSync(path.join(KIT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
