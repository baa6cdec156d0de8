// Every contract-suite setting, its flag, its environment variable and its default: resolved here, once.
import { Command, InvalidArgumentError } from 'commander';
import { KIT_VERSION } from '../openapi/kit';
import { DEFAULT_SPEC } from '../openapi/spec';
import { baseUrlOf, DOCS_SAMPLE_KEY, UsageError } from '../openapi/usage';

export { baseUrlOf, DOCS_SAMPLE_KEY, UsageError };

export interface ContractConfig {
  /** The API base URL, as in the spec's servers, without a trailing slash. */
  target: string;
  apiKey: string;
  lapsedKey?: string;
  allowWrites: boolean;
  timeoutMs: number;
  /** The whole replay's budget: after it, nothing more is sent, the run's records are deleted, exit 2. */
  maxTimeMs: number;
  concurrency: number;
  reportDir: string;
  waivers?: string;
  spec: string;
  /** Responses are read up to this many bytes. */
  maxBodyBytes: number;
  /** Makes generated invoice codes unique per run; fixed by XTRAKIT_SEED for a repeatable plan. */
  seed: number;
  /** No POST, PUT or DELETE is sent, whatever the target (loopback included). */
  readOnly: boolean;
  /** A run that exercises fewer documented cells than this percentage is not conformant (exit 1). */
  minCoverage: number;
  /** Only these operations' cases are tests (exact operationIds); empty: every operation. */
  operations: string[];
  /** Only the cases whose Jest name matches (case-insensitive regular expression) are tests. */
  testNamePattern?: string;
  /** Generated valid requests per operation that takes a body or query filters (0: none). */
  examples: number;
}

export const ENV = {
  target: 'XTRAKIT_TARGET',
  apiKey: 'XTRAKIT_API_KEY',
  lapsedKey: 'XTRAKIT_LAPSED_KEY',
  allowWrites: 'XTRAKIT_ALLOW_WRITES',
  timeoutMs: 'XTRAKIT_TIMEOUT_MS',
  maxTime: 'XTRAKIT_MAX_TIME',
  concurrency: 'XTRAKIT_CONCURRENCY',
  reportDir: 'XTRAKIT_REPORT_DIR',
  waivers: 'XTRAKIT_WAIVERS',
  spec: 'XTRAKIT_SPEC',
  seed: 'XTRAKIT_SEED',
  readOnly: 'XTRAKIT_READ_ONLY',
  minCoverage: 'XTRAKIT_MIN_COVERAGE',
  examples: 'XTRAKIT_EXAMPLES',
} as const;

export const DEFAULTS = {
  timeoutMs: 5000,
  /** 15 minutes: a full replay against a real server takes a minute or two; a CI job should learn why it hangs. */
  maxTimeS: 900,
  concurrency: 4,
  reportDir: 'reports/contract',
  maxBodyBytes: 1024 * 1024,
  minCoverage: 0,
  /** Per operation: enough to find input-dependent faults, few enough that the run against the mock stays short. */
  examples: 25,
};

const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError(`${name} is a whole number of at least 1`);
  return n;
};

const whole = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} is a whole number`);
  return Number(value);
};

const percent = (name: string) => (value: string) => {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n > 100) throw new InvalidArgumentError(`${name} is a percentage from 0 to 100`);
  return n;
};

export function contractCommand(): Command {
  return new Command('xtrakit-contract')
    .description('Replay every operation and documented status of the XtraKit contract against a server')
    .option('--target <url>', `the API base URL, e.g. http://127.0.0.1:4010/api/v1 (env ${ENV.target})`)
    .option('--api-key <key>', `a valid API key (env ${ENV.apiKey}; prefer the variable: flags show in process lists)`)
    .option('--lapsed-key <key>', `a lapsed account's key, to provoke 402 on a real server (env ${ENV.lapsedKey})`)
    .option(
      '--allow-writes',
      `send POST, PUT and DELETE to a target that is not loopback (env ${ENV.allowWrites}=true)`,
    )
    .option(
      '--timeout <ms>',
      `per-request timeout (env ${ENV.timeoutMs}, default ${DEFAULTS.timeoutMs})`,
      positive('--timeout'),
    )
    .option(
      '--max-time <seconds>',
      `the whole replay's budget: then it stops sending, deletes what it created and exits 2 (env ${ENV.maxTime}, default ${DEFAULTS.maxTimeS})`,
      positive('--max-time'),
    )
    .option(
      '--concurrency <n>',
      `requests in flight at once (env ${ENV.concurrency}, default ${DEFAULTS.concurrency})`,
      positive('--concurrency'),
    )
    .option('--report-dir <dir>', `where the matrix and JUnit go (env ${ENV.reportDir}, default ${DEFAULTS.reportDir})`)
    .option('--waivers <file>', `YAML file of known deviations to waive (env ${ENV.waivers})`)
    .option('--spec <file>', `the contract (env ${ENV.spec}, default openapi/xtrakit.yaml)`)
    .option(
      '-t, --test-name-pattern <regex>',
      "Jest's filter, applied before anything is sent: only the cases whose names match run as tests",
    )
    .option(
      '--operation <operationId>',
      "only this operation's cases (exact; repeatable); what they need runs as set-up",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--examples <n>',
      `generated valid requests per operation, 0 for none (env ${ENV.examples}, default ${DEFAULTS.examples})`,
      whole('--examples'),
    )
    .option(
      '--seed <n>',
      `the run's seed: generated codes and requests (env ${ENV.seed}, default: the clock)`,
      whole('--seed'),
    )
    .option('--read-only', `send no POST, PUT or DELETE, whatever the target (env ${ENV.readOnly}=true)`)
    .option(
      '--min-coverage <percent>',
      `a run that exercises fewer documented cells is not conformant (env ${ENV.minCoverage}, default ${DEFAULTS.minCoverage})`,
      percent('--min-coverage'),
    )
    .version(KIT_VERSION, '--version', 'print the kit version and exit')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
}

