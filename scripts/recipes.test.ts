// The README's "Mock in-process" recipes, run as a user runs them: the kit packed, installed from the tarball into a
// fresh project with msw and each test runner from the registry, and the recipe files (scripts/recipes/, quoted by
// the README) copied in unchanged. Vitest with setupServer; Jest 30 with msw (the ESM transform recipe); a browser
// app under setupWorker, bundled for the browser from the package's exports; Playwright with routeXtrakit.
import { execFile } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { browserTest, CHROMIUM, launchChromium } from '../mocks/fixtures/chromium';
import { packAndInstall } from './bench/packed';

const run = promisify(execFile);
const RECIPES = path.join(__dirname, 'recipes');
/** What a user installs beside the kit, at the versions these recipes are tested with. */
const TOOLS = [
  'msw@2.15.0',
  'vitest@4.1.12',
  // Jest is the project's own (the kit names it as an optional peer).
  `jest@${(JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.jest}`,
  '@swc/jest@0.2.39',
  '@swc/core@1.16.22',
  'esbuild@0.28.2',
  '@playwright/test@1.65.1',
];

jest.setTimeout(600_000);

let project: string;

beforeAll(async () => {
  project = await packAndInstall();
  await run('npm', ['i', '-D', '-E', ...TOOLS, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project });
}, 600_000);

afterAll(() => {
  if (project) rmSync(path.dirname(project), { recursive: true, force: true });
});

const inProject = (recipe: string) => {
  const dir = path.join(project, recipe);
  cpSync(path.join(RECIPES, recipe), dir, { recursive: true });
  return dir;
};

const bin = (name: string) => path.join(project, 'node_modules', '.bin', name);

/** The environment a user's shell has: without this Jest run's own variables (Playwright refuses to run under Jest). */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('JEST_')));
}

/** How many tests a recipe file declares: what its runner must report as passed. */
const testsIn = (recipe: string): number =>
  (readFileSync(path.join(RECIPES, recipe), 'utf8').match(/^test\(/gm) ?? []).length;

/** A recipe's run that failed says why: its output's end. */
function succeeded(ran: { code: number; out: string }): string {
  if (ran.code !== 0) throw new Error(`exit ${ran.code}:\n${ran.out.slice(-3000)}`);
  return ran.out;
}

/** Runs a command; resolves to its output and exit code (never rejects on a non-zero exit). */
async function sh(file: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(file, args, {
      cwd,
      env: { ...userEnv(), CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0', CHROMIUM_PATH: CHROMIUM },
    });
    return { code: 0, out: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

test('Vitest with setupServer and xtrakitHandlers: the recipe’s tests pass', async () => {
  const dir = inProject('vitest');
  const ran = await sh(bin('vitest'), ['run', '--root', dir], dir);
  expect(succeeded(ran)).toMatch(new RegExp(`Tests\\s+${testsIn('vitest/customers.test.ts')} passed`));
});

test('Jest 30 with msw through the ESM transform recipe: the recipe’s tests pass', async () => {
  const dir = inProject('jest');
  const jest = path.join(project, 'node_modules', 'jest', 'bin', 'jest.js');
  const ran = await sh(process.execPath, [jest, '--config', path.join(dir, 'jest.config.cjs'), '--rootDir', dir], dir);
  expect(succeeded(ran)).toMatch(new RegExp(`Tests:\\s+${testsIn('jest/customers.test.js')} passed`));
});

describe('a browser app under setupWorker', () => {
  let server: Server | undefined;
  afterAll(async () => {
    if (server) await new Promise((resolve) => server?.close(resolve));
  });

  browserTest('bundled for the browser from the package’s exports, it shows what the mock answers', async () => {
    const dir = inProject('browser');
    // The app's own bundler resolves xtrakit-contract-kit/msw by its "browser" condition.
    const built = await sh(
      bin('esbuild'),
      ['app.mjs', '--bundle', '--format=esm', '--platform=browser', '--outfile=public/app.bundle.js'],
      dir,
    );
    succeeded(built);
    const files: Record<string, [string, string]> = {
      '/': [
        'text/html',
        '<!doctype html><meta charset="utf-8"><body></body><script type="module" src="/app.bundle.js"></script>',
      ],
      '/app.bundle.js': ['text/javascript', readFileSync(path.join(dir, 'public', 'app.bundle.js'), 'utf8')],
      '/mockServiceWorker.js': [
        'text/javascript',
        readFileSync(path.join(project, 'node_modules', 'msw', 'lib', 'mockServiceWorker.js'), 'utf8'),
      ],
    };
    server = createServer((req, res) => {
      const file = files[req.url ?? '/'];
      res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' });
      res.end(file?.[1] ?? 'not here');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(origin);
      await page.waitForSelector('body[data-status]', { timeout: 60_000 });
      expect(errors).toEqual([]);
      expect(await page.getAttribute('body', 'data-status')).toBe('200');
      expect(await page.textContent('body')).toMatch(/Customers? found/i);
    } finally {
      await browser.close();
    }
  });
});

browserTest('Playwright with routeXtrakit: the recipe’s spec passes', async () => {
  const dir = inProject('playwright');
  const ran = await sh(
    bin('playwright'),
    ['test', '--config', path.join(dir, 'playwright.config.ts'), '--reporter=line'],
    dir,
  );
  expect(succeeded(ran)).toMatch(new RegExp(`${testsIn('playwright/customers.spec.ts')} passed`));
});

// msw 3 needs Node 22.12 or later: the Vitest recipe with msw 3, on the Node 22 and 24 binaries .ci/run installs
// (XTRAKIT_TEST_NODES), in a second fresh project.
const newerNodes = (process.env.XTRAKIT_TEST_NODES ?? '').split(':').filter(Boolean);
describe('msw 3', () => {
  let project3: string | undefined;
  afterAll(() => {
    if (project3) rmSync(path.dirname(project3), { recursive: true, force: true });
  });
  if (newerNodes.length === 0) {
    test.skip('the Vitest recipe with msw 3 on Node 22 and 24 (XTRAKIT_TEST_NODES names their binaries)', () => {});
    return;
  }
  test.each(newerNodes.map((node) => [path.relative(path.resolve(__dirname, '..'), node), node]))(
    'the Vitest recipe with msw 3.0.5 passes on %s',
    async (_name, node) => {
      if (!project3) {
        project3 = await packAndInstall();
        await run(
          'npm',
          ['i', '-D', '-E', 'msw@3.0.5', 'vitest@4.1.12', '--no-audit', '--no-fund', '--prefer-offline'],
          {
            cwd: project3,
          },
        );
      }
      const dir = path.join(project3, 'vitest');
      cpSync(path.join(RECIPES, 'vitest'), dir, { recursive: true });
      const vitest = path.join(project3, 'node_modules', 'vitest', 'vitest.mjs');
      expect(succeeded(await sh(node, [vitest, 'run', '--root', dir], dir))).toMatch(
        new RegExp(`Tests\\s+${testsIn('vitest/customers.test.ts')} passed`),
      );
    },
  );
});
