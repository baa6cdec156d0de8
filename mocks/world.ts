// Dynamic mode's data: one world per seed. Every collection the spec binds to a store gets a handful of generated
// records, made from the docs' own record (the collection's first example, so every documented field is there)
// with every value its name hints at made up (realistic.ts), enums drawn, optional nullable fields sometimes null,
// keys unique, and every field that names another record (`x-xtrakit-prerequisites`) pointing at a record of that
// world. Rows a fetch answers beside its record (a sale's line items) are made for each record, naming it. Lists,
// fetches, edits and references then read one store, so what a list shows is what a fetch of its key answers.

import type { LoadedSpec } from '../openapi/document';
import { branches, declaredProperties, propertySchema, type Schema, takesNull } from '../openapi/schema-walk';
import { coherentAmounts, type Faker, realisticRecord, seededFaker } from './realistic';
import { coerceToSchema } from './schema-coerce';
import { type Reference, referencesByOperation } from './spec-facts';
import type { StatefulContext } from './stateful';
import type { StoredRecord } from './store';

export interface WorldSeed {
  /** Per collection, its records in creation order. */
  records: Record<string, StoredRecord[]>;
  /** Per collection, per record key, the rows its fetch answers beside it (`sales-item`). */
  attachments: Record<string, Map<string, Record<string, unknown[]>>>;
}

/** Records each collection of a world holds: a list a UI can page through, small enough to read in a test. */
export const WORLD_MIN_RECORDS = 3;
export const WORLD_MAX_RECORDS = 12;

/** Per collection, the fields that name a record of another collection (its create's and edit's references). */
export function referencesOf(spec: LoadedSpec): Record<string, Reference[]> {
  const byOperation = referencesByOperation(spec);
  const out: Record<string, Reference[]> = {};
  for (const op of spec.operations) {
    if (!op.store || (op.store.action !== 'create' && op.store.action !== 'edit')) continue;
    const list = out[op.store.collection] ?? [];
    for (const r of byOperation.get(op.operationId) ?? []) if (!list.some((x) => x.field === r.field)) list.push(r);
    out[op.store.collection] = list;
  }
  return out;
}

/** Collections ordered so that every collection comes after those its records name. */
function ordered(collections: string[], references: Record<string, Reference[]>): string[] {
  const done: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (done.includes(name) || path.includes(name)) return;
    for (const r of references[name] ?? [])
      if (collections.includes(r.collection)) visit(r.collection, [...path, name]);
    done.push(name);
  };
  for (const name of collections) visit(name, []);
  return done;
}

const enumOf = (schema: Schema | undefined): unknown[] =>
  schema ? branches(schema).flatMap((b) => ((b.enum ?? []) as unknown[]).filter((v) => v !== null)) : [];

const requiredOf = (schema: Schema | undefined): Set<string> =>
  new Set(schema ? branches(schema).flatMap((b) => (b.required ?? []) as string[]) : []);

