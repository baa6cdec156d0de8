// Stateful mode: the spec's `x-xtrakit-store` says which collection an operation reads or changes; the
// store answers with real records, wrapped in the envelope Prism produced from the spec's example.

import { examplesOf, jsonMedia, type LoadedSpec, type Operation, type SchemaObject } from '../openapi/document';
import { boundTimestamp, type RangeBound, rangeBounds } from '../openapi/extensions';
import { branches, declaredProperties, propertySchema, type Schema, takesNull } from '../openapi/schema-walk';
import { coerceToSchema } from './schema-coerce';
import {
  type Clock,
  type CollectionLayout,
  DEFAULT_LIMITS,
  Store,
  type StoredRecord,
  type StoreLimits,
  systemClock,
} from './store';
import type { WorldSeed } from './world';

export interface StatefulContext {
  store: Store;
  /** Record schema per collection, from the fetch (or create) response: what answers are coerced to. */
  recordSchemas: Record<string, SchemaObject | undefined>;
  /** The body fields each create and edit declares (`customers create`): anything else is dropped. */
  declaredFields: Record<string, Set<string>>;
  /**
   * Per collection, the fields its create declares that its record may hold as null: a new record shows each,
   * null where nothing was sent, as the docs' records do.
   */
  nullFields: Record<string, string[]>;
  /** The first example record of each collection: which of two allowed types the docs' samples use. */
  templates: Record<string, StoredRecord | undefined>;
  /** The most records one list answers (the newest). */
  listLimit: number;
  /**
   * Per collection, the list's equality filters: query parameter → record field (the spec's `x-xtrakit-filter`;
   * for a spec without it, every declared query parameter but the date bounds, matching the field of its name).
   * A query parameter the list does not declare filters nothing.
   */
  filters: Record<string, Map<string, string>>;
  /** Per collection, the list's date-range bounds (`x-xtrakit-range`): query parameter → field and end. */
  ranges: Record<string, RangeBound[]>;
  /**
   * Per collection, per record key, the rows its fetch answers beside the record that no collection holds (a
   * sale's `sales-item`): the spec's example records' own, or a generated world's.
   */
  attachments: Record<string, Map<string, Record<string, unknown[]>>>;
  /** Per collection, the schema of each kind of row its fetch answers beside the record. */
  attachmentSchemas: Record<string, Record<string, SchemaObject | undefined>>;
}

/** Records a stateful list answers unless told otherwise: the newest, in creation order. */
export const DEFAULT_LIST_LIMIT = 100;

export type StatefulAnswer =
  | { kind: 'body'; status: number; body: unknown; headers?: Array<[string, string]> }
  /** A list: its envelope already serialized (each record's JSON made once per version of it). */
  | { kind: 'payload'; status: number; payload: string; headers: Array<[string, string]> }
  | { kind: 'no-content' }
  | { kind: 'full'; detail: string }
  | { kind: 'not-found' }
  | { kind: 'duplicate'; detail: string };

const successOf = (op: Operation) => Object.entries(op.responses).find(([code]) => code.startsWith('2'));

function wrapperSchema(op: Operation): SchemaObject | undefined {
  const schema = jsonMedia(successOf(op)?.[1])?.schema as SchemaObject | undefined;
  const data = propertySchema(schema as never, 'data');
  return op.store?.wrapper ? propertySchema(data, op.store.wrapper) : undefined;
}

export interface StatefulSettings {
  holdsSeed: boolean;
  clock: Clock;
  limits: StoreLimits;
  listLimit: number;
  /** Records (and rows beside them) to start from instead of the spec's examples: a generated world. */
  world: WorldSeed;
}

