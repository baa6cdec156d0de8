// npm run lint:spec [-- FILE...] (default openapi/xtrakit.yaml): structural validation (swagger-parser) and the ruleset (Spectral CLI).
// Exit 0 clean, 1 findings, 2 tool or usage error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { safeParserOptions } from '../openapi/safe-load';

const root = path.resolve(__dirname, '..');
const ruleset = path.join(root, 'openapi', 'spectral.yaml');
const spectralBin = path.join(root, 'node_modules', '.bin', 'spectral');

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log('Usage: npm run lint:spec [-- <spec.yaml>...]  (default: openapi/xtrakit.yaml)');
    console.log('Exit: 0 clean, 1 findings, 2 tool or usage error.');
    return 0;
  }
  const files = args.length > 0 ? args : [path.join('openapi', 'xtrakit.yaml')];
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    console.error(`lint:spec: no such file: ${missing.join(', ')}`);
    return 2;
  }
  let findings = false;
  for (const file of files) {
    // Read as the mock and the suite read it (safe-load.ts): a refused spec never reaches Spectral's own resolver.
    const { options, refusals } = safeParserOptions(file);
    try {
      await SwaggerParser.validate(file, options as never);
      console.log(`swagger-parser: ${file} is a valid OpenAPI document`);
    } catch (error) {
      if (refusals[0]) {
        console.error(`lint:spec: ${refusals[0].message}`);
        return 2;
      }
      findings = true;
      console.log(`swagger-parser: ${file}: ${(error as Error).message}`);
    }
  }
  const spectral = spawnSync(spectralBin, ['lint', '--ruleset', ruleset, '--fail-severity', 'warn', ...files], {
    stdio: 'inherit',
  });
  if (spectral.error || spectral.status === null || spectral.status >= 2) {
    console.error(`lint:spec: Spectral could not run (${spectral.error?.message ?? `exit ${spectral.status}`})`);
    return 2;
  }
  if (spectral.status === 1) findings = true;
  return findings ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`lint:spec: ${(error as Error).message}`);
    process.exit(2);
  },
);