/** Printed after the flags by `xtrakit-contract --help`. */
export const CONTRACT_HELP_FOOTER = `
Examples:
  xtrakit-contract --target http://127.0.0.1:4010/api/v1           the local mock: every case, writes allowed
  XTRAKIT_API_KEY=… xtrakit-contract --target https://api.xtrakit.com/api/v1            read-only
  XTRAKIT_API_KEY=… xtrakit-contract --target https://staging.example/api/v1 --allow-writes --lapsed-key "$OLD_KEY"
  xtrakit-contract --target http://127.0.0.1:4010/api/v1 --operation addSale --examples 100 --seed 824842
  xtrakit-contract --target … --min-coverage 80 --report-dir reports/contract       junit.xml for CI

Exit codes: 0 conformant, 1 not conformant, 2 usage error, misconfigured target or unfinished replay.`;

export interface ContractFlags {
  target?: string;
  apiKey?: string;
  lapsedKey?: string;
  allowWrites?: boolean;
  timeout?: number;
  maxTime?: number;
  concurrency?: number;
  reportDir?: string;
  waivers?: string;
  spec?: string;
  testNamePattern?: string;
  operation?: string[];
  readOnly?: boolean;
  minCoverage?: number;
  examples?: number;
  seed?: number;
}

function envBoolean(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^(true|false|1|0)$/i.test(raw)) throw new UsageError(`${name} must be true or false, got "${raw}"`);
  return /^(true|1)$/i.test(raw);
}

function envWhole(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new UsageError(`${name} must be a whole number of at least 1, got "${raw}"`);
  return Number(raw);
}

/** Flags win over environment variables, which win over the defaults. */
export function resolveContractConfig(flags: ContractFlags, env: NodeJS.ProcessEnv, now = Date.now()): ContractConfig {
  const rawTarget = flags.target ?? env[ENV.target];
  if (!rawTarget)
    throw new UsageError(`--target is required (or ${ENV.target}), e.g. --target http://127.0.0.1:4010/api/v1`);
  const url = baseUrlOf('--target', rawTarget);
  const target = url.toString().replace(/\/+$/, '');
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname);
  const apiKey = flags.apiKey ?? env[ENV.apiKey] ?? (loopback ? DOCS_SAMPLE_KEY : undefined);
  if (!apiKey) throw new UsageError(`an API key is required for ${url.host}: set ${ENV.apiKey} (or --api-key)`);
  const lapsedKey = flags.lapsedKey ?? (env[ENV.lapsedKey] || undefined);
  const waivers = flags.waivers ?? (env[ENV.waivers] || undefined);
  const allowWrites = flags.allowWrites ?? envBoolean(env, ENV.allowWrites) ?? false;
  const readOnly = flags.readOnly ?? envBoolean(env, ENV.readOnly) ?? false;
  if (allowWrites && readOnly) throw new UsageError('--read-only and --allow-writes contradict each other: pick one');
  const minCoverageEnv = env[ENV.minCoverage];
  const minCoverage =
    flags.minCoverage ?? (minCoverageEnv ? percentFromEnv(minCoverageEnv) : undefined) ?? DEFAULTS.minCoverage;
  if (flags.testNamePattern !== undefined) {
    try {
      new RegExp(flags.testNamePattern, 'i');
    } catch {
      throw new UsageError(`-t/--test-name-pattern is not a regular expression: "${flags.testNamePattern}"`);
    }
  }
  return {
    target,
    apiKey,
    ...(lapsedKey ? { lapsedKey } : {}),
    allowWrites,
    timeoutMs: flags.timeout ?? envNumber(env, ENV.timeoutMs) ?? DEFAULTS.timeoutMs,
    maxTimeMs: (flags.maxTime ?? envNumber(env, ENV.maxTime) ?? DEFAULTS.maxTimeS) * 1000,
    concurrency: flags.concurrency ?? envNumber(env, ENV.concurrency) ?? DEFAULTS.concurrency,
    reportDir: flags.reportDir ?? (env[ENV.reportDir] || DEFAULTS.reportDir),
    ...(waivers ? { waivers } : {}),
    spec: flags.spec ?? (env[ENV.spec] || DEFAULT_SPEC),
    maxBodyBytes: DEFAULTS.maxBodyBytes,
    seed: flags.seed ?? envWhole(env, ENV.seed) ?? now % 1_000_000,
    examples: flags.examples ?? envWhole(env, ENV.examples) ?? DEFAULTS.examples,
    readOnly,
    minCoverage,
    operations: flags.operation ?? [],
    ...(flags.testNamePattern !== undefined ? { testNamePattern: flags.testNamePattern } : {}),
  };
}

function percentFromEnv(raw: string): number {
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || n > 100)
    throw new UsageError(`${ENV.minCoverage} must be a percentage from 0 to 100, got "${raw}"`);
  return n;
}
