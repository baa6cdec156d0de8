// Build step: the reference page's assets in dist/docs, so that the installed kit needs none of Redoc's dependency
// tree at run time: Redoc's standalone bundle as one file (made offline), and the packaged contract's page, ready
// made (another spec's page is built from the bundle on its first request).
import { mkdirSync, writeFileSync } from 'node:fs';
import { BUILT_BUNDLE, BUILT_DOCS, BUILT_PAGE, buildReferencePage, packageBundle } from '../mocks/reference-page';
import { loadSpec } from '../openapi/spec';

async function main(): Promise<void> {
  mkdirSync(BUILT_DOCS, { recursive: true });
  writeFileSync(BUILT_BUNDLE, packageBundle());
  const spec = await loadSpec();
  writeFileSync(BUILT_PAGE, buildReferencePage(spec.document));
}

main().catch((error: unknown) => {
  console.error(`build-reference: ${(error as Error).message}`);
  process.exit(2);
});
