// The list checks: the run's own record read through a list (filtered by one of its fields, or not).
import { differences, sameValue, show } from './stateful-support';
import type { Check, CheckInput, Violation } from './types';

type Probe = NonNullable<CheckInput['listProbe']>;

/** The list's records, or why there is no list to judge: not a 200 with JSON is another check's finding. */
function listed(input: CheckInput, probe: Probe): { records: unknown[] } | { shape: unknown } | undefined {
  if (input.exchange.response?.status !== 200 || !input.json) return undefined;
  const data = (input.json.value as { data?: Record<string, unknown> } | null)?.data;
  const value = data?.[probe.wrapper];
  return Array.isArray(value) ? { records: value } : { shape: value };
}

const keyOf = (record: unknown, field: string) =>
  record && typeof record === 'object' ? (record as Record<string, unknown>)[field] : undefined;

function violation(check: string, message: string, expected: string, received: string, pointer: string): Violation {
  return { check, severity: 'error', message, expected, received, pointer };
}

/**
 * A documented equality filter, given the run's own record's value, lists that record, and only records whose field
 * holds the value. (That it answers an array when exactly one record matches is the list schema's rule:
 * schema-conformance judges it on the same answer.)
 */
export const filterConformance: Check = (input) => {
  const probe = input.listProbe;
  if (probe?.check !== 'filter-conformance' || !probe.filter) return [];
  const found = listed(input, probe);
  if (!found) return [];
  const { name, field, value } = probe.filter;
  const pointer = `/data/${probe.wrapper}`;
  // A list that is not an array (one match answered as an object) breaks the list's schema: schema-conformance's.
  if ('shape' in found) return [];
  const out: Violation[] = [];
  if (!found.records.some((r) => sameValue(probe.key, keyOf(r, probe.keyField)))) {
    out.push(
      violation(
        'filter-conformance',
        `?${name}=${value} did not list the run's own record (${probe.keyField} ${probe.key}), whose ${field} is ${value}`,
        `a record with ${probe.keyField} ${probe.key}`,
        `${found.records.length} record(s) without it`,
        pointer,
      ),
    );
  }
  // A record the list shows without the field cannot be judged (a list may show fewer fields than a fetch).
  const strays = found.records.filter((r) => keyOf(r, field) !== undefined && !sameValue(value, keyOf(r, field)));
  if (strays.length > 0) {
    const first = strays[0];
    out.push(
      violation(
        'filter-conformance',
        `?${name}=${value} listed ${strays.length} record(s) whose ${field} is not ${value} (the first: ${probe.keyField} ${show(keyOf(first, probe.keyField))}, ${field} ${show(keyOf(first, field))}): the filter is ignored or matches wrongly`,
        `only records whose ${field} is ${value}`,
        `${field} ${show(keyOf(first, field))}`,
        `${pointer}/${found.records.indexOf(first)}/${field}`,
      ),
    );
  }
  return out;
};

/** After the run's create, edit and delete, the list shows the record, shows the edit, no longer shows it. */
export const listConsistency: Check = (input) => {
  const probe = input.listProbe;
  if (probe?.check !== 'list-consistency') return [];
  const found = listed(input, probe);
  if (!found || 'shape' in found) return [];
  // Judged only where the record's own fetch is right: a wrong fetch is the fetch checks' finding.
  const fetched = probe.fetched;
  if (fetched) {
    if (probe.expect === 'absent' && fetched.status !== 404) return [];
    if (probe.expect !== 'absent' && (fetched.status !== 200 || !fetched.record)) return [];
    if (probe.expect === 'edited' && fetched.record && differences(probe.edited, fetched.record, undefined).length > 0)
      return [];
  }
  const through = probe.filter ? ` (?${probe.filter.name}=${probe.filter.value ?? ''})` : '';
  const pointer = `/data/${probe.wrapper}`;
  const index = found.records.findIndex((r) => sameValue(probe.key, keyOf(r, probe.keyField)));
  const record = found.records[index] as Record<string, unknown> | undefined;
  if (probe.expect === 'absent') {
    if (!record) return [];
    return [
      violation(
        'list-consistency',
        `The record ${probe.keyField} ${probe.key} was deleted, yet the list${through} still shows it`,
        'no record with that key',
        `the record at ${pointer}/${index}`,
        `${pointer}/${index}`,
      ),
    ];
  }
  if (!record) {
    const what = probe.expect === 'edited' ? 'edited' : 'created';
    return [
      violation(
        'list-consistency',
        `The record the run ${what} (${probe.keyField} ${probe.key}) is missing from the list${through} (${found.records.length} record(s) listed)`,
        `a record with ${probe.keyField} ${probe.key}`,
        `${found.records.length} record(s) without it`,
        pointer,
      ),
    ];
  }
  if (probe.expect !== 'edited' || !probe.edited) return [];
  return (
    differences(probe.edited, record, undefined)
      // A list may show fewer fields than a fetch: only the fields it shows are compared.
      .filter((d) => d.field in record)
      .slice(0, 5)
      .map((d) =>
        violation(
          'list-consistency',
          `After the run's edit the list${through} shows ${probe.keyField} ${probe.key} with ${d.field} ${show(d.got)}, not the edit's ${show(d.sent)}`,
          show(d.sent),
          show(d.got),
          `${pointer}/${index}/${d.field}`,
        ),
      )
  );
};
