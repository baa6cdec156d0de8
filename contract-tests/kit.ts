// Where the kit lives and which version it is: reports name the kit that wrote them.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const KIT_ROOT = path.resolve(__dirname, '..');

export const KIT_VERSION: string = (
  JSON.parse(readFileSync(path.join(KIT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
