// The key never appears in any output: the mock and the suite run as users run them, with a distinctive
// key, and every byte they write (stdout, stderr, report files, JUnit) is searched for it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const KEY = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8';
const LAPSED = 'dead0000dead0000dead0000dead0000dead';

function collect(child: ChildProcess): { out: () => string } {
  let text = '';
  child.stdout?.on('data', (c: Buffer) => {
    text += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    text += c.toString();
  });
  return { out: () => text };
}

test('a run of the mock and the suite writes the key nowhere', async () => {
  const mock = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'mock.ts'), '--port', '0', '--stateful'],
    {
      cwd: root,
      env: { ...process.env, XTRAKIT_MOCK_KEYS: KEY, XTRAKIT_MOCK_LAPSED_KEYS: LAPSED },
    },
  );
  const mockOutput = collect(mock);
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const url = /listening at (\S+)/.exec(mockOutput.out())?.[1];
        if (url && mockOutput.out().includes('try:')) {
          clearInterval(timer);
          resolve(url);
        }
      }, 50);
      mock.on('exit', () => reject(new Error(mockOutput.out())));
    });
    // A client that puts the key where it does not belong: the request log must still not show it.
    await fetch(`${baseUrl}/customers?api_key=${KEY}`, { headers: { authorization: `Bearer ${KEY}` } });

    const reportDir = mkdtempSync(path.join(os.tmpdir(), 'secrets-'));
    const suite = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'contract.ts'), '--target', baseUrl, '--report-dir', reportDir],
      {
        cwd: root,
        env: { ...process.env, CI: 'true', XTRAKIT_API_KEY: KEY, XTRAKIT_LAPSED_KEY: LAPSED },
      },
    );
    const suiteOutput = collect(suite);
    const code = await new Promise<number | null>((resolve) => suite.on('close', resolve));
    expect(code).toBe(0);

    const files = readdirSync(reportDir).map((f) => readFileSync(path.join(reportDir, f), 'utf8'));
    expect(files).toHaveLength(3);
    const everything = [mockOutput.out(), suiteOutput.out(), ...files].join('\n');
    expect(mockOutput.out()).toContain('GET /api/v1/customers?api_key=*** 200');
    for (const secret of [KEY, LAPSED, Buffer.from(`${KEY}:`).toString('base64')])
      expect(everything).not.toContain(secret);
  } finally {
    mock.kill('SIGTERM');
  }
});
