// The committed types are what openapi-typescript makes of the spec today: a spec change without
// `npm run generate:types` fails here.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..');

test('openapi/generated/xtrakit.d.ts is up to date with the spec (run npm run generate:types)', async () => {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'types-')), 'xtrakit.d.ts');
  await promisify(execFile)(
    path.join(root, 'node_modules', '.bin', 'openapi-typescript'),
    [path.join(__dirname, 'xtrakit.yaml'), '-o', out],
    { cwd: root },
  );
  expect(readFileSync(path.join(__dirname, 'generated', 'xtrakit.d.ts'), 'utf8')).toBe(readFileSync(out, 'utf8'));
});
