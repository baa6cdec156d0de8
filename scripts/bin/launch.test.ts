// The installed commands on a copy of the kit without its build (a git install whose prepare script npm skipped):
// one clear message and exit 2, not npx's search of the registry for a package called xtrakit-mock.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
let copy: string;

beforeAll(() => {
  copy = mkdtempSync(path.join(os.tmpdir(), 'kit-unbuilt-'));
  cpSync(__dirname, path.join(copy, 'scripts', 'bin'), { recursive: true });
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

test.each(['xtrakit-mock', 'xtrakit-contract'])(
  '%s without dist/ says the kit is not built and how to allow its build',
  async (bin) => {
    const failure = await run(process.execPath, [path.join(copy, 'scripts', 'bin', `${bin}.js`), '--help'], {
      cwd: copy,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe('');
    expect(failure?.stderr).toContain(`${bin}: this copy of xtrakit-contract-kit has not been built`);
    expect(failure?.stderr).toContain('"allowScripts": { "<the kit’s git URL>": true }');
  },
);

test('installed from a git URL, the message names the exact allowScripts entry npm needs', async () => {
  const project = mkdtempSync(path.join(os.tmpdir(), 'kit-git-'));
  try {
    const kit = path.join(project, 'node_modules', 'xtrakit-contract-kit');
    cpSync(__dirname, path.join(kit, 'scripts', 'bin'), { recursive: true });
    const resolved = 'git+ssh://git@github.com/acme/xtrakit-contract-kit.git';
    writeFileSync(
      path.join(project, 'node_modules', '.package-lock.json'),
      JSON.stringify({ packages: { 'node_modules/xtrakit-contract-kit': { resolved: `${resolved}#0123abcd` } } }),
    );
    const failure = await run(process.execPath, [path.join(kit, 'scripts', 'bin', 'xtrakit-mock.js')], {
      cwd: project,
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain(`"allowScripts": { "${resolved}": true }`);
    expect(failure?.stderr).toContain(`npm uninstall xtrakit-contract-kit && npm i -D ${resolved}`);
    expect(failure?.stderr).toContain('no node_modules/xtrakit-contract-kit/dist/scripts/mock.js');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test('with dist/ the command runs the compiled one, with its arguments', async () => {
  const built = mkdtempSync(path.join(os.tmpdir(), 'kit-built-'));
  try {
    cpSync(__dirname, path.join(built, 'scripts', 'bin'), { recursive: true });
    mkdirSync(path.join(built, 'dist', 'scripts'), { recursive: true });
    writeFileSync(
      path.join(built, 'dist', 'scripts', 'mock.js'),
      'console.log("compiled mock", process.argv.slice(2).join(" "));',
    );
    const { stdout } = await run(process.execPath, [
      path.join(built, 'scripts', 'bin', 'xtrakit-mock.js'),
      '--port',
      '0',
    ]);
    expect(stdout.trim()).toBe('compiled mock --port 0');
  } finally {
    rmSync(built, { recursive: true, force: true });
  }
});
