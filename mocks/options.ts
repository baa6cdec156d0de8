// Every mock setting, its flag, its environment variable and its default: resolved here, once.

import { Command, InvalidArgumentError } from 'commander';
import { KIT_VERSION } from '../openapi/kit';
import { DEFAULT_SPEC } from '../openapi/spec';
import { baseUrlOf, DOCS_SAMPLE_KEY, UsageError } from '../openapi/usage';
import type { CoreOptions } from './core';
import { CORE_DEFAULTS, DEFAULT_LAPSED_KEY } from './core-defaults';

export { DEFAULT_LAPSED_KEY, DOCS_SAMPLE_KEY };

/** The HTTP mock's options: the behaviour every host shares (CoreOptions), and its socket's own. */
export interface MockOptions extends CoreOptions {
  port: number;
  host: string;
  spec: string;
  quiet: boolean;
  /** Headers must arrive within this time; Node answers 408 otherwise. */
  requestTimeoutMs: number;
  /** A body that stops arriving for this long is answered 408. */
  bodyIdleTimeoutMs: number;
  /**
   * Validating proxy: forward every request unchanged to this upstream base URL (a real XtraKit, a staging server)
   * and check every answer against the contract instead of answering from the spec.
   */
  proxy?: string;
  /** --proxy: an upstream answer must be whole within this time, else 504 (default 30 s). */
  upstreamTimeoutMs?: number;
  /** --proxy: an upstream answer larger than this is streamed through, flagged too large to check (default 16 MiB). */
  maxUpstreamBytes?: number;
  /**
   * Host names (or addresses) the mock answers besides loopback names and the bound address: every other `Host` is
   * refused (DNS rebinding). Needed when the mock is reached by a LAN name or a container's service name.
   */
  allowedHosts: string[];
  /** Where request log lines go; the CLI passes console.log. */
  log?: (line: string) => void;
}

export const DEFAULTS: Omit<MockOptions, 'log'> = {
  port: 4010,
  host: '127.0.0.1',
  spec: DEFAULT_SPEC,
  ...CORE_DEFAULTS,
  quiet: false,
  allowedHosts: [],
  requestTimeoutMs: 10_000,
  bodyIdleTimeoutMs: 500,
};

export const ENV = {
  port: 'XTRAKIT_MOCK_PORT',
  host: 'XTRAKIT_MOCK_HOST',
  spec: 'XTRAKIT_MOCK_SPEC',
  keys: 'XTRAKIT_MOCK_KEYS',
  lapsedKeys: 'XTRAKIT_MOCK_LAPSED_KEYS',
  dynamic: 'XTRAKIT_MOCK_DYNAMIC',
  seed: 'XTRAKIT_MOCK_SEED',
  stateful: 'XTRAKIT_MOCK_STATEFUL',
  quiet: 'XTRAKIT_MOCK_QUIET',
  cors: 'XTRAKIT_MOCK_CORS',
  proxy: 'XTRAKIT_MOCK_PROXY',
  allowedHosts: 'XTRAKIT_MOCK_ALLOWED_HOSTS',
  maxRecords: 'XTRAKIT_MOCK_MAX_RECORDS',
  maxStoreMib: 'XTRAKIT_MOCK_MAX_STORE_MIB',
  listLimit: 'XTRAKIT_MOCK_LIST_LIMIT',
} as const;

// One usage error for both commands' options.
export { UsageError };

const parsePort = (value: string): number => {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return port;
};

/** A whole number from 1 to `max`: the store's bounds. */
const positive =
  (max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < 1 || n > max) {
      throw new InvalidArgumentError(`a whole number from 1 to ${max}, got "${value}"`);
    }
    return n;
  };
const MAX_RECORDS = 1_000_000;
const MAX_STORE_MIB = 4096;
const MAX_LIST_LIMIT = 100_000;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const bool = (value: string | undefined, name: string): boolean | undefined => {
  if (value === undefined || value === '') return undefined;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new UsageError(`${name} must be true or false, got "${value}"`);
};

const list = (value: string | undefined): string[] | undefined =>
  value === undefined || value.trim() === ''
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);

export function mockCommand(): Command {
  return new Command('xtrakit-mock')
    .description('Serve the XtraKit contract as a mock API at http://HOST:PORT/api/v1')
    .option(
      '--port <n>',
      `port to listen on; 0 picks a free one (env ${ENV.port}, default ${DEFAULTS.port})`,
      parsePort,
    )
    .option(
      '--host <address>',
      `address to bind (env ${ENV.host}, default ${DEFAULTS.host}: not exposed to the network)`,
    )
    .option('--spec <file>', `OpenAPI file to serve (env ${ENV.spec}, default openapi/xtrakit.yaml)`)
    .option(
      '--key <key>',
      `an accepted API key; repeatable (env ${ENV.keys}, comma-separated; default the docs' sample key)`,
      collect,
    )
    .option('--lapsed-key <key>', `a lapsed account's key, answered 402; repeatable (env ${ENV.lapsedKeys})`, collect)
    .option('--dynamic', `generate schema-valid data instead of the examples (env ${ENV.dynamic})`)
    .option('--seed <seed>', `seed for --dynamic, for repeatable data (env ${ENV.seed})`)
    .option('--stateful', `keep records in memory: creates, edits and deletes stick (env ${ENV.stateful})`)
    .option(
      '--max-records <n>',
      `records each collection of the store may hold; past it a stateful create answers 507 STORE_FULL (env ${ENV.maxRecords}, default ${DEFAULTS.maxRecords})`,
      positive(MAX_RECORDS),
    )
    .option(
      '--max-store-mib <n>',
      `MiB of records (their JSON) each collection may hold, as --max-records (env ${ENV.maxStoreMib}, default ${DEFAULTS.maxStoreBytes / 1024 / 1024})`,
      positive(MAX_STORE_MIB),
    )
    .option(
      '--list-limit <n>',
      `most records a stateful list answers, the newest (env ${ENV.listLimit}, default ${DEFAULTS.listLimit})`,
      positive(MAX_LIST_LIMIT),
    )
    .option('--quiet', `no request log (env ${ENV.quiet})`)
    .option('--no-cors', `do not answer CORS preflights or add CORS headers (env ${ENV.cors}=false)`)
    .option(
      '--proxy <url>',
      `validating proxy: forward every request to this API base URL and check each answer against the contract (env ${ENV.proxy})`,
    )
    .option(
      '--allowed-host <name>',
      `also answer requests whose Host is this name; repeatable (env ${ENV.allowedHosts}, comma-separated; loopback names and the bound address always)`,
      collect,
    )
    .version(KIT_VERSION, '--version', 'print the kit version and exit')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
}

