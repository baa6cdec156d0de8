// The kit as a library, for test set-ups (Playwright's webServer/globalSetup, Jest or Vitest global set-up):
//   import { startMock, runContract } from 'xtrakit-contract-kit';
// The same options as the two commands' flags; paths are resolved against the caller's working directory.
import path from 'node:path';
import { type ContractConfig, type ContractFlags, resolveContractConfig, UsageError } from '../contract-tests/config';
import { type ContractOutcome, runContract as runPipeline } from '../contract-tests/pipeline';
import type { RunMeta, Summary } from '../contract-tests/report/matrix';
import type { Out } from '../contract-tests/report/progress';
import { checkUpstream, DEFAULTS, type MockOptions } from '../mocks/options';
import { seedOf } from '../mocks/realistic';
import { startMock as startServer } from '../mocks/server';

export type { RunMeta, Summary } from '../contract-tests/report/matrix';
export { DEFAULT_LAPSED_KEY, DOCS_SAMPLE_KEY } from '../mocks/options';

/**
 * A seed, the same type for the mock and the suite: a whole number or any text. The mock's world is the same for
 * 42 and "42"; the suite takes a number as it is and a text as the 32-bit hash of it.
 */
export type Seed = number | string;

/** The suite's whole-number seed for a `Seed`. */
export function contractSeed(seed: Seed): number {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new TypeError(`seed must be a whole number from 0, not ${seed}`);
    return seed;
  }
  if (/^\d{1,15}$/.test(seed.trim())) return Number(seed.trim());
  return seedOf(seed);
}

export interface StartMockOptions {
  /** 0 (the default here) picks a free port. */
  port?: number;
  host?: string;
  /** Another OpenAPI file; default: the packaged XtraKit contract. */
  spec?: string;
  keys?: string[];
  lapsedKeys?: string[];
  dynamic?: boolean;
  /** The dynamic world's seed (see `Seed`). */
  seed?: Seed;
  stateful?: boolean;
  cors?: boolean;
  /** Validating proxy: forward to this upstream base URL and check every answer. */
  proxy?: string;
  /** Validating proxy: an upstream answer must be whole within this time (default 30 s), else 504. */
  upstreamTimeoutMs?: number;
  /** Validating proxy: a larger upstream answer is streamed through unchecked, flagged (default 16 MiB). */
  maxUpstreamBytes?: number;
  /** Host names to answer besides loopback names and the bound address (any other Host gets 403). */
  allowedHosts?: string[];
  /** Where record timestamps come from; default the wall clock. */
  clock?: () => Date;
  /** Records each collection may hold (default 10,000): past it a stateful create answers 507 STORE_FULL. */
  maxRecords?: number;
  /** Bytes of records (their JSON) each collection may hold (default 16 MiB), as maxRecords. */
  maxStoreBytes?: number;
  /** The most records a stateful list answers, the newest (default 100). */
  listLimit?: number;
  /** Request log lines; default: none. */
  log?: (line: string) => void;
}

export interface MockHandle {
  /** The API base URL a client uses, e.g. http://127.0.0.1:43117/api/v1 */
  baseUrl: string;
  /** e.g. http://127.0.0.1:43117 */
  origin: string;
  port: number;
  /** Empties the stateful store back to the spec's examples (no-op when not stateful). */
  reset(): void;
  close(): Promise<void>;
}

export async function startMock(options: StartMockOptions = {}): Promise<MockHandle> {
  const { log, seed, ...rest } = options;
  if (rest.proxy !== undefined) {
    try {
      checkUpstream(rest.proxy);
    } catch (error) {
      throw new TypeError((error as UsageError).message);
    }
  }
  const resolved: MockOptions = {
    ...DEFAULTS,
    port: 0,
    quiet: log === undefined,
    ...rest,
    ...(rest.proxy === undefined ? {} : { proxy: rest.proxy.replace(/\/+$/, '') }),
    spec: rest.spec === undefined ? DEFAULTS.spec : path.resolve(rest.spec),
    ...(seed === undefined ? {} : { seed: String(seed) }),
    ...(log ? { log, notice: log } : {}),
  };
  const mock = await startServer(resolved);
  return { baseUrl: mock.baseUrl, origin: mock.origin, port: mock.port, reset: mock.reset, close: mock.close };
}

