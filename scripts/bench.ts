// npm run bench [-- --quick | --render | --only SECTION,...]: the mock and the suite, side by side with Prism's CLI and
// a bare-Node ceiling. --only measures the named sections again and keeps the others from latest.json.
// Writes scripts/bench/results/latest.{md,json} and the README's Performance section. Not part of npm test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { InProcessRow } from './bench/in-process';
import { type LoadResult, runLoad, type Workload } from './bench/load';
import { packAndInstall } from './bench/packed';
import { median, PACKAGED, ROOT, rssMiB, type ServerKind, startServer } from './bench/servers';
import { describeSoak, soak } from './bench/soak-run';
import { timeBareLoop, timeContractRun } from './bench/suite-timing';
import { writeSyntheticSpec } from './bench/synthetic-spec';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    'soak-seconds': { type: 'string' },
    // Writes latest.md and the README again from latest.json, measuring nothing (after a change of layout).
    render: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const quick = Boolean(flags.quick);
const seconds = Number(flags.duration ?? (quick ? 1 : 5));
const soakSeconds = Number(flags['soak-seconds'] ?? (quick ? 5 : 60));
const SPEC = path.join(ROOT, 'openapi', 'xtrakit.yaml');
const CONNECTIONS = [1, 10, 50];
const WORKLOADS: Workload[] = ['static-get', 'query-get', 'post', 'unauthorized', 'mixed'];
const SERVERS: ServerKind[] = ['ours', 'prism-cli', 'ceiling'];
const SIZES = quick ? [10, 100] : [10, 100, 1000];

const log = (line: string) => console.log(`bench: ${line}`);

async function throughput() {
  const rows: Array<{ server: ServerKind; workload: Workload; connections: number } & LoadResult> = [];
  for (const kind of SERVERS) {
    const server = await startServer(kind, SPEC);
    try {
      for (const workload of WORKLOADS) {
        await runLoad(server.base, workload, 10, Math.min(2, seconds)); // warm-up: JIT, caches, connections
        for (const connections of CONNECTIONS) {
          const result = await runLoad(server.base, workload, connections, seconds);
          rows.push({ server: kind, workload, connections, ...result });
          log(
            `${kind} ${workload} c=${connections}: ${result.requestsPerSecond} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms`,
          );
        }
      }
    } finally {
      await server.stop();
    }
  }
  return rows;
}

/**
 * Process start to the first 200, median of 5, each pair in the same run: `node` on each CLI, and as users start
 * them, `npx xtrakit-mock` in a project that installed the packed kit against `npx prism mock` on the same spec.
 */
/**
 * The stateful mode under a frontend's mixed traffic (lists of the collection the creates grow), against Prism's
 * CLI on the same requests: a fresh server per cell, so each starts from the examples.
 */
async function statefulLoad() {
  const rows: Array<
    { server: ServerKind; connections: number; storedAfter: number | null; rssAfterMiB: number } & LoadResult
  > = [];
  for (const kind of ['ours-stateful', 'prism-cli'] as ServerKind[]) {
    for (const connections of [10, 50]) {
      const server = await startServer(kind, SPEC);
      try {
        await runLoad(server.base, 'stateful-mixed', connections, Math.min(2, seconds));
        const result = await runLoad(server.base, 'stateful-mixed', connections, seconds);
        // How many groups the store holds once the run is over (Prism keeps none).
        const storedAfter =
          kind === 'ours-stateful'
            ? await fetch(new URL('/__mock/health', server.base))
                .then(
                  (r) => r.json() as Promise<{ data: { store: { collections: Record<string, { records: number }> } } }>,
                )
                .then((h) => h.data.store.collections['customer-groups']?.records ?? null)
            : null;
        rows.push({ server: kind, connections, storedAfter, rssAfterMiB: rssMiB(server.child.pid), ...result });
        log(
          `stateful-mixed ${kind} c=${connections}: ${result.requestsPerSecond} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${JSON.stringify(result.statusCounts)}`,
        );
      } finally {
        await server.stop();
      }
    }
  }
  return rows;
}

async function startup() {
  const out: Record<string, { medianMs: number; runs: number[] }> = {};
  const project = await packAndInstall();
  const kinds: Array<[ServerKind, string, string]> = [
    ['ours', PACKAGED, ROOT],
    ['prism-cli', SPEC, ROOT],
    ['ours-npx', PACKAGED, project],
    ['prism-npx', SPEC, ROOT],
  ];
  for (const [kind, spec, cwd] of kinds) {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const server = await startServer(kind, spec, '/customers', cwd);
      runs.push(Math.round(server.startupMs));
      await server.stop();
    }
    out[kind] = { medianMs: median(runs), runs };
    log(`start-up ${kind}: median ${median(runs)} ms (${runs.join(', ')})`);
  }
  rmSync(path.dirname(project), { recursive: true, force: true });
  return out;
}

