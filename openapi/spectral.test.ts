// The house ruleset: each rule rejects its broken fixture, and the real contract passes every rule.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');
const fixture = (rule: string) => path.join(__dirname, 'fixtures', `${rule}.yaml`);

interface SpectralResult {
  code: string;
  severity: number;
  source: string;
}

// given a fixture named after a rule, want that rule (and no other) to report an error on it.
const RULES = [
  'xtrakit-operation-secured',
  'xtrakit-operation-declares-401',
  'xtrakit-401-www-authenticate',
  'xtrakit-response-envelope',
  'xtrakit-204-no-content',
  'xtrakit-response-example',
  'xtrakit-operation-identity',
  'xtrakit-schema-keywords',
  'oas3-valid-media-example',
];

let results: SpectralResult[] = [];

beforeAll(async () => {
  const files = [path.join(__dirname, 'xtrakit.yaml'), ...RULES.map(fixture)];
  const args = ['lint', '--ruleset', path.join(__dirname, 'spectral.yaml'), '--format', 'json', '--quiet', ...files];
  // Spectral exits 1 when it finds errors, which the fixtures guarantee; the JSON is on stdout either way.
  const output = await run(path.join(root, 'node_modules', '.bin', 'spectral'), args).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  results = JSON.parse(output.stdout) as SpectralResult[];
});

test.each(RULES)('the ruleset rejects the %s fixture with exactly that rule', (rule) => {
  const found = results.filter((r) => path.resolve(r.source) === fixture(rule));
  expect(found.map((r) => r.code)).toEqual(expect.arrayContaining([rule]));
  expect(new Set(found.map((r) => r.code))).toEqual(new Set([rule]));
  expect(found.every((r) => r.severity === 0)).toBe(true);
});

test('the contract itself has no finding at all, not even a hint', () => {
  const own = results.filter((r) => path.resolve(r.source) === path.join(__dirname, 'xtrakit.yaml'));
  expect(own).toEqual([]);
});

test('npm run lint:spec exits 1 on a structurally invalid spec, naming swagger-parser', async () => {
  const failure = await run('npx', ['tsx', 'scripts/lint-spec.ts', fixture('invalid-structure')], { cwd: root }).then(
    () => ({ code: 0, stdout: '' }),
    (error: { code: number; stdout: string }) => error,
  );
  expect(failure.code).toBe(1);
  expect(failure.stdout).toContain('swagger-parser');
});
