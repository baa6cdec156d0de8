// The stateful mode's memory: records per collection, seeded from the spec's examples, bounded in records and in
// bytes. Every operation is synchronous, so concurrent requests cannot interleave inside one change.

export type StoredRecord = Record<string, unknown>;

export interface CollectionLayout {
  /** The field that addresses a record in paths: `id`, `item_code` or `invoice_code`. */
  keyField: string;
  seed: StoredRecord[];
}

/** How much one collection may hold, and what happens at the bound. */
export interface StoreLimits {
  /** Records per collection (the seed included). */
  maxRecords: number;
  /** Bytes per collection: the sum of its records' JSON, in UTF-8 (the seed included). */
  maxBytes: number;
  /**
   * At the bound: `refuse` answers the write that would cross it (the stateful store: nothing a client wrote is
   * lost behind its back); `evict` forgets the oldest records until the new one fits (the static mode's session
   * store, a convenience for create-then-fetch), calling `onEvict` for each.
   */
  atBound: 'refuse' | 'evict';
  onEvict?: (collection: string, key: string, reason: string) => void;
}

export const DEFAULT_LIMITS: Pick<StoreLimits, 'maxRecords' | 'maxBytes'> = {
  maxRecords: 10_000,
  maxBytes: 16 * 1024 * 1024,
};

export type WriteResult =
  | { ok: true; record: StoredRecord }
  | { ok: false; duplicate: string }
  | { ok: false; full: string };

const normaliseKey = (value: unknown): string => String(value).trim();

