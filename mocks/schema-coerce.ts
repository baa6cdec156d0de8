// The stateful store keeps what clients send, but answers in the response schema's types: an item's
// "1000.00" (a string in the request body) is 1000 in an Item, a sale's 100 is "100.00" in a Sale.

import type { SchemaObject } from '../openapi/document';
import { branches, propertySchema, type Schema } from '../openapi/schema-walk';

function typesOf(schema: Schema): Set<string> {
  const types = new Set<string>();
  for (const branch of branches(schema)) for (const t of [branch.type ?? []].flat()) types.add(String(t));
  return types;
}

function asNumberString(value: string | number, schema: Schema): string {
  const patterns = branches(schema)
    .map((b) => b.pattern)
    .filter((p): p is string => typeof p === 'string')
    .map((p) => new RegExp(p));
  const candidates = [String(value), Number(value).toFixed(2)];
  return candidates.find((c) => patterns.every((p) => p.test(c))) ?? String(value);
}

export function coerceToSchema(value: unknown, target: SchemaObject | undefined): unknown {
  if (!target || value === null || value === undefined) return value;
  const schema = target as Schema;
  if (Array.isArray(value)) {
    const items = branches(schema).find((b) => b.items)?.items as Schema | undefined;
    return value.map((v) => coerceToSchema(v, items));
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = coerceToSchema(v, propertySchema(schema, key));
    return out;
  }
  const types = typesOf(schema);
  const numeric = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
  if (typeof value === 'string' && !types.has('string') && numeric) {
    if (types.has('number') || (types.has('integer') && Number.isInteger(Number(value)))) return Number(value);
  }
  if (typeof value === 'number' && types.has('string') && !types.has('number')) {
    if (!(types.has('integer') && Number.isInteger(value))) return asNumberString(value, schema);
  }
  if (typeof value === 'string' && numeric && types.has('string')) return asNumberString(value, schema);
  return value;
}
