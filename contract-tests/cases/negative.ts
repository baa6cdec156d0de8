// Negative requests, one per documented constraint: each breaks exactly one rule of a request schema or a
// parameter (a missing required field, a wrong type, a value outside an enum, a bad format or pattern, a
// length or bound crossed) and must be answered 400. Pure: the same operation gives the same requests.
import { branches, type Schema } from '../../openapi/schema-walk';
import { examplesOf, jsonMedia, type Operation } from '../../openapi/spec';
import type { ParamValue } from './case';

export interface NegativeRequest {
  /** Stable and unique within the operation: `body.category_id wrong-type`. */
  key: string;
  /** What was broken, for people: `category_id: a string instead of an integer`. */
  title: string;
  /** The field broken in the body, if any: a link must not put a valid value back. */
  field?: string;
  body?: Record<string, unknown>;
  query: Record<string, string>;
  pathParams: Record<string, ParamValue>;
}

const typesOf = (schema: Schema): Set<string> => {
  const types = new Set<string>();
  for (const b of branches(schema)) for (const t of [b.type ?? []].flat()) types.add(String(t));
  // oneOf/anyOf alternatives (a decimal or null) are types of the property too.
  for (const alt of [...((schema.oneOf ?? []) as Schema[]), ...((schema.anyOf ?? []) as Schema[])])
    for (const t of typesOf(alt)) types.add(t);
  return types;
};
const first = <K extends keyof Schema>(schema: Schema, key: K): Schema[K] | undefined =>
  branches(schema).find((b) => b[key] !== undefined)?.[key];
const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** One broken value per constraint a schema documents, each with what it breaks. */
function brokenValues(schema: Schema): Array<{ kind: string; value: unknown; what: string }> {
  const types = typesOf(schema);
  const out: Array<{ kind: string; value: unknown; what: string }> = [];
  const numeric = types.has('integer') || types.has('number');
  if (types.has('string') && !numeric)
    out.push({ kind: 'wrong-type', value: 12345, what: 'a number instead of a string' });
  else if (numeric && !types.has('string'))
    out.push({
      kind: 'wrong-type',
      value: 'not-a-number',
      what: `a string instead of ${article(types.has('integer') ? 'integer' : 'number')}`,
    });
  else if (types.size > 0 && !types.has('boolean'))
    out.push({
      kind: 'wrong-type',
      value: true,
      what: `a boolean instead of ${[...types].filter((t) => t !== 'null').join(' or ')}`,
    });
  const enumeration = first(schema, 'enum') as unknown[] | undefined;
  if (enumeration) {
    const value = enumeration.some((v) => typeof v === 'number') ? 987654 : 'not-in-the-enum';
    out.push({ kind: 'enum', value, what: 'a value outside the enum' });
  }
  const format = first(schema, 'format');
  if (format === 'date' || format === 'date-time')
    out.push({ kind: 'format', value: 'not-a-date', what: `a value that is not a ${format}` });
  const pattern = first(schema, 'pattern') ?? alternativesPattern(schema);
  if (pattern) out.push({ kind: 'pattern', value: 'does not match', what: `a value that does not match ${pattern}` });
  const minLength = first(schema, 'minLength') as number | undefined;
  if (minLength !== undefined && minLength > 0)
    out.push({
      kind: 'min-length',
      value: 'x'.repeat(minLength - 1),
      what: `${minLength - 1} characters, below minLength ${minLength}`,
    });
  const maxLength = first(schema, 'maxLength') as number | undefined;
  if (maxLength !== undefined)
    out.push({
      kind: 'max-length',
      value: 'x'.repeat(maxLength + 1),
      what: `${maxLength + 1} characters, above maxLength ${maxLength}`,
    });
  const minimum = first(schema, 'minimum') as number | undefined;
  if (minimum !== undefined)
    out.push({ kind: 'minimum', value: minimum - 1, what: `${minimum - 1}, below the minimum ${minimum}` });
  const maximum = first(schema, 'maximum') as number | undefined;
  if (maximum !== undefined)
    out.push({ kind: 'maximum', value: maximum + 1, what: `${maximum + 1}, above the maximum ${maximum}` });
  return out;
}

/** A pattern inside oneOf/anyOf alternatives (a decimal or null), when every string alternative has one. */
function alternativesPattern(schema: Schema): string | undefined {
  for (const alt of [...((schema.oneOf ?? []) as Schema[]), ...((schema.anyOf ?? []) as Schema[])]) {
    const found = first(alt, 'pattern');
    if (found) return found;
  }
  return undefined;
}

function bodySchema(op: Operation): Schema | undefined {
  return jsonMedia(op.operation.requestBody as never)?.schema as Schema | undefined;
}

export function negativeRequests(op: Operation): NegativeRequest[] {
  const out: NegativeRequest[] = [];
  const schema = bodySchema(op);
  const example = examplesOf(jsonMedia(op.operation.requestBody as never))[0]?.value as
    | Record<string, unknown>
    | undefined;
  if (schema && example && typeof example === 'object') {
    const properties: Record<string, Schema> = {};
    for (const b of branches(schema)) Object.assign(properties, (b.properties ?? {}) as Record<string, Schema>);
    const required = new Set(branches(schema).flatMap((b) => (b.required ?? []) as string[]));
    for (const field of required) {
      const body = { ...example };
      delete body[field];
      out.push({
        key: `body.${field} missing`,
        title: `${field}: left out, though required`,
        field,
        body,
        query: {},
        pathParams: {},
      });
    }
    for (const [field, property] of Object.entries(properties)) {
      for (const broken of brokenValues(property)) {
        out.push({
          key: `body.${field} ${broken.kind}`,
          title: `${field}: ${broken.what}`,
          field,
          body: { ...example, [field]: broken.value },
          query: {},
          pathParams: {},
        });
      }
    }
  }
  for (const p of op.parameters.filter((p) => p.in === 'path' || p.in === 'query')) {
    for (const broken of brokenValues((p.schema ?? {}) as Schema)) {
      if (typeof broken.value !== 'string') continue; // a path or query value is text: only text can break it
      const where = `${p.in} parameter ${p.name}`;
      out.push({
        key: `${p.in}.${p.name} ${broken.kind}`,
        title: `${where}: ${broken.what}`,
        query: p.in === 'query' ? { [p.name]: broken.value } : {},
        pathParams: p.in === 'path' ? { [p.name]: { value: broken.value } } : {},
      });
    }
  }
  return out;
}
