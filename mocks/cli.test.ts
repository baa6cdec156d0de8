// `npm start` as a user runs it: a real process, flags, the start-up banner and exit codes.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { answers, killAndWaitGone, startInBackground } from './test-support';

const root = path.resolve(__dirname, '..');
const script = ['--import', 'tsx', path.join(root, 'scripts', 'mock.ts')];

function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; banner: string; url: string }> {
  const child = spawn(process.execPath, [...script, ...args], { cwd: root, env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let banner = '';
    const timer = setTimeout(() => reject(new Error(`no banner: ${banner}`)), 15000);
    child.stdout?.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      const url = /listening at (\S+)/.exec(banner)?.[1];
      if (url && banner.includes('try:')) {
        clearTimeout(timer);
        resolve({ child, banner, url });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${banner}`)));
  });
}

test('npm start -- --port 0 --stateful prints the base URL, the key and how to force a status, then serves', async () => {
  const { child, banner, url } = await startCli(['--port', '0', '--stateful']);
  try {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    expect(banner).toContain('92857043717beff382ae75c8dc7514162f04');
    expect(banner).toContain('Prefer: code=');
    expect(banner).toContain('stateful');
    const response = await fetch(`${url}/customers`, {
      headers: { authorization: 'Bearer 92857043717beff382ae75c8dc7514162f04' },
    });
    expect(response.status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
});

test('environment variables configure it, and a key given by the user is never printed', async () => {
  const { child, banner, url } = await startCli([], {
    XTRAKIT_MOCK_PORT: '0',
    XTRAKIT_MOCK_KEYS: 'user-secret-key-1234',
  });
  try {
    expect(banner).not.toContain('user-secret-key-1234');
    const ok = await fetch(`${url}/customers`, { headers: { authorization: 'Bearer user-secret-key-1234' } });
    expect(ok.status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
});

test('--help prints the flags and exits 0; a bad flag exits 2 with one line', () => {
  const help = spawnSync(process.execPath, [...script, '--help'], { cwd: root, encoding: 'utf8' });
  expect(help.status).toBe(0);
  for (const flag of [
    '--port',
    '--host',
    '--spec',
    '--key',
    '--lapsed-key',
    '--dynamic',
    '--seed',
    '--stateful',
    '--quiet',
  ]) {
    expect(help.stdout).toContain(flag);
  }
  // Examples to copy and the exit codes a script can test.
  expect(help.stdout).toMatch(/Examples:\n {2}xtrakit-mock/);
  expect(help.stdout).toContain('Exit codes: 0 stopped by SIGINT or SIGTERM, 2 usage or start-up error');
  const bad = spawnSync(process.execPath, [...script, '--port', 'abc'], { cwd: root, encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);
});

test('--version prints the package version and exits 0', () => {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const ran = spawnSync(process.execPath, [...script, '--version'], { cwd: root, encoding: 'utf8' });
  expect(ran.status).toBe(0);
  expect(ran.stdout.trim()).toBe(version);
});

test('`npm start … &` in a CI script is stopped by one `kill $!`: npm passes the signal to the mock it execs', async () => {
  const { pid, baseUrl } = await startInBackground('npm start -- --port 0 --quiet', root);
  expect(await answers(baseUrl)).toBe(true);
  expect(await killAndWaitGone(pid, baseUrl)).toBe(true);
});