export function createStatefulContext(spec: LoadedSpec, settings: Partial<StatefulSettings> = {}): StatefulContext {
  const {
    holdsSeed = true,
    clock = systemClock,
    limits = { ...DEFAULT_LIMITS, atBound: 'refuse' },
    listLimit = DEFAULT_LIST_LIMIT,
    world,
  } = settings;
  const layout: Record<string, CollectionLayout> = {};
  const recordSchemas: Record<string, SchemaObject | undefined> = {};
  const declaredFields: Record<string, Set<string>> = {};
  const bound = spec.operations.filter((op) => op.store);
  const filters: Record<string, Map<string, string>> = {};
  const ranges: Record<string, RangeBound[]> = {};
  const attachments: StatefulContext['attachments'] = {};
  const attachmentSchemas: StatefulContext['attachmentSchemas'] = {};
  for (const op of bound.filter((o) => o.store?.action === 'list')) {
    const query = op.parameters.filter((p) => p.in === 'query');
    const marked = query.flatMap((p) => {
      const field = ((p as unknown as Record<string, unknown>)['x-xtrakit-filter'] as { field?: string } | undefined)
        ?.field;
      return field ? [[p.name, field] as [string, string]] : [];
    });
    const unmarked = query
      .filter((p) => !DATE_RANGE_FILTERS.has(p.name))
      .map((p) => [p.name, p.name] as [string, string]);
    const collection = (op.store as NonNullable<Operation['store']>).collection;
    filters[collection] = new Map(marked.length > 0 ? marked : unmarked);
    ranges[collection] = rangeBounds(op);
  }
  for (const op of bound) {
    const { collection, action } = op.store as NonNullable<Operation['store']>;
    const input = jsonMedia(op.operation.requestBody as never)?.schema as Schema | undefined;
    if (input) {
      declaredFields[`${collection} ${action}`] = new Set(declaredProperties(input));
    }
    const entry = layout[collection] ?? { keyField: 'id', seed: [] };
    layout[collection] = entry;
    const keyParam = op.parameters.find((p) => p.in === 'path')?.name;
    if (keyParam) entry.keyField = keyParam;
    if (action === 'fetch' || (action === 'create' && !recordSchemas[collection])) {
      recordSchemas[collection] = wrapperSchema(op);
    }
  }
  // Seeds: every record the list, fetch and create examples show, deduplicated by key. A client that
  // follows a create example's id (as the static mock answers it) finds that record.
  for (const op of bound) {
    const { collection, action, wrapper } = op.store as NonNullable<Operation['store']>;
    if ((action !== 'list' && action !== 'fetch' && action !== 'create') || !wrapper) continue;
    const entry = layout[collection] as CollectionLayout;
    for (const example of examplesOf(jsonMedia(successOf(op)?.[1]))) {
      const value = (example.value as { data?: Record<string, unknown> } | undefined)?.data?.[wrapper];
      for (const record of [value ?? []].flat() as StoredRecord[]) {
        const key = String(record[entry.keyField]).trim();
        if (!entry.seed.some((r) => String(r[entry.keyField]).trim() === key)) entry.seed.push(record);
      }
    }
  }
  for (const op of bound.filter((o) => o.store?.action === 'fetch')) {
    const { collection, wrapper, related = {} } = op.store as NonNullable<Operation['store']>;
    const keyField = (layout[collection] as CollectionLayout).keyField;
    const data = propertySchema(jsonMedia(successOf(op)?.[1])?.schema as SchemaObject | undefined, 'data');
    const byKey = attachments[collection] ?? new Map<string, Record<string, unknown[]>>();
    attachments[collection] = byKey;
    for (const example of examplesOf(jsonMedia(successOf(op)?.[1]))) {
      const shown = (example.value as { data?: Record<string, unknown> } | undefined)?.data ?? {};
      const record = wrapper ? (shown[wrapper] as StoredRecord | undefined) : undefined;
      if (!record || typeof record !== 'object' || record[keyField] === undefined) continue;
      const rows: Record<string, unknown[]> = {};
      for (const [member, value] of Object.entries(shown)) {
        if (member === wrapper || member in related || !Array.isArray(value)) continue;
        rows[member] = value;
        const items = propertySchema(data, member) as Schema | undefined;
        attachmentSchemas[collection] = {
          ...attachmentSchemas[collection],
          [member]: items ? (branches(items).find((b) => b.items)?.items as SchemaObject | undefined) : undefined,
        };
      }
      byKey.set(String(record[keyField]).trim(), rows);
    }
  }
  const templates = Object.fromEntries(Object.entries(layout).map(([name, entry]) => [name, entry.seed[0]]));
  const nullFields = Object.fromEntries(
    Object.entries(recordSchemas).map(([name, schema]) => [
      name,
      declaredProperties(schema as Schema | undefined).filter(
        (field) =>
          declaredFields[`${name} create`]?.has(field) &&
          takesNull(propertySchema(schema, field) as Schema | undefined),
      ),
    ]),
  );
  if (world) {
    // A generated world replaces the examples' records; the examples still give each collection its shape.
    for (const [name, entry] of Object.entries(layout)) entry.seed = world.records[name] ?? [];
    for (const name of Object.keys(attachments)) attachments[name] = world.attachments[name] ?? new Map();
  }
  return {
    store: new Store(layout, holdsSeed, clock, limits),
    recordSchemas,
    declaredFields,
    nullFields,
    templates,
    listLimit,
    filters,
    ranges,
    attachments,
    attachmentSchemas,
  };
}

