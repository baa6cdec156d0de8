// The stateful mode's memory: one map of records per collection, seeded from the spec's examples.
// Every operation is synchronous, so concurrent requests cannot interleave inside one change.

export type StoredRecord = Record<string, unknown>;

export interface CollectionLayout {
  /** The field that addresses a record in paths: `id`, `item_code` or `invoice_code`. */
  keyField: string;
  seed: StoredRecord[];
}

export type CreateResult = { ok: true; record: StoredRecord } | { ok: false; duplicate: string };

const normaliseKey = (value: unknown): string => String(value).trim();

function timestamp(date: Date): string {
  // XtraKit's format: "YYYY-MM-DD HH:mm:ss", no timezone (UTC here).
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Where a store's timestamps come from: the wall clock unless a test (or a host) injects its own. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** Records a session store keeps per collection before it forgets the oldest. */
export const SESSION_RECORDS = 1000;

export class Store {
  private readonly records = new Map<string, Map<string, StoredRecord>>();
  private readonly nextId = new Map<string, number>();
  private readonly seeded = new Map<string, Set<string>>();
  private codeCounter = 0;

  /**
   * `holdsSeed: false`: a store that starts empty but numbers its records after the seed's ids (the static mode's
   * session records, which must never take an example record's id).
   */
  constructor(
    private readonly layout: Record<string, CollectionLayout>,
    private readonly holdsSeed = true,
    private readonly clock: Clock = systemClock,
  ) {
    this.reset();
  }

  reset(): void {
    this.records.clear();
    this.nextId.clear();
    this.seeded.clear();
    this.codeCounter = 0;
    for (const [collection, { keyField, seed }] of Object.entries(this.layout)) {
      const map = new Map<string, StoredRecord>();
      if (this.holdsSeed) for (const record of seed) map.set(normaliseKey(record[keyField]), structuredClone(record));
      this.records.set(collection, map);
      this.seeded.set(collection, new Set(map.keys()));
      const ids = seed.map((r) => Number(r.id)).filter(Number.isInteger);
      this.nextId.set(collection, Math.max(0, ...ids) + 1);
    }
  }

  keyFieldOf(collection: string): string {
    return this.layoutOf(collection).keyField;
  }

  collections(): string[] {
    return [...this.records.keys()];
  }

  list(collection: string, filters: Record<string, string> = {}): StoredRecord[] {
    const all = [...(this.records.get(collection)?.values() ?? [])];
    const active = Object.entries(filters);
    return all.filter((r) =>
      active.every(([field, want]) => r[field] === undefined || normaliseKey(r[field]) === want),
    );
  }

  get(collection: string, key: string): StoredRecord | undefined {
    return this.records.get(collection)?.get(normaliseKey(key));
  }

  isSeed(collection: string, key: string): boolean {
    return this.seeded.get(collection)?.has(normaliseKey(key)) ?? false;
  }

  create(collection: string, input: StoredRecord): CreateResult {
    const map = this.collection(collection);
    const { keyField } = this.layoutOf(collection);
    const id = this.nextId.get(collection) ?? 1;
    let key: string;
    if (keyField === 'id') key = String(id);
    else if (input[keyField] !== undefined) key = normaliseKey(input[keyField]);
    else key = this.newCode();
    if (map.has(key)) return { ok: false, duplicate: `${keyField} ${key}` };
    // A session store (static mode) keeps the newest records only: a long-running mock's memory stays bounded.
    if (!this.holdsSeed && map.size >= SESSION_RECORDS) map.delete(map.keys().next().value as string);
    this.nextId.set(collection, id + 1);
    const now = timestamp(this.clock());
    // The store makes the id (and the key, unless the client chooses it, as a sale's invoice_code): a body's
    // own `id` never wins.
    const record: StoredRecord = {
      ...input,
      id,
      [keyField]: keyField === 'id' ? id : (input[keyField] ?? key),
      created_at: now,
      updated_at: now,
    };
    map.set(key, record);
    return { ok: true, record };
  }

  update(collection: string, key: string, input: StoredRecord): StoredRecord | undefined {
    const map = this.collection(collection);
    const current = map.get(normaliseKey(key));
    if (!current) return undefined;
    const { keyField } = this.layoutOf(collection);
    // The key and the id stay what they were: a record is not moved by editing it.
    const record = {
      ...current,
      ...input,
      id: current.id,
      [keyField]: current[keyField],
      updated_at: timestamp(this.clock()),
    };
    map.set(normaliseKey(key), record);
    return record;
  }

  remove(collection: string, key: string): boolean {
    return this.collection(collection).delete(normaliseKey(key));
  }

  private collection(name: string): Map<string, StoredRecord> {
    const map = this.records.get(name);
    if (!map) throw new Error(`unknown collection ${name}`);
    return map;
  }

  private layoutOf(name: string): CollectionLayout {
    const layout = this.layout[name];
    if (!layout) throw new Error(`unknown collection ${name}`);
    return layout;
  }

  private newCode(): string {
    this.codeCounter += 1;
    return `XK${this.codeCounter.toString(36).padStart(6, '0')}`;
  }
}
