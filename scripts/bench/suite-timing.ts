// The contract replay's wall time (Jest's start included) and peak memory, of the compiled command as users run it
// (the bench builds first), next to a bare undici loop that sends the same requests and checks nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { request } from 'undici';
import { deriveCases } from '../../contract-tests/cases/derive-cases';
import { buildRequest } from '../../contract-tests/run/run-cases';
import { loadSpec } from '../../openapi/spec';
import { KEY, ROOT } from './servers';

export interface SuiteTiming {
  wallMs: number;
  replayMs: number;
  cases: number;
  exitCode: number | null;
  /** The command's peak resident set size, in MiB. */
  peakRssMiB: number;
}

export async function timeContractRun(target: string, spec: string): Promise<SuiteTiming> {
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'bench-contract-'));
  const rssFile = path.join(reportDir, 'peak-rss');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.join(ROOT, 'contract-tests', 'fixtures', 'report-peak-rss.cjs'),
      path.join(ROOT, 'dist', 'scripts', 'contract.js'),
      '--target',
      target,
      '--spec',
      spec,
      '--report-dir',
      reportDir,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, CI: 'true', XTRAKIT_API_KEY: KEY, XTRAKIT_SEED: '7', XTRAKIT_TEST_RSS_FILE: rssFile },
      stdio: 'ignore',
    },
  );
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wallMs = Math.round(performance.now() - started);
  const report = JSON.parse(readFileSync(path.join(reportDir, 'contract-matrix.json'), 'utf8')) as {
    summary: { replayMs: number; cases: Record<string, number> };
  };
  const cases = Object.values(report.summary.cases).reduce((a, b) => a + b, 0);
  const peakRssMiB = Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024 / 1024);
  return { wallMs, replayMs: report.summary.replayMs, cases, exitCode, peakRssMiB };
}

/** The same requests, in the same number, at the same concurrency, with no checks and no Jest. */
export async function timeBareLoop(
  target: string,
  spec: string,
  concurrency = 4,
): Promise<{ ms: number; requests: number }> {
  const loaded = await loadSpec(spec);
  const cases = deriveCases(loaded, { honoursPrefer: true, hasLapsedKey: false, writesAllowed: true, seed: 7 });
  const limit = pLimit(concurrency);
  const started = performance.now();
  await Promise.all(
    cases.map((c) =>
      limit(async () => {
        const params = Object.fromEntries(
          Object.entries(c.pathParams).map(([k, v]) => [k, 'value' in v ? v.value : '1']),
        );
        const r = buildRequest(target, c, params, { apiKey: KEY });
        const answer = await request(r.url, {
          method: r.method as never,
          headers: r.headers,
          ...(r.body ? { body: r.body } : {}),
        });
        await answer.body.text();
      }),
    ),
  );
  return { ms: Math.round(performance.now() - started), requests: cases.length };
}
