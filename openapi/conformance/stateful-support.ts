// Shared by the stateful checks: reading a fetched record and comparing what was sent with what came back.

import type { SchemaObject } from '../document';
import { propertySchema } from '../schema-walk';
import type { Check, FollowUp, Violation } from './types';

/** The record a fetch answered: `data.<wrapper>`. */
export function fetchedRecord(followUp: FollowUp): Record<string, unknown> | undefined {
  const data = (followUp.json?.value as { data?: Record<string, unknown> } | null | undefined)?.data;
  const record = followUp.wrapper ? data?.[followUp.wrapper] : undefined;
  return record && typeof record === 'object' && !Array.isArray(record)
    ? (record as Record<string, unknown>)
    : undefined;
}

/**
 * Equal as the contract allows them to differ: a string and a number of the same value ("42" and 42, "1000.00"
 * and 1000), surrounding spaces (item codes), and otherwise the same JSON.
 */
export function sameValue(sent: unknown, got: unknown): boolean {
  if (JSON.stringify(sent) === JSON.stringify(got)) return true;
  if (sent === null || got === null || typeof sent === 'object' || typeof got === 'object') return false;
  const a = String(sent).trim();
  const b = String(got).trim();
  if (a === b) return true;
  return a !== '' && b !== '' && Number.isFinite(Number(a)) && Number(a) === Number(b);
}

/**
 * Fields the request set that the fetched record declares and holds otherwise. A null sent and a field left out
 * of the record agree: a server may leave null optional fields out of its records (the contract's schemas do not
 * require them).
 */
export function differences(
  sent: unknown,
  record: Record<string, unknown>,
  recordSchema: SchemaObject | undefined,
): Array<{ field: string; sent: unknown; got: unknown }> {
  if (!sent || typeof sent !== 'object' || Array.isArray(sent)) return [];
  return Object.entries(sent as Record<string, unknown>)
    .filter(([field]) => recordSchema === undefined || propertySchema(recordSchema, field) !== undefined)
    .filter(([field, value]) => !sameValue(value, record[field]) && !(value === null && !(field in record)))
    .map(([field, value]) => ({ field, sent: value, got: record[field] }));
}

export const show = (value: unknown) => (value === undefined ? '(missing)' : JSON.stringify(value));

/** Where the read-back went, for messages: `GET /api/v1/customers/7`. */
export const readBackAt = (followUp: FollowUp) =>
  `${followUp.exchange.request.method} ${new URL(followUp.exchange.request.url).pathname}`;

/** The read-back of a record the case just created or edited did not answer 200. */
export function notReadable(check: string, followUp: FollowUp, what: string): Violation[] {
  const status = followUp.exchange.response?.status;
  if (status === 200) return [];
  const received = String(status ?? followUp.exchange.error?.message);
  return [
    {
      check,
      severity: 'error',
      message: `The record just ${what} cannot be fetched: ${readBackAt(followUp)} answered ${received}`,
      expected: `200 with the ${what} record`,
      received,
      pointer: 'follow-up',
    },
  ];
}

/**
 * A check on the read-back after a create or an edit: the record answers 200 and holds every value the request
 * set. An answer that cannot be read (not JSON, no record) is body-is-json's or schema-conformance's finding.
 */
export function readBackCheck(
  check: string,
  action: 'create' | 'edit',
  describe: (at: string, d: { field: string; sent: string; got: string }) => string,
): Check {
  return ({ followUp, sentBody }) => {
    if (followUp?.action !== action) return [];
    const unreadable = notReadable(check, followUp, action === 'create' ? 'created' : 'edited');
    if (unreadable.length > 0) return unreadable;
    const record = fetchedRecord(followUp);
    if (!record) return [];
    return differences(sentBody, record, followUp.recordSchema)
      .slice(0, 5)
      .map((d) => ({
        check,
        severity: 'error' as const,
        message: describe(readBackAt(followUp), { field: d.field, sent: show(d.sent), got: show(d.got) }),
        expected: show(d.sent),
        received: show(d.got),
        pointer: `follow-up:/data/${followUp.wrapper}/${d.field}`,
      }));
  };
}
