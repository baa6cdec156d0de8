// The documented forms of a body field: where the contract allows several types (a type list, oneOf/anyOf
// alternatives, null), each form is sent at least once. A sale's customer_id is 42 or "42", an amount "10.00" or
// 10, a discount may be null: a server that refuses a form the contract allows is caught by the case that sends it.
import type { Operation } from '../../openapi/document';
import { jsonMedia } from '../../openapi/document';
import { propertySchema, type Schema } from '../../openapi/schema-walk';

export type Form = 'string' | 'integer' | 'number' | 'null' | 'boolean' | 'object' | 'array';

/** The JSON types a schema allows at its top level: its type list and those of its oneOf/anyOf alternatives. */
export function formsOf(schema: Schema | undefined): Form[] {
  if (!schema) return [];
  const alternatives = [...((schema.oneOf ?? []) as Schema[]), ...((schema.anyOf ?? []) as Schema[])];
  const own = schema.type === undefined ? [] : ([schema.type].flat() as Form[]);
  const found = alternatives.length > 0 ? alternatives.flatMap(formsOf) : own;
  return [...new Set(found)];
}

export function formOf(value: unknown): Form {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as Form;
}

/** `value` written in `form`, keeping its meaning ("42" ↔ 42, "100.00" ↔ 100, anything → null); else undefined. */
export function inForm(value: unknown, form: Form): unknown {
  if (form === 'null') return null;
  if (formOf(value) === form || (form === 'number' && typeof value === 'number')) return value;
  if (form === 'string' && typeof value === 'number') return String(value);
  if ((form === 'number' || form === 'integer') && typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (!Number.isFinite(n) || (form === 'integer' && !Number.isInteger(n))) return undefined;
    return n;
  }
  return undefined;
}

/**
 * The forms the example does not use, spread over as few bodies as can hold them: the k-th body writes every
 * field with several forms in its k-th other form (customer_id as a string, the amounts as numbers, discount as
 * null in the first). Fields of one form, and forms the example's value cannot be written in, are left as they are.
 */
export function formVariants(op: Operation, body: Record<string, unknown>): Array<Record<string, Form>> {
  const schema = jsonMedia(op.operation.requestBody as never)?.schema as Schema | undefined;
  const others = new Map<string, Form[]>();
  for (const [field, value] of Object.entries(body)) {
    const forms = formsOf(propertySchema(schema, field) as Schema | undefined);
    const usable = forms.filter((f) => f !== formOf(value) && !(f === 'number' && formOf(value) === 'integer'));
    const writable = usable.filter((f) => inForm(value, f) !== undefined);
    if (forms.length > 1 && writable.length > 0) others.set(field, writable);
  }
  const count = Math.max(0, ...[...others.values()].map((f) => f.length));
  return Array.from({ length: count }, (_, k) =>
    Object.fromEntries([...others].map(([field, forms]) => [field, forms[k % forms.length] as Form])),
  );
}

/** `body` with each field of `forms` written in its form (where its value can be). */
export function applyForms(body: Record<string, unknown>, forms: Record<string, Form>): Record<string, unknown> {
  const out = { ...body };
  for (const [field, form] of Object.entries(forms)) {
    const value = inForm(out[field], form);
    if (value !== undefined) out[field] = value;
  }
  return out;
}
