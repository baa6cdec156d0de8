// The contract's own extensions that both products read: fields the docs call unique (`x-xtrakit-unique` on a
// request body property) and parameters that take a key read from an answer trimmed (`x-xtrakit-trim`).
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