/** Printed after the flags by `xtrakit-mock --help`. */
export const MOCK_HELP_FOOTER = `
Examples:
  xtrakit-mock                                  the docs' examples at http://127.0.0.1:4010/api/v1
  xtrakit-mock --stateful --port 0              creates, edits and deletes stick; a free port
  xtrakit-mock --dynamic --seed 42              schema-valid generated data, the same for the same seed
  xtrakit-mock --key "$MY_KEY" --lapsed-key old-key
  xtrakit-mock --proxy https://staging.example/api/v1   check a real server's answers against the contract
  curl -H 'Authorization: Bearer API_KEY' -H 'Prefer: code=402' http://127.0.0.1:4010/api/v1/customers

Exit codes: 0 stopped by SIGINT or SIGTERM, 2 usage or start-up error (one line on stderr).`;

export interface ParsedFlags {
  port?: number;
  host?: string;
  spec?: string;
  key?: string[];
  lapsedKey?: string[];
  dynamic?: boolean;
  seed?: string;
  stateful?: boolean;
  quiet?: boolean;
  cors?: boolean;
  proxy?: string;
  allowedHost?: string[];
  maxRecords?: number;
  maxStoreMib?: number;
  listLimit?: number;
}

/** Flags win over environment variables, which win over the defaults. */
export function resolveMockOptions(flags: ParsedFlags, env: NodeJS.ProcessEnv, explicitNoCors = false): MockOptions {
  const envPort = env[ENV.port];
  let port = flags.port ?? DEFAULTS.port;
  if (flags.port === undefined && envPort) {
    try {
      port = parsePort(envPort);
    } catch {
      throw new UsageError(`${ENV.port} must be a port number, got "${envPort}"`);
    }
  }
  const seed = flags.seed ?? (env[ENV.seed] || undefined);
  const keys = flags.key ?? list(env[ENV.keys]) ?? DEFAULTS.keys;
  const lapsedKeys = flags.lapsedKey ?? list(env[ENV.lapsedKeys]) ?? DEFAULTS.lapsedKeys;
  const clash = keys.find((k) => lapsedKeys.includes(k));
  if (clash !== undefined) throw new UsageError('a key cannot be both accepted and lapsed');
  const fromEnv = (name: keyof typeof ENV, max: number): number | undefined => {
    const value = env[ENV[name]];
    if (value === undefined || value === '') return undefined;
    try {
      return positive(max)(value);
    } catch (error) {
      throw new UsageError(`${ENV[name]} must be ${(error as Error).message}`);
    }
  };
  const maxStoreMib = flags.maxStoreMib ?? fromEnv('maxStoreMib', MAX_STORE_MIB);
  const proxy = flags.proxy ?? (env[ENV.proxy] || undefined);
  if (proxy !== undefined) checkUpstream(proxy);
  return {
    ...DEFAULTS,
    port,
    host: flags.host ?? (env[ENV.host] || DEFAULTS.host),
    spec: flags.spec ?? (env[ENV.spec] || DEFAULTS.spec),
    keys,
    lapsedKeys,
    dynamic: flags.dynamic ?? bool(env[ENV.dynamic], ENV.dynamic) ?? DEFAULTS.dynamic,
    ...(seed === undefined ? {} : { seed }),
    stateful: flags.stateful ?? bool(env[ENV.stateful], ENV.stateful) ?? DEFAULTS.stateful,
    quiet: flags.quiet ?? bool(env[ENV.quiet], ENV.quiet) ?? DEFAULTS.quiet,
    cors: explicitNoCors ? false : (bool(env[ENV.cors], ENV.cors) ?? DEFAULTS.cors),
    ...(proxy === undefined ? {} : { proxy: proxy.replace(/\/+$/, '') }),
    allowedHosts: (flags.allowedHost ?? list(env[ENV.allowedHosts]) ?? []).map((h) => h.toLowerCase()),
    maxRecords: flags.maxRecords ?? fromEnv('maxRecords', MAX_RECORDS) ?? DEFAULTS.maxRecords,
    maxStoreBytes: maxStoreMib === undefined ? DEFAULTS.maxStoreBytes : maxStoreMib * 1024 * 1024,
    listLimit: flags.listLimit ?? fromEnv('listLimit', MAX_LIST_LIMIT) ?? DEFAULTS.listLimit,
  };
}

/** An upstream is an http(s) base URL without query or fragment (`https://api.xtrakit.com/api/v1`). */
export function checkUpstream(value: string): void {
  baseUrlOf('--proxy', value);
}