export interface RunContractOptions {
  target: string;
  /** Default: XTRAKIT_API_KEY, else the docs' sample key for a loopback target. */
  apiKey?: string;
  lapsedKey?: string;
  allowWrites?: boolean;
  readOnly?: boolean;
  /** Per-request timeout in ms. */
  timeout?: number;
  /** The whole replay's budget in seconds (default 900); past it the run stops sending and exits 2. */
  maxTime?: number;
  concurrency?: number;
  reportDir?: string;
  waivers?: string;
  spec?: string;
  operations?: string[];
  testNamePattern?: string;
  minCoverage?: number;
  /** The run's seed (see `Seed`): generated codes and requests repeat for the same seed. */
  seed?: Seed;
  /** Generated valid requests per operation (default 25; 0 for none). */
  examples?: number;
  /** Where the command's lines go; default: nowhere. */
  stdout?: Out;
  stderr?: Out;
  /** Also run Jest's view of the results (its summary and counts), as the command does; default false. */
  jest?: boolean;
  /** Abort to stop the replay: nothing more is sent, the clean-up runs, the verdict is a tool error. */
  signal?: AbortSignal;
}

export interface CaseVerdict {
  id: string;
  operationId: string;
  method: string;
  path: string;
  expectedStatus: number;
  title: string;
  role: 'test' | 'setup';
  outcome: 'passed' | 'failed' | 'not-provoked' | 'waived';
  reason?: string;
  /** The status the target answered. */
  status?: number;
  ms?: number;
  violations: Array<{ check: string; message: string; expected: string; received: string; pointer: string }>;
}

export interface ContractVerdict {
  /** The exit code's meaning: true exactly when the command would exit 0. */
  conformant: boolean;
  /** 0 conformant, 1 not conformant, 2 no verdict (usage error, misconfigured target, unfinished replay). */
  exitCode: 0 | 1 | 2;
  /** The one-line reason when there is no verdict. */
  error?: string;
  summary?: Summary;
  run?: RunMeta;
  results: CaseVerdict[];
  /** The report files written: contract-matrix.md, contract-matrix.json, junit.xml. */
  reportFiles: string[];
}

const silent: Out = { write: () => true };

export async function runContract(options: RunContractOptions): Promise<ContractVerdict> {
  const { stdout, stderr, jest, signal, timeout, operations, seed, ...flags } = options;
  let config: ContractConfig;
  try {
    config = resolveContractConfig(
      {
        ...flags,
        ...(seed === undefined ? {} : { seed: contractSeed(seed) }),
        ...(timeout === undefined ? {} : { timeout }),
        ...(operations === undefined ? {} : { operation: operations }),
      } as ContractFlags,
      process.env,
    );
  } catch (error) {
    if (error instanceof UsageError)
      return { conformant: false, exitCode: 2, error: error.message, results: [], reportFiles: [] };
    throw error;
  }
  const outcome: ContractOutcome = await runPipeline(config, {
    stdout: stdout ?? silent,
    stderr: stderr ?? silent,
    tty: false,
    jest: jest ?? false,
    ...(signal ? { signal } : {}),
  });
  return {
    conformant: outcome.exitCode === 0,
    exitCode: outcome.exitCode,
    ...(outcome.error === undefined ? {} : { error: outcome.error }),
    ...(outcome.report ? { summary: outcome.report.summary, run: outcome.report.run } : {}),
    results: (outcome.results ?? []).map((r) => ({
      id: r.case.id,
      operationId: r.case.operationId,
      method: r.case.method,
      path: r.case.path,
      expectedStatus: r.case.expectedStatus,
      title: r.case.title,
      role: r.case.role ?? 'test',
      outcome: r.outcome,
      ...(r.reason === undefined ? {} : { reason: r.reason }),
      ...(r.exchange?.response ? { status: r.exchange.response.status } : {}),
      ...(r.exchange ? { ms: Math.round(r.exchange.ms) } : {}),
      violations: r.violations.map(({ check, message, expected, received, pointer }) => ({
        check,
        message,
        expected,
        received,
        pointer,
      })),
    })),
    reportFiles: outcome.reportFiles ?? [],
  };
}