/**
 * What a create or edit stores: only the fields the operation declares (a body cannot set `id` or invent
 * columns), in the record's documented types, and where the schema allows two types, the one the docs' samples
 * use (a sale's invoice_code is a number and its customer_id a string, as in every sample).
 */
function storable(context: StatefulContext, collection: string, action: string, body: unknown): StoredRecord {
  const declared = context.declaredFields[`${collection} ${action}`];
  const input = Object.fromEntries(
    Object.entries((body ?? {}) as StoredRecord).filter(([field]) => declared?.has(field) ?? false),
  );
  const typed = coerceToSchema(input, context.recordSchemas[collection]) as StoredRecord;
  if (action === 'create') {
    // A new record shows every field the record declares, null where nothing was sent, as the docs' records do.
    for (const field of context.nullFields[collection] ?? []) if (!(field in typed)) typed[field] = null;
  }
  const template = context.templates[collection];
  if (!template) return typed;
  for (const [field, value] of Object.entries(typed)) {
    const sample = template[field];
    if (typeof sample === 'number' && typeof value === 'string' && /^\d+$/.test(value.trim()))
      typed[field] = Number(value);
    if (typeof sample === 'string' && typeof value === 'number' && Number.isInteger(value))
      typed[field] = String(value);
  }
  return typed;
}

/** Where the records go in a serialized envelope: no example or message can hold this text. */
const MARK = '\u0000xtrakit-records\u0000';
const SERIALIZED_MARK = JSON.stringify(MARK);

/** The envelope serialized with `json` (records' JSON, already made) as its data's `wrapper` member. */
function spliced(envelope: { data: Record<string, unknown> }, wrapper: string, json: string): string {
  envelope.data[wrapper] = MARK;
  return JSON.stringify(envelope).replace(SERIALIZED_MARK, () => json);
}

const DATE_RANGE_FILTERS = new Set(['created_at', 'updated_at', 'due_date']);

