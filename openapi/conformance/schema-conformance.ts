import { propertySchema } from '../schema-walk';
import type { Check } from './types';

const MAX_REPORTED = 5;

/**
 * `data` matches the operation's documented schema for that status (JSON Schema 2020-12, with formats).
 * Checked only when the expected status came back: a wrong status is status-code-conformance's finding.
 */
export const schemaConformance: Check = ({ case: c, exchange, json, responseSchema, validate }) => {
  const response = exchange.response;
  const accepted = c.acceptedStatuses ?? [c.expectedStatus];
  if (!response || !accepted.includes(response.status) || response.status === 204 || !json || !responseSchema)
    return [];
  const data = (json.value as { data?: unknown } | null)?.data;
  const dataSchema = propertySchema(responseSchema, 'data');
  if (!dataSchema || typeof data !== 'object' || data === null) return [];
  return validate(dataSchema, data)
    .slice(0, MAX_REPORTED)
    .map((error) => ({
      check: 'schema-conformance',
      severity: 'error' as const,
      message: `data${error.pointer} ${error.message}`,
      expected: `valid against ${c.operationId}'s ${response.status} schema`,
      received: JSON.stringify(pick(data, error.pointer)) ?? '(missing)',
      pointer: `/data${error.pointer}`,
    }));
};

function pick(value: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);
}
