// The stateful store keeps what clients send, but answers in the response schema's types: an item's
// "1000.00" (a string in the request body) is 1000 in an Item, a sale's 100 is "100.00" in a Sale.
import type { SchemaObject } from '../openapi/spec';

type Schema = SchemaObject & Record<string, unknown>;

const branches = (schema: Schema): Schema[] => [
  schema,
  ...((schema.allOf ?? []) as Schema[]).flatMap(branches),
  ...((schema.oneOf ?? []) as Schema[]).flatMap(branches),
  ...((schema.anyOf ?? []) as Schema[]).flatMap(branches),
];

function typesOf(schema: Schema): Set<string> {
  const types = new Set<string>();
  for (const branch of branches(schema)) for (const t of [branch.type ?? []].flat()) types.add(String(t));
  return types;
}

/** The schema of property `name`, looked up through allOf/oneOf/anyOf (several matches are combined). */
export function propertySchema(schema: SchemaObject | undefined, name: string): SchemaObject | undefined {
  if (!schema) return undefined;
  const found = branches(schema as Schema)
    .map((branch) => (branch.properties as Record<string, Schema> | undefined)?.[name])
    .filter((s): s is Schema => s !== undefined);
  if (found.length <= 1) return found[0];
  return { allOf: found } as SchemaObject;
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
