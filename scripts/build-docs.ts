// npm run build:docs [-- OUT]: the offline API reference as one HTML file (default reports/docs/index.html).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildReferencePage } from '../mocks/reference-page';
import { loadSpec } from '../openapi/spec';

async function main(): Promise<number> {
  const out = path.resolve(process.argv[2] ?? path.join('reports', 'docs', 'index.html'));
  const spec = await loadSpec();
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, buildReferencePage(spec.document));
  console.log(`build:docs: wrote ${path.relative(process.cwd(), out)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`build:docs: ${(error as Error).message}`);
    process.exit(2);
  },
);
