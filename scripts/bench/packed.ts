// The kit as another project gets it: `npm pack`, then installed from the tarball into a fresh project.
// Used by the package test and by the benchmark's `npx xtrakit-mock` start-up.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

/** Packs the kit (its prepack builds it) and installs it into a new project; resolves to that project's folder. */
export async function packAndInstall(): Promise<string> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'kit-pack-'));
  const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT });
  const tarball = path.join(work, stdout.trim().split('\n').pop() ?? '');
  const project = path.join(work, 'app');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  await run('npm', ['i', '-D', tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: project });
  return project;
}
