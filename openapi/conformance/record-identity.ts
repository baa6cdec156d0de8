import { sameValue, show } from './stateful-support';
import type { Check } from './types';

/** A fetch that answers 200 answers the record asked for: its key field holds the key in the path. */
export const recordIdentity: Check = ({ requestedKey, exchange, json }) => {
  if (!requestedKey || exchange.response?.status !== 200) return [];
  const data = (json?.value as { data?: Record<string, unknown> } | null | undefined)?.data;
  const record = data?.[requestedKey.wrapper] as Record<string, unknown> | undefined;
  if (!record || typeof record !== 'object') return [];
  const got = record[requestedKey.field];
  if (sameValue(requestedKey.value, got)) return [];
  return [
    {
      check: 'record-identity',
      severity: 'error',
      message: `Asked for ${requestedKey.field} ${requestedKey.value}, answered the record with ${requestedKey.field} ${show(got)}`,
      expected: requestedKey.value,
      received: show(got),
      pointer: `/data/${requestedKey.wrapper}/${requestedKey.field}`,
    },
  ];
};
