// The mock's behaviour defaults, shared by every host (the HTTP mock, MSW handlers, Playwright routes).
import { DOCS_SAMPLE_KEY } from '../openapi/usage';
import type { CoreOptions } from './core';
import { DEFAULT_LIST_LIMIT } from './stateful';
import { DEFAULT_LIMITS } from './store';

/** A lapsed account's key: every operation answers 402 Payment Required. */
export const DEFAULT_LAPSED_KEY = '402402402402402402402402402402402402';

export const CORE_DEFAULTS: CoreOptions = {
  keys: [DOCS_SAMPLE_KEY],
  lapsedKeys: [DEFAULT_LAPSED_KEY],
  stateful: false,
  dynamic: false,
  cors: true,
  bodyLimit: 1024 * 1024,
  maxRecords: DEFAULT_LIMITS.maxRecords,
  maxStoreBytes: DEFAULT_LIMITS.maxBytes,
  listLimit: DEFAULT_LIST_LIMIT,
};

/** The options a host was given, over the defaults; a key both accepted and lapsed is refused. */
export function coreOptionsOf(given: Partial<CoreOptions>): CoreOptions {
  const options: CoreOptions = { ...CORE_DEFAULTS };
  for (const [name, value] of Object.entries(given)) {
    if (value !== undefined) (options as unknown as Record<string, unknown>)[name] = value;
  }
  if (options.keys.some((k) => options.lapsedKeys.includes(k))) {
    throw new TypeError('a key cannot be both accepted and lapsed');
  }
  return options;
}