function timestamp(date: Date): string {
  // XtraKit's format: "YYYY-MM-DD HH:mm:ss", no timezone (UTC here).
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Where a store's timestamps come from: the wall clock unless a test (or a host) injects its own. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

const encoder = new TextEncoder();
const sizeOf = (record: StoredRecord): number => encoder.encode(JSON.stringify(record)).length;

interface Entry {
  key: string;
  record: StoredRecord;
  bytes: number;
  /** Its place in `Collection.order`. */
  slot: number;
  /** The answer's view of the record (coerced to its schema), made once per version of the record. */
  view?: unknown;
}

/**
 * One collection: a map by key, and the entries in creation order (deleted ones leave a hole until the next
 * compaction), so a list walks back from the newest and stops after as many records as it answers.
 */
class Collection {
  readonly byKey = new Map<string, Entry>();
  private order: Array<Entry | undefined> = [];
  private holes = 0;
  /** No entry before this slot: every slot before it is a hole. */
  private head = 0;
  bytes = 0;

  get size(): number {
    return this.byKey.size;
  }

  add(key: string, record: StoredRecord, bytes = sizeOf(record)): Entry {
    const entry: Entry = { key, record, bytes, slot: this.order.length };
    this.byKey.set(key, entry);
    this.order.push(entry);
    this.bytes += bytes;
    return entry;
  }

  replace(entry: Entry, record: StoredRecord, bytes: number): void {
    this.bytes += bytes - entry.bytes;
    entry.record = record;
    entry.bytes = bytes;
    delete entry.view;
  }

  remove(key: string): boolean {
    const entry = this.byKey.get(key);
    if (!entry) return false;
    this.byKey.delete(key);
    this.order[entry.slot] = undefined;
    this.bytes -= entry.bytes;
    this.holes += 1;
    if (this.holes > 64 && this.holes * 2 > this.order.length) this.compact();
    return true;
  }

  oldest(): Entry | undefined {
    // Holes before `head` are skipped once: evicting the oldest again and again costs nothing per record.
    while (this.head < this.order.length && this.order[this.head] === undefined) this.head += 1;
    return this.order[this.head];
  }

  newest(limit: number, matches: (record: StoredRecord) => boolean): { entries: Entry[]; truncated: boolean } {
    const entries: Entry[] = [];
    for (let i = this.order.length - 1; i >= 0; i--) {
      const entry = this.order[i];
      if (!entry || !matches(entry.record)) continue;
      if (entries.length === limit) return { entries: entries.reverse(), truncated: true };
      entries.push(entry);
    }
    return { entries: entries.reverse(), truncated: false };
  }

  private compact(): void {
    this.order = this.order.filter((e): e is Entry => e !== undefined);
    this.head = 0;
    this.order.forEach((entry, slot) => {
      (entry as Entry).slot = slot;
    });
    this.holes = 0;
  }
}

export class Store {
  private readonly collections = new Map<string, Collection>();
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
    readonly limits: StoreLimits = { ...DEFAULT_LIMITS, atBound: 'refuse' },
  ) {
    this.reset();
  }

  reset(): void {
    this.collections.clear();
    this.nextId.clear();
    this.seeded.clear();
    this.codeCounter = 0;
    for (const [name, { keyField, seed }] of Object.entries(this.layout)) {
      const collection = new Collection();
      if (this.holdsSeed) {
        for (const record of seed) {
          const key = normaliseKey(record[keyField]);
          if (!collection.byKey.has(key)) collection.add(key, structuredClone(record));
        }
      }
      this.collections.set(name, collection);
      this.seeded.set(name, new Set(collection.byKey.keys()));
      const ids = seed.map((r) => Number(r.id)).filter(Number.isInteger);
      this.nextId.set(name, Math.max(0, ...ids) + 1);
    }
  }

  keyFieldOf(collection: string): string {
    return this.layoutOf(collection).keyField;
  }

  /** Records and bytes a collection holds now. */
  usage(collection: string): { records: number; bytes: number } {
    const c = this.collection(collection);
    return { records: c.size, bytes: c.bytes };
  }

  /** The same for every collection, by name. */
  usageByCollection(): Record<string, { records: number; bytes: number }> {
    return Object.fromEntries([...this.collections.keys()].map((name) => [name, this.usage(name)]));
  }

  /**
   * The newest records whose fields equal every filter (a record without the field does not match) and fall in
   * every date range, at most
   * `limit` of them, oldest first, each as `view` makes it (made once per version of a record, then kept). Its
   * cost grows with `limit`, not with the store, unless few records match.
   */
  list(
    collection: string,
    filters: Record<string, string> = {},
    limit = Number.POSITIVE_INFINITY,
    view?: (record: StoredRecord) => unknown,
    /** Date ranges: a record's field (a "YYYY-MM-DD HH:mm:ss" timestamp) within `from` and `to`, both included. */
    ranges: Array<{ field: string; from?: string; to?: string }> = [],
  ): { records: unknown[]; truncated: boolean } {
    const active = Object.entries(filters);
    const within = (r: StoredRecord) =>
      ranges.every(({ field, from, to }) => {
        const value = r[field];
        if (typeof value !== 'string') return false;
        return (from === undefined || value >= from) && (to === undefined || value <= to);
      });
    const matches = (r: StoredRecord) =>
      active.every(([field, want]) => r[field] !== undefined && r[field] !== null && normaliseKey(r[field]) === want) &&
      within(r);
    const { entries, truncated } = this.collection(collection).newest(limit, matches);
    const records = entries.map((entry) => {
      if (!view) return entry.record;
      if (!('view' in entry)) entry.view = view(entry.record);
      return entry.view;
    });
    return { records, truncated };
  }

  /** A record as `view` makes it, made once per version of the record (as `list` makes them). */
  viewOf<T>(collection: string, key: string, view: (record: StoredRecord) => T): T | undefined {
    const entry = this.collections.get(collection)?.byKey.get(normaliseKey(key));
    if (!entry) return undefined;
    if (!('view' in entry)) entry.view = view(entry.record);
    return entry.view as T;
  }

  get(collection: string, key: string): StoredRecord | undefined {
    return this.collections.get(collection)?.byKey.get(normaliseKey(key))?.record;
  }

  isSeed(collection: string, key: string): boolean {
    return this.seeded.get(collection)?.has(normaliseKey(key)) ?? false;
  }

  create(collection: string, input: StoredRecord): WriteResult {
    const c = this.collection(collection);
    const { keyField } = this.layoutOf(collection);
    const id = this.nextId.get(collection) ?? 1;
    let key: string;
    if (keyField === 'id') key = String(id);
    else if (input[keyField] !== undefined) key = normaliseKey(input[keyField]);
    else key = this.newCode();
    if (c.byKey.has(key)) return { ok: false, duplicate: `${keyField} ${key}` };
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
    const bytes = sizeOf(record);
    const room = this.makeRoom(collection, c, 1, bytes);
    if (room) return { ok: false, full: room };
    this.nextId.set(collection, id + 1);
    c.add(key, record, bytes);
    return { ok: true, record };
  }

  /**
   * The record of `key` as `input` would edit it, without keeping it (read-only records answer an edit so);
   * undefined when no record has the key. The key and the id stay what they were: editing does not move a record.
   */
  edited(collection: string, key: string, input: StoredRecord): StoredRecord | undefined {
    const current = this.collections.get(collection)?.byKey.get(normaliseKey(key))?.record;
    if (!current) return undefined;
    const { keyField } = this.layoutOf(collection);
    return { ...current, ...input, id: current.id, [keyField]: current[keyField], updated_at: timestamp(this.clock()) };
  }

  /** undefined: no record has the key. */
  update(collection: string, key: string, input: StoredRecord): WriteResult | undefined {
    const c = this.collection(collection);
    const entry = c.byKey.get(normaliseKey(key));
    const record = entry ? this.edited(collection, key, input) : undefined;
    if (!entry || !record) return undefined;
    const bytes = sizeOf(record);
    if (c.bytes - entry.bytes + bytes > this.limits.maxBytes) {
      // An edit never evicts (it would evict the record itself, or another the client still holds).
      return { ok: false, full: this.describeBytes(collection, c.bytes - entry.bytes + bytes) };
    }
    c.replace(entry, record, bytes);
    return { ok: true, record };
  }

  remove(collection: string, key: string): boolean {
    return this.collection(collection).remove(normaliseKey(key));
  }

  /** Undefined when `records` more records of `bytes` fit (after evicting, in an evicting store); else why not. */
  private makeRoom(name: string, c: Collection, records: number, bytes: number): string | undefined {
    const { maxRecords, maxBytes, atBound, onEvict } = this.limits;
    if (bytes > maxBytes) return this.describeBytes(name, bytes);
    const over = () => c.size + records > maxRecords || c.bytes + bytes > maxBytes;
    if (!over()) return undefined;
    if (atBound === 'refuse') {
      return c.size + records > maxRecords
        ? `${name} holds ${c.size} records, the most it may (--max-records ${maxRecords})`
        : this.describeBytes(name, c.bytes + bytes);
    }
    while (over()) {
      const oldest = c.oldest();
      if (!oldest) break;
      const reason = c.size + records > maxRecords ? `${maxRecords} records` : `${maxBytes} bytes`;
      c.remove(oldest.key);
      onEvict?.(name, oldest.key, reason);
    }
    return undefined;
  }

  private describeBytes(name: string, bytes: number): string {
    const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
    return `${name} would hold ${mib(bytes)}, more than it may (--max-store-mib ${this.limits.maxBytes / 1024 / 1024})`;
  }

  private collection(name: string): Collection {
    const c = this.collections.get(name);
    if (!c) throw new Error(`unknown collection ${name}`);
    return c;
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
