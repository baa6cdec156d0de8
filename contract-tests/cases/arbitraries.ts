// JSON Schema → fast-check arbitraries, over the schema features the contract uses: types (and lists of types),
// enum, const, pattern, format date, oneOf/anyOf/allOf, properties and required, lengths and bounds. Strings
// where no length is documented mix accents, CJK, emoji, right-to-left text and strings of 1 KiB and more.
import fc from 'fast-check';
import { branches, type Schema } from '../../openapi/schema-walk';

const SAMPLES = ['Crème brûlée', '東京の顧客', 'Ünïcödé ✓', '🎉🚀 Party', 'مرحبا بالعالم', 'שלום', "Zoë O'Brien", ''];

function text(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength as number | undefined;
  const maxLength = schema.maxLength as number | undefined;
  if (minLength !== undefined || maxLength !== undefined) {
    // At and near the documented lengths.
    const lengths = [
      minLength,
      maxLength,
      minLength === undefined ? undefined : minLength + 1,
      maxLength === undefined ? undefined : maxLength - 1,
    ].filter(
      (n): n is number => n !== undefined && n >= (minLength ?? 0) && n <= (maxLength ?? Number.MAX_SAFE_INTEGER),
    );
    return fc.oneof(
      fc.string({ unit: 'grapheme', minLength: minLength ?? 0, ...(maxLength === undefined ? {} : { maxLength }) }),
      fc.constantFrom(...lengths).chain((n) => fc.string({ unit: 'grapheme-ascii', minLength: n, maxLength: n })),
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.constantFrom(...SAMPLES) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1024, maxLength: 1500 }) },
  );
}

const day = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function number(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = (schema.minimum as number | undefined) ?? (integer ? -2_147_483_648 : -1e8);
  const max = (schema.maximum as number | undefined) ?? (integer ? 2_147_483_647 : 1e8);
  // Boundary numbers first: 0, the bounds, and next to them.
  const bounds = [0, min, max, min + 1, max - 1].filter((n) => n >= min && n <= max);
  return integer
    ? fc.oneof(fc.constantFrom(...bounds), fc.integer({ min, max }))
    : fc.oneof(
        fc.constantFrom(...bounds),
        fc.integer({ min: Math.ceil(min * 100), max: Math.floor(max * 100) }).map((n) => n / 100),
      );
}

/** An arbitrary of values valid against `schema`. */
export function arbitraryFor(schema: Schema | undefined): fc.Arbitrary<unknown> {
  if (!schema) return fc.constant(null);
  const all = branches(schema);
  const find = <K extends string>(key: K) => all.find((b) => b[key] !== undefined)?.[key];
  if (find('const') !== undefined) return fc.constant(find('const'));
  const enumeration = find('enum') as unknown[] | undefined;
  if (enumeration) return fc.constantFrom(...enumeration);
  const alternatives = [...((schema.oneOf ?? []) as Schema[]), ...((schema.anyOf ?? []) as Schema[])];
  if (alternatives.length > 0) return fc.oneof(...alternatives.map((alt) => arbitraryFor(alt)));
  const merged = Object.assign({}, ...all) as Schema;
  const types = [...new Set(all.flatMap((b) => [b.type ?? []].flat().map(String)))];
  const options = (types.length > 0 ? types : ['string']).map((type) => arbitraryOfType(type, merged));
  return options.length === 1 ? (options[0] as fc.Arbitrary<unknown>) : fc.oneof(...options);
}

function arbitraryOfType(type: string, schema: Schema): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string': {
      if (schema.format === 'date') return day;
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
      return text(schema);
    }
    case 'integer':
      return number(schema, true);
    case 'number':
      return number(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryFor(schema.items as Schema | undefined), { maxLength: 3 });
    default:
      return objectOf(schema);
  }
}

/** An object with every required property and each optional one present or absent. */
export function objectOf(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const all = branches(schema);
  const properties: Record<string, Schema> = {};
  for (const b of all) Object.assign(properties, (b.properties ?? {}) as Record<string, Schema>);
  const required = [...new Set(all.flatMap((b) => (b.required ?? []) as string[]))].filter((k) => k in properties);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) model[name] = arbitraryFor(property);
  return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
}