/** A value in the type the docs' sample uses for the field (a sale's customer_id "42", an item's category_id 1). */
function likeSample(value: unknown, sample: unknown): unknown {
  if (typeof sample === 'string' && typeof value === 'number') return String(value);
  if (typeof sample === 'number' && typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return value;
}

/** One generated record: the template's fields made up, enums drawn, optional nullable fields sometimes null. */
function makeRecord(template: StoredRecord, schema: Schema | undefined, f: Faker): StoredRecord {
  const required = requiredOf(schema);
  const base: StoredRecord = { ...structuredClone(template) };
  for (const field of declaredProperties(schema)) {
    if (!(field in base) && takesNull(propertySchema(schema, field) as Schema)) base[field] = null;
  }
  const record = realisticRecord(base, schema, f);
  for (const field of Object.keys(record)) {
    const fieldSchema = propertySchema(schema, field) as Schema | undefined;
    const members = enumOf(fieldSchema);
    // A field that also takes free text beside its enum (a sale's payment_type: a method or a date) keeps its
    // value now and then.
    const alsoFree = fieldSchema !== undefined && branches(fieldSchema).some((b) => b.type === 'string' && !b.enum);
    if (members.length > 0 && !(alsoFree && f.datatype.number({ min: 0, max: 3 }) === 0)) {
      record[field] = f.helpers.arrayElement(members);
    }
    if (!required.has(field) && takesNull(fieldSchema) && f.datatype.number({ min: 0, max: 4 }) === 0) {
      record[field] = null;
    }
  }
  coherentAmounts(record);
  if (typeof record.created_at === 'string' && typeof record.updated_at === 'string') {
    if (record.updated_at < record.created_at) {
      [record.created_at, record.updated_at] = [record.updated_at, record.created_at];
    }
  }
  return record;
}

/** A key not yet taken: the hint's value, drawn again (then suffixed) while another record holds it. */
function uniqueKey(draw: () => unknown, taken: Set<string>): unknown {
  for (let attempt = 0; attempt < 20; attempt++) {
    const value = draw();
    if (!taken.has(String(value).trim())) return value;
  }
  let n = 1;
  const base = String(draw());
  while (taken.has(`${base}${n}`)) n += 1;
  return `${base}${n}`;
}

/**
 * The world of `seed`: what `examples` (the store seeded from the spec's examples) shows of each collection's
 * shape, generated anew. The same seed gives the same world.
 */
export function buildWorld(examples: StatefulContext, spec: LoadedSpec, seed: string): WorldSeed {
  const f = seededFaker(`world|${seed}`);
  const references = referencesOf(spec);
  const collections = Object.keys(examples.templates).filter((name) => examples.templates[name] !== undefined);
  const records: Record<string, StoredRecord[]> = {};
  const attachments: WorldSeed['attachments'] = {};
  for (const collection of ordered(collections, references)) {
    const template = examples.templates[collection] as StoredRecord;
    const schema = examples.recordSchemas[collection] as Schema | undefined;
    const keyField = examples.store.keyFieldOf(collection);
    // The docs' own records keep their keys (and ids), so every key the docs name answers in this world too.
    const docs = examples.store.list(collection).records as StoredRecord[];
    const count = Math.max(docs.length, f.datatype.number({ min: WORLD_MIN_RECORDS, max: WORLD_MAX_RECORDS }));
    const keys = new Set<string>();
    const ids = new Set(docs.map((r) => Number(r.id)).filter(Number.isInteger));
    let id = Math.max(0, ...ids);
    const made: StoredRecord[] = [];
    for (let i = 0; i < count; i++) {
      const record = makeRecord(template, schema, f);
      const own = docs[i];
      if (!own) id += f.datatype.number({ min: 1, max: 9 });
      if ('id' in template || keyField === 'id') record.id = own?.id ?? id;
      if (own) record[keyField] = own[keyField];
      else if (keyField !== 'id') {
        const drawn = () => realisticRecord({ [keyField]: template[keyField] }, schema, f)[keyField];
        record[keyField] = likeSample(uniqueKey(drawn, keys), template[keyField]);
      }
      keys.add(String(record[keyField]).trim());
      for (const { field, collection: other } of references[collection] ?? []) {
        const targets = records[other] ?? [];
        if (targets.length === 0 || !(field in record)) continue;
        if (record[field] === null) continue;
        const target = f.helpers.arrayElement(targets);
        record[field] = likeSample(target[examples.store.keyFieldOf(other)], template[field]);
      }
      made.push(coerceToSchema(record, schema) as StoredRecord);
    }
    records[collection] = made;
    attachments[collection] = attachmentsFor(examples, collection, made, keyField, f);
  }
  return { records, attachments };
}

/** For each record, 1 to 3 rows of each kind its example fetch shows beside it, each naming the record. */
function attachmentsFor(
  examples: StatefulContext,
  collection: string,
  made: StoredRecord[],
  keyField: string,
  f: Faker,
): Map<string, Record<string, unknown[]>> {
  const out = new Map<string, Record<string, unknown[]>>();
  const sample = examples.attachments[collection]?.values().next().value as Record<string, unknown[]> | undefined;
  if (!sample) return out;
  let rowId = f.datatype.number({ min: 1, max: 90 });
  for (const record of made) {
    const rows: Record<string, unknown[]> = {};
    for (const [member, shown] of Object.entries(sample)) {
      const rowTemplate = shown[0] as StoredRecord | undefined;
      if (!rowTemplate || typeof rowTemplate !== 'object') continue;
      const count = f.datatype.number({ min: 1, max: 3 });
      rows[member] = Array.from({ length: count }, () => {
        const row = realisticRecord(structuredClone(rowTemplate), examples.attachmentSchemas[collection]?.[member], f);
        rowId += f.datatype.number({ min: 1, max: 5 });
        if ('id' in row) row.id = rowId;
        // The row names its record as the record names itself (a line item's invoice_code and invoice_number).
        for (const field of Object.keys(row)) {
          if (field !== 'id' && field in record && (field === keyField || /_(code|number)$/.test(field))) {
            row[field] = likeSample(record[field], rowTemplate[field]);
          }
        }
        if (typeof row.created_at === 'string') row.created_at = record.created_at ?? row.created_at;
        if (typeof row.updated_at === 'string') row.updated_at = record.updated_at ?? row.updated_at;
        return row;
      });
    }
    out.set(String(record[keyField]).trim(), rows);
  }
  return out;
}
