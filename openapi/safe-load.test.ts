// Hostile specs, one per refusal: each is refused at start in one line with exit 2 by the mock, the contract command
// and lint:spec; no file outside the spec's folder is read and no URL is fetched (a loopback server counts hits).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunningMock } from '../mocks/server';
import { startTestMock } from '../mocks/test-support';
import { MAX_SPEC_BYTES } from './safe-load';
import { loadSpec } from './spec';

jest.setTimeout(180_000);

const root = path.resolve(__dirname, '..');
let dir: string;
let hits = 0;
let upstream: Server;
let target: RunningMock;

/** A spec with one operation whose example is `example` (YAML text), plus any top-level extra. */
const spec = (example: string, extra = '') => `openapi: 3.1.0
info: {title: Hostile, version: '1'}
servers: [{url: http://127.0.0.1/api/v1}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object}
              example: ${example}
${extra}`;

const aliasBomb = () => {
  const lines = ['x-bomb:', '  a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`  ${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
};

let hostile: Array<{ name: string; file: string; says: RegExp }>;

beforeAll(async () => {
  upstream = createServer((_req, res) => {
    hits += 1;
    res.end('a: 1\n');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const port = (upstream.address() as AddressInfo).port;
  target = await startTestMock();
  dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-specs-'));
  mkdirSync(path.join(dir, 'spec'));
  writeFileSync(path.join(dir, 'secret.yaml'), 'password: hunter2\n');
  writeFileSync(path.join(dir, 'spec', 'part.yaml'), 'a: 1\n');
  symlinkSync(path.join(dir, 'secret.yaml'), path.join(dir, 'spec', 'link.yaml'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, 'spec', `${name}.yaml`);
    writeFileSync(file, text);
    return file;
  };
  write('ok', spec("{$ref: './part.yaml'}"));
  hostile = [
    {
      name: 'an absolute path',
      file: write('passwd', spec("{$ref: '/etc/passwd'}")),
      says: /outside the spec's folder/,
    },
    {
      name: 'a parent folder',
      file: write('parent', spec("{$ref: '../secret.yaml'}")),
      says: /outside the spec's folder/,
    },
    {
      name: 'a symbolic link out',
      file: write('link', spec("{$ref: './link.yaml'}")),
      says: /outside the spec's folder/,
    },
    {
      name: 'a URL on 0.0.0.0',
      file: write('zero', spec(`{$ref: 'http://0.0.0.0:${port}/x.yaml'}`)),
      says: /loads no URL/,
    },
    {
      name: 'a URL on an IPv4-mapped loopback',
      file: write('mapped', spec(`{$ref: 'http://[::ffff:7f00:1]:${port}/x.yaml'}`)),
      says: /loads no URL/,
    },
    { name: 'a YAML alias bomb', file: write('bomb', spec('{}', aliasBomb())), says: /YAML aliases/ },
    {
      name: 'a document over the size bound',
      file: write('huge', spec('{}', `x-padding: "${'a'.repeat(MAX_SPEC_BYTES)}"\n`)),
      says: /at most \d+/,
    },
  ];
});

afterAll(async () => {
  await target?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (script: string, args: string[]) =>
  new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', script), ...args],
      { cwd: root, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: (error as { code?: number } | null)?.code ?? 0, out: stdout, err: stderr }),
    );
  });

test('a $ref under the spec’s own folder is read', async () => {
  const loaded = await loadSpec(path.join(dir, 'spec', 'ok.yaml'));
  const media = loaded.operations[0]?.responses['200']?.content?.['application/json'];
  expect(media?.example).toEqual({ a: 1 });
});

const HOSTILE = [
  'an absolute path',
  'a parent folder',
  'a symbolic link out',
  'a URL on 0.0.0.0',
  'a URL on an IPv4-mapped loopback',
  'a YAML alias bomb',
  'a document over the size bound',
];

test.each(HOSTILE)(
  'a spec with %s: refused by loadSpec, the mock, the contract command and lint:spec',
  async (name) => {
    const { file, says } = hostile.find((h) => h.name === name) as { file: string; says: RegExp };
    await expect(loadSpec(file)).rejects.toThrow(says);
    const mock = await run('mock.ts', ['--spec', file, '--port', '0', '--quiet']);
    const contract = await run('contract.ts', [
      '--target',
      target.baseUrl,
      '--spec',
      file,
      '--report-dir',
      path.join(dir, 'r'),
    ]);
    const lint = await run('lint-spec.ts', [file]);
    for (const ran of [mock, contract, lint]) {
      expect(ran.code).toBe(2);
      const lines = ran.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(says);
      expect(`${ran.out}${ran.err}`).not.toContain('hunter2');
    }
    expect(hits).toBe(0);
  },
);