async function suite() {
  const server = await startServer('ours', SPEC);
  try {
    // Warm the mock first (Prism compiles its validators on first use), so both runs meet the same server.
    await timeBareLoop(server.base, SPEC);
    const contract = await timeContractRun(server.base, SPEC);
    const bare = await timeBareLoop(server.base, SPEC);
    log(
      `contract replay: ${contract.wallMs} ms wall (replay ${contract.replayMs} ms, ${contract.cases} cases, peak RSS ${contract.peakRssMiB} MiB); bare undici loop ${bare.ms} ms`,
    );
    return { contract, bare };
  } finally {
    await server.stop();
  }
}

async function scaling() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-specs-'));
  const rows = [];
  for (const size of SIZES) {
    const spec = writeSyntheticSpec(size, dir);
    const server = await startServer('ours', spec, '/res0');
    try {
      const rss = rssMiB(server.child.pid);
      const contract = await timeContractRun(server.base, spec);
      rows.push({
        operations: size,
        startupMs: Math.round(server.startupMs),
        rssMiB: rss,
        suiteWallMs: contract.wallMs,
        replayMs: contract.replayMs,
        cases: contract.cases,
      });
      log(
        `${size} operations: ready in ${Math.round(server.startupMs)} ms, RSS ${rss} MiB, suite ${contract.wallMs} ms (${contract.cases} cases)`,
      );
    } finally {
      await server.stop();
    }
  }
  return rows;
}

/** In-process rows: each host in a process of its own (scripts/bench/in-process.ts), so its first answer is cold. */
function inProcess() {
  const rows = [];
  for (const kind of ['validated', 'repeated']) {
    for (const host of ['core', 'msw', 'source']) {
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'scripts', 'bench', 'in-process.ts'), host, kind],
        { encoding: 'utf8', env: { ...process.env, BENCH_IN_PROCESS_REQUESTS: quick ? '300' : '3000' } },
      );
      const row = JSON.parse(out.trim().split('\n').pop() ?? '{}') as InProcessRow;
      rows.push(row);
      log(
        `in-process ${row.host} (${kind}): first answer ${row.firstAnswerMs} ms, median ${row.medianMs} ms, p99 ${row.p99Ms} ms`,
      );
    }
  }
  return rows;
}

async function memory() {
  const result = await soak(soakSeconds);
  log(`memory and soak: ${describeSoak(result)}`);
  return result;
}

