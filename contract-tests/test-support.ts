// Shared by the suite's own tests: a configuration for a loopback target, and a replay of chosen cases.
import type { LoadedSpec } from '../openapi/spec';
import type { Case, DeriveOptions } from './cases/case';
import { type ContractConfig, DEFAULTS, DOCS_SAMPLE_KEY } from './config';
import { executePlan, senderFor } from './pipeline';
import type { RunResult } from './run/run-cases';

/** The customer groups: a list, a fetch, a create, an edit and a delete, with the spec's links between them. */
export const CUSTOMER_GROUP_OPERATIONS = [
  'listCustomerGroups',
  'fetchCustomerGroup',
  'addCustomerGroup',
  'editCustomerGroup',
  'deleteCustomerGroup',
];

export function testConfig(target: string, overrides: Partial<ContractConfig> = {}): ContractConfig {
  return {
    target,
    apiKey: DOCS_SAMPLE_KEY,
    allowWrites: false,
    timeoutMs: DEFAULTS.timeoutMs,
    maxTimeMs: DEFAULTS.maxTimeS * 1000,
    concurrency: 4,
    reportDir: 'reports/unused',
    spec: 'openapi/xtrakit.yaml',
    maxBodyBytes: DEFAULTS.maxBodyBytes,
    seed: 1,
    readOnly: false,
    minCoverage: 0,
    operations: [],
    examples: 0,
    ...overrides,
  };
}

/** Sends the given cases, as derived under `assumptions`, to `config.target`, and closes its connections after. */
export async function replayCases(
  spec: LoadedSpec,
  cases: Case[],
  assumptions: DeriveOptions,
  config: ContractConfig,
): Promise<RunResult> {
  const sender = senderFor(config);
  try {
    return await executePlan({ specFile: spec.file, target: config.target, cases, assumptions }, spec, config, sender);
  } finally {
    await sender.close();
  }
}