export function answerStatefully(
  context: StatefulContext,
  store: NonNullable<Operation['store']>,
  key: string | undefined,
  query: Record<string, string | string[]>,
  body: unknown,
  prismBody: unknown,
  /** The success status Prism chose (a create answers 200 unless 201 is asked for). */
  status = 200,
  /**
   * false: the records are read-only (the examples or the world of a mock that is not stateful): an edit answers
   * the record as edited without keeping it, a delete answers 204 for a record that exists.
   */
  writes = true,
): StatefulAnswer {
  const { collection, action, wrapper } = store;
  const schema = context.recordSchemas[collection];
  // A record's JSON in its schema's types: made once per version of the record, for every answer that shows it.
  const view = (r: StoredRecord) => JSON.stringify(coerceToSchema(r, schema));
  // Only the envelope's message and data's members are replaced: a shallow copy leaves Prism's answer as it was.
  const given = (prismBody ?? {}) as { message?: string; data?: Record<string, unknown> };
  const envelope = { ...given, data: { ...given.data } };
  const data = envelope.data;

  switch (action) {
    case 'list': {
      const filters: Record<string, string> = {};
      for (const [name, value] of Object.entries(query)) {
        const field = context.filters[collection]?.get(name);
        if (field !== undefined) filters[field] = String([value].flat()[0]).trim();
      }
      // Date ranges (`x-xtrakit-range`): each bound given narrows the records' field, both ends included.
      const bounds: Array<{ field: string; from?: string; to?: string }> = [];
      for (const { param, field, bound } of context.ranges[collection] ?? []) {
        const given = query[param];
        if (given === undefined) continue;
        const at = boundTimestamp(String([given].flat()[0]), bound);
        if (at !== undefined) bounds.push({ field, [bound]: at });
      }
      // The newest records, at most listLimit: an answer's size and cost do not grow with the store. Each
      // record's JSON (in its schema's types) is made once per version of it, and the list spliced from them.
      const { records, truncated } = context.store.list(collection, filters, context.listLimit, view, bounds);
      if (envelope.message) envelope.message = envelope.message.replace(/(found: )\d+$/, `$1${records.length}`);
      const headers: Array<[string, string]> = truncated ? [['x-xtrakit-list-truncated', String(records.length)]] : [];
      if (!wrapper) return { kind: 'body', status: 200, body: envelope, headers };
      return { kind: 'payload', status: 200, payload: spliced(envelope, wrapper, `[${records.join(',')}]`), headers };
    }
    case 'fetch': {
      const record = key === undefined ? undefined : context.store.get(collection, key);
      if (!record || key === undefined) return { kind: 'not-found' };
      for (const [name, { collection: other, field }] of Object.entries(store.related ?? {})) {
        // A customer's group comes from the store, found by the customer's customer_group_id.
        const related =
          record[field] === undefined || record[field] === null
            ? undefined
            : context.store.get(other, String(record[field]));
        data[name] = related ? [coerceToSchema(related, context.recordSchemas[other])] : [];
      }
      // Rows no collection holds (a sale's line items): the record's own (the example's or the world's), else none.
      const rows = context.attachments[collection]?.get(key.trim());
      for (const other of Object.keys(data)) {
        if (other !== wrapper && !store.related?.[other] && Array.isArray(data[other])) {
          data[other] = rows?.[other] ?? [];
        }
      }
      return answerWith(context, collection, key, wrapper, envelope, 200, view);
    }
    case 'create': {
      const created = context.store.create(collection, storable(context, collection, action, body));
      if (!created.ok) {
        return 'full' in created
          ? { kind: 'full', detail: created.full }
          : { kind: 'duplicate', detail: created.duplicate };
      }
      const keyField = context.store.keyFieldOf(collection);
      return answerWith(context, collection, String(created.record[keyField]), wrapper, envelope, status, view);
    }
    case 'edit': {
      if (!writes) {
        const edited =
          key === undefined
            ? undefined
            : context.store.edited(collection, key, storable(context, collection, action, body));
        if (!edited) return { kind: 'not-found' };
        if (!wrapper) return { kind: 'body', status: 200, body: envelope };
        return { kind: 'payload', status: 200, payload: spliced(envelope, wrapper, view(edited)), headers: [] };
      }
      const updated =
        key === undefined
          ? undefined
          : context.store.update(collection, key, storable(context, collection, action, body));
      if (!updated) return { kind: 'not-found' };
      if (!updated.ok) return { kind: 'full', detail: 'full' in updated ? updated.full : updated.duplicate };
      return answerWith(context, collection, key as string, wrapper, envelope, 200, view);
    }
    case 'delete':
      if (!writes) {
        return key !== undefined && context.store.get(collection, key) ? { kind: 'no-content' } : { kind: 'not-found' };
      }
      return key !== undefined && context.store.remove(collection, key)
        ? { kind: 'no-content' }
        : { kind: 'not-found' };
  }
}

/** One record's answer: the envelope with the record's JSON (made once per version of it) as its wrapper member. */
function answerWith(
  context: StatefulContext,
  collection: string,
  key: string,
  wrapper: string | undefined,
  envelope: { data: Record<string, unknown> },
  status: number,
  view: (record: StoredRecord) => string,
): StatefulAnswer {
  const json = wrapper === undefined ? undefined : context.store.viewOf(collection, key, view);
  if (wrapper === undefined || json === undefined) return { kind: 'body', status, body: envelope };
  return { kind: 'payload', status, payload: spliced(envelope, wrapper, json), headers: [] };
}