function markdown(results: Awaited<ReturnType<typeof collect>>): string {
  const t = results.throughput;
  const find = (server: ServerKind, workload: Workload, c: number) =>
    t.find((r) => r.server === server && r.workload === workload && r.connections === c);
  const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(1)}×` : 'n/a');
  const lines = [
    `Measured ${results.date} on ${results.machine.cpu} (${results.machine.cores} cores, ${results.machine.memoryGiB} GiB), Node ${results.machine.node}; ${results.secondsPerCell ?? seconds} s per cell, autocannon, loopback, keep-alive.`,
    '',
    '| workload | connections | ours req/s | ours p50 / p99 ms | Prism CLI req/s | Prism p50 / p99 ms | bare node req/s | ours / Prism | ours / ceiling |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const workload of WORKLOADS) {
    for (const c of CONNECTIONS) {
      const [o, p, b] = [find('ours', workload, c), find('prism-cli', workload, c), find('ceiling', workload, c)];
      lines.push(
        `| ${workload} | ${c} | ${o?.requestsPerSecond} | ${o?.p50} / ${o?.p99} | ${p?.requestsPerSecond} | ${p?.p50} / ${p?.p99} | ${b?.requestsPerSecond} | ${ratio(o?.requestsPerSecond, p?.requestsPerSecond)} | ${ratio(o?.requestsPerSecond, b?.requestsPerSecond)} |`,
      );
    }
  }
  const st = results.stateful ?? [];
  const cell = (server: ServerKind, c: number) => st.find((r) => r.server === server && r.connections === c);
  lines.push(
    '',
    '| stateful-mixed (`--stateful`; lists of the collection the creates grow) | connections | ours req/s | ours p50 / p99 ms | groups stored after | ours RSS after | Prism CLI req/s | Prism p50 / p99 ms | ours / Prism |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...[10, 50].map((c) => {
      const [o, p] = [cell('ours-stateful', c), cell('prism-cli', c)];
      return `| 30% list, 10% filtered list, 25% create, 20% fetch, 15% edit | ${c} | ${o?.requestsPerSecond} | ${o?.p50} / ${o?.p99} | ${o?.storedAfter} | ${o?.rssAfterMiB} MiB | ${p?.requestsPerSecond} | ${p?.p50} / ${p?.p99} | ${ratio(o?.requestsPerSecond, p?.requestsPerSecond)} |`;
    }),
  );
  const s = results.startup;
  const suite = results.suite;
  lines.push(
    '',
    '| start-up: process start to the first 200 (median of 5, same run, same spec) | this kit | Prism | kit / Prism |',
    '| --- | --- | --- | --- |',
    `| as users start them: \`npx xtrakit-mock\` in a project that installed the packed kit, \`npx prism mock\` | ${s['ours-npx']?.medianMs} ms | ${s['prism-npx']?.medianMs} ms | ${ratio(s['ours-npx']?.medianMs, s['prism-npx']?.medianMs)} |`,
    `| without npm's own start: \`node dist/scripts/mock.js\`, Prism's CLI under \`node\` | ${s.ours?.medianMs} ms | ${s['prism-cli']?.medianMs} ms | ${ratio(s.ours?.medianMs, s['prism-cli']?.medianMs)} |`,
    '',
    `Full contract replay against the local mock, warmed up (${suite.contract.cases} cases, concurrency 4): ${(suite.contract.wallMs / 1000).toFixed(1)} s wall with Jest's start, of which the replay ${(suite.contract.replayMs / 1000).toFixed(2)} s, with the default --examples (generated requests included), the command's peak RSS ${suite.contract.peakRssMiB ?? '(not measured)'} MiB; a bare undici loop sending the ${suite.bare.requests} example-based requests (no generated ones, no checks, no read-backs): ${(suite.bare.ms / 1000).toFixed(2)} s (replay / bare ${ratio(suite.contract.replayMs, suite.bare.ms)}).`,
    '',
    '| in-process host | sends | first answer after the handlers are created | median per request | p99 |',
    '| --- | --- | --- | --- | --- |',
    ...(results.inProcess ?? []).map(
      (r) => `| ${r.host} | ${r.sends} | ${r.firstAnswerMs} ms | ${r.medianMs} ms | ${r.p99Ms} ms |`,
    ),
    '',
    '| synthetic spec | mock ready | mock RSS | suite wall (cases) |',
    '| --- | --- | --- | --- |',
    ...results.scaling.map(
      (r) =>
        `| ${r.operations} operations | ${r.startupMs} ms | ${r.rssMiB} MiB | ${(r.suiteWallMs / 1000).toFixed(1)} s (${r.cases}) |`,
    ),
    '',
    `Memory and soak (${results.memory.holds ? 'holds' : 'does NOT hold'}): ${describeSoak(results.memory)}. The soak mixes valid, invalid (400) and forced-status (402, 404) requests; no 5xx is asked for.`,
  );
  return lines.join('\n');
}

const SECTIONS = {
  throughput,
  stateful: statefulLoad,
  startup,
  suite,
  inProcess: async () => inProcess(),
  scaling,
  memory,
};
type Sections = { [K in keyof typeof SECTIONS]: Awaited<ReturnType<(typeof SECTIONS)[K]>> };

async function collect(previous?: Partial<Sections>, only?: string[]) {
  const cpus = os.cpus();
  const measured: Partial<Sections> = { ...previous };
  for (const name of Object.keys(SECTIONS) as Array<keyof Sections>) {
    if (only && !only.includes(name)) continue;
    (measured as Record<string, unknown>)[name] = await SECTIONS[name]();
  }
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    quick,
    secondsPerCell: seconds as number | undefined,
    ...(measured as Sections),
  };
}

async function main(): Promise<number> {
  const dir = path.join(ROOT, 'scripts', 'bench', 'results');
  const latest = path.join(dir, 'latest.json');
  const previous = () => JSON.parse(readFileSync(latest, 'utf8')) as Awaited<ReturnType<typeof collect>>;
  const only = flags.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !(name in SECTIONS));
  if (unknown?.length) {
    console.error(`bench: unknown section(s) ${unknown.join(', ')}; sections: ${Object.keys(SECTIONS).join(', ')}`);
    return 2;
  }
  const results = flags.render ? previous() : await collect(only ? previous() : undefined, only);
  mkdirSync(dir, { recursive: true });
  const name = quick ? 'quick' : 'latest';
  const table = markdown(results);
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(dir, `${name}.md`), `# Benchmark\n\n${table}\n`);
  if (!quick) {
    const readme = path.join(ROOT, 'README.md');
    const text = readFileSync(readme, 'utf8');
    const updated = text.replace(
      /<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
      `<!-- bench:start -->\n${table}\n<!-- bench:end -->`,
    );
    writeFileSync(readme, updated);
  }
  log(`wrote scripts/bench/results/${name}.md and .json${quick ? '' : ', and the README'}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${(error as Error).stack ?? error}`);
    process.exit(2);
  },
);
