// Reading into the contract's schemas, which nest through allOf/oneOf/anyOf (the envelope pattern).
import type { SchemaObject } from './document';

export type Schema = SchemaObject & Record<string, unknown>;

/** A schema and every schema it combines, depth first. */
export const branches = (schema: Schema): Schema[] => [
  schema,
  ...((schema.allOf ?? []) as Schema[]).flatMap(branches),
  ...((schema.oneOf ?? []) as Schema[]).flatMap(branches),
  ...((schema.anyOf ?? []) as Schema[]).flatMap(branches),
];

const memo = new WeakMap<object, Map<string, SchemaObject | undefined>>();

/**
 * The schema of property `name`, looked up through allOf/oneOf/anyOf (several matches are combined).
 * Memoised, so the same input gives the same object (validators compiled for it can be cached).
 */
export function propertySchema(schema: SchemaObject | undefined, name: string): SchemaObject | undefined {
  if (!schema) return undefined;
  let byName = memo.get(schema);
  if (!byName) {
    byName = new Map();
    memo.set(schema, byName);
  }
  if (!byName.has(name)) byName.set(name, findProperty(schema, name));
  return byName.get(name);
}

function findProperty(schema: SchemaObject, name: string): SchemaObject | undefined {
  const found = branches(schema as Schema)
    .map((branch) => (branch.properties as Record<string, Schema> | undefined)?.[name])
    .filter((s): s is Schema => s !== undefined);
  if (found.length <= 1) return found[0];
  return { allOf: found } as SchemaObject;
}

/** The property names a schema declares, through allOf/oneOf/anyOf, each once. */
export const declaredProperties = (schema: Schema | undefined): string[] => [
  ...new Set(schema ? branches(schema).flatMap((b) => Object.keys((b.properties as object | undefined) ?? {})) : []),
];

/** Whether a schema takes null (a type list with null, a null branch, or null among its enum). */
export const takesNull = (schema: Schema | undefined): boolean =>
  schema !== undefined &&
  branches(schema).some((b) => [b.type ?? []].flat().includes('null') || ((b.enum ?? []) as unknown[]).includes(null));
