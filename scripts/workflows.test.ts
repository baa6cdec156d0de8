// The GitHub workflows: valid YAML, least privilege, bounded in time, and the reusable one runs the kit (checked
// out by repository and ref), not the repository that calls it. Nothing here can run them: no GitHub.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..');
const workflow = (name: string) =>
  parse(readFileSync(path.join(root, '.github', 'workflows', name), 'utf8')) as {
    permissions?: unknown;
    on: Record<string, { inputs?: Record<string, { default?: unknown }> }>;
    jobs: Record<
      string,
      { 'timeout-minutes'?: number; steps: Array<{ uses?: string; with?: Record<string, unknown> }> }
    >;
  };

test.each(['ci.yml', 'contract.yml'])('%s declares permissions and a timeout for every job', (name) => {
  const w = workflow(name);
  expect(w.permissions).toEqual({ contents: 'read' });
  for (const job of Object.values(w.jobs)) expect(job['timeout-minutes']).toBeGreaterThan(0);
});

test('the reusable contract workflow checks out the kit by repository and ref inputs, with defaults', () => {
  const w = workflow('contract.yml');
  const inputs = w.on.workflow_call?.inputs ?? {};
  expect(inputs['kit-repository']?.default).toMatch(/^[\w.-]+\/[\w.-]+$/);
  expect(inputs['kit-ref']?.default).toBe('main');
  const [checkout] = Object.values(w.jobs)[0]?.steps ?? [];
  expect(checkout?.uses).toMatch(/^actions\/checkout@/);
  expect(String(checkout?.with?.repository)).toContain('inputs.kit-repository');
  expect(String(checkout?.with?.ref)).toContain('inputs.kit-ref');
});

test('the kit is tested on Node 20, 22 and 24', () => {
  const w = workflow('ci.yml') as unknown as { jobs: { test: { strategy: { matrix: { node: string[] } } } } };
  expect(w.jobs.test.strategy.matrix.node.map((v) => v.split('.')[0])).toEqual(['20', '22', '24']);
});

describe('.ci/ensure-browser', () => {
  const run = (env: NodeJS.ProcessEnv) =>
    require('node:child_process').spawnSync('/bin/bash', [path.join(root, '.ci', 'ensure-browser')], {
      env,
      encoding: 'utf8',
    }) as { status: number; stdout: string };

  test('honours CHROMIUM_PATH: a browser there needs no install and says nothing', () => {
    expect(run({ PATH: '/nonexistent', CHROMIUM_PATH: process.execPath })).toMatchObject({ status: 0, stdout: '' });
  });

  test('on a runner without apt-get and without the browser, it says so truthfully', () => {
    const ran = run({ PATH: '/nonexistent', CHROMIUM_PATH: '/nonexistent/chrome' });
    expect(ran.stdout.trim()).toBe(
      'ci: no browser at /nonexistent/chrome and no apt-get here: set CHROMIUM_PATH to a Chromium or Chrome; the browser test will fail',
    );
  });
});
