// The contract's own extensions that both products read: fields the docs call unique (`x-xtrakit-unique` on a
// request body property), parameters that take a key read from an answer trimmed (`x-xtrakit-trim`), and the
// bounds of a list's date range (`x-xtrakit-range` on a query parameter).
import { examplesOf, jsonMedia, type Operation, type ParameterObject } from './document';
import { branches, type Schema } from './schema-walk';

export interface UniqueField {
  field: string;
  /** The field's example (its schema's, else the request example's): the shape of the fresh values. */
  example: unknown;
  integer: boolean;
}

const memo = new WeakMap<Operation, UniqueField[]>();

/** The request body's top-level properties marked `x-xtrakit-unique: true`. */
export function uniqueFields(op: Operation): UniqueField[] {
  const known = memo.get(op);
  if (known) return known;
  const media = jsonMedia(op.operation.requestBody as never);
  const schema = media?.schema as Schema | undefined;
  const requestExample = examplesOf(media)[0]?.value as Record<string, unknown> | undefined;
  const found: UniqueField[] = [];
  for (const branch of schema ? branches(schema) : []) {
    for (const [field, property] of Object.entries((branch.properties ?? {}) as Record<string, Schema>)) {
      if (property['x-xtrakit-unique'] !== true || found.some((f) => f.field === field)) continue;
      const types = [property.type ?? 'string'].flat();
      found.push({
        field,
        example: (property.examples as unknown[] | undefined)?.[0] ?? property.example ?? requestExample?.[field],
        integer: !types.includes('string') && types.includes('integer'),
      });
    }
  }
  memo.set(op, found);
  return found;
}

/** A value read from an answer, as parameter `p` takes it: trimmed where the spec says `x-xtrakit-trim`. */
export function asParameter(p: ParameterObject | undefined, value: unknown): string {
  const text = String(value);
  return (p as Record<string, unknown> | undefined)?.['x-xtrakit-trim'] === true ? text.trim() : text;
}

export const parameterOf = (op: Operation | undefined, name: string, where: 'path' | 'query') =>
  op?.parameters.find((p) => p.in === where && p.name === name);

/** A list's date-range bound: the record field it compares and which end of the range the parameter is. */
export interface RangeBound {
  param: string;
  field: string;
  bound: 'from' | 'to';
}

/** The query parameters of a list marked `x-xtrakit-range`. */
export function rangeBounds(op: Operation): RangeBound[] {
  return op.parameters.flatMap((p) => {
    const range = (p as unknown as Record<string, unknown>)['x-xtrakit-range'] as
      | { field?: unknown; bound?: unknown }
      | undefined;
    if (p.in !== 'query' || typeof range?.field !== 'string') return [];
    if (range.bound !== 'from' && range.bound !== 'to') return [];
    return [{ param: p.name, field: range.field, bound: range.bound }];
  });
}

/**
 * A bound as a "YYYY-MM-DD HH:mm:ss" timestamp, comparable as text with the records' own: a date alone is the
 * start of its day for `from` and its last second for `to`; unpadded hours, minutes and seconds are padded.
 * Undefined when the text is no date.
 */
export function boundTimestamp(text: string, bound: 'from' | 'to'): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{1,2}):(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const pad = (v: string | undefined, d: string) => (v ?? d).padStart(2, '0');
  const end = bound === 'to';
  return `${m[1]} ${pad(m[2], end ? '23' : '00')}:${pad(m[3], end ? '59' : '00')}:${pad(m[4], end ? '59' : '00')}`;
}
