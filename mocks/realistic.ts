// Dynamic mode's data, made usable by a UI: Prism's generator fills every field with a value its schema allows
// (timestamps such as "2048-11-71 40:15:91", negative ids, lorem-ipsum phones); this pass replaces the values
// it can name with realistic ones: real dates in the documented format, positive ids, money with two decimals,
// names, phones, e-mails and addresses. It knows XtraKit's field names (this product's own knowledge), keeps
// every value within its schema, and is seeded, so the same seed gives the same data.

import type { SchemaObject } from '../openapi/document';
import { branches, propertySchema, type Schema } from '../openapi/schema-walk';

type Faker = typeof import('@faker-js/faker/locale/en');

let fakerModule: Faker | undefined;
/** English only, loaded on first use: the default (static) mode never pays for it. */
const fakerEn = (): Faker => {
  fakerModule ??= require('@faker-js/faker/locale/en') as Faker;
  return fakerModule;
};

const pad = (n: number) => String(n).padStart(2, '0');
const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const timestamp = (d: Date) => `${day(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

type Hint = (f: Faker) => string | number;

const digits = (f: Faker, n: number) => String(f.datatype.number({ min: 10 ** (n - 1), max: 10 ** n - 1 }));
const money = (f: Faker) => f.commerce.price(1, 2000, 2);
const when = (f: Faker) => f.date.between('2023-01-01T00:00:00Z', '2025-12-31T23:59:59Z');

/** By field name, first match wins. Strings and numbers are converted to what the field's schema takes. */
const HINTS: Array<[RegExp, Hint]> = [
  [/_at$/, (f) => timestamp(when(f))],
  [/_date$/, (f) => day(when(f))],
  [/^user_id$/, (f) => f.datatype.uuid()],
  [/^(id|.*_id)$/, (f) => f.datatype.number({ min: 1, max: 9999 })],
  [/amount|price|cost|discount|tax/, money],
  [/^customer_name$/, (f) => f.name.findName()],
  [/^(created_by|issued_by)$/, (f) => f.name.firstName()],
  [/email/, (f) => f.internet.email().toLowerCase()],
  [/phone|whatsapp/, (f) => `+2332${digits(f, 8)}`],
  [/country/, (f) => f.address.country()],
  [/city/, (f) => f.address.city()],
  [/state/, (f) => f.address.state()],
  [/zip/, (f) => f.address.zipCode('#####')],
  [/^address1$/, (f) => f.address.streetAddress()],
  [/^address2$/, (f) => f.address.secondaryAddress()],
  [/profile|image|_url$/, (f) => `https://example.com/images/${digits(f, 6)}.jpg`],
  [/^group_name$/, (f) => `${f.commerce.department()} Customers`],
  [/^category_name$/, (f) => f.commerce.department()],
  [/^unit$/, (f) => f.helpers.arrayElement(['pcs', 'kg', 'liters', 'boxes'])],
  [/^invoice_type$/, (f) => f.helpers.arrayElement(['pos', 'invoice', 'main', 'order'])],
  [
    /^payment_type$/,
    (f) => f.helpers.arrayElement(['Cash', 'Mobile Money', 'Card Payment', 'Bank Transfer / Deposit']),
  ],
  [
    /^invoice_colour$/,
    (f) =>
      `#${f.random
        .alphaNumeric(6)
        .replace(/[^0-9a-f]/gi, '0')
        .toUpperCase()}`,
  ],
  [/^item_slug$/, (f) => `${f.commerce.product().toLowerCase()}-${digits(f, 4)}`],
  [
    /^item_location$/,
    (f) => `Warehouse ${f.helpers.arrayElement(['A', 'B', 'C'])}, shelf ${f.datatype.number({ min: 1, max: 40 })}`,
  ],
  [/^item_name$/, (f) => f.commerce.productName()],
  [
    /^(description|group_description|expense_description|invoice_note|invoice_terms|payment_internal_note|reminder_message)$/,
    (f) => f.company.catchPhrase(),
  ],
  [/^expense_type$/, (f) => f.helpers.arrayElement(['Office Supplies', 'Travel', 'Utilities', 'Rent', 'Marketing'])],
  [/^payment_method$/, (f) => f.helpers.arrayElement(['MOMO', 'Cash', 'Card', 'Bank Transfer'])],
  [/^invoice_number$/, (f) => `INV-${digits(f, 6)}`],
  [/^invoice_code$/, (f) => digits(f, 6)],
  [/^item_code$/, (f) => `J${f.random.alphaNumeric(7)}`],
  [/^sku$/, (f) => f.random.alphaNumeric(8).toUpperCase()],
  [/^barcode$/, (f) => digits(f, 9)],
  [/qty|quantity/, (f) => String(f.datatype.number({ min: 0, max: 500 }))],
  [/^business_code$/, (f) => digits(f, 8)],
];

function typesOf(schema: Schema | undefined): Set<string> {
  const types = new Set<string>();
  for (const b of schema ? branches(schema) : []) for (const t of [b.type ?? []].flat()) types.add(String(t));
  return types;
}

/** The hint's value in a type the field's schema takes, or undefined when it takes neither. */
function inFieldType(value: string | number, schema: Schema | undefined, current: unknown): unknown {
  const types = typesOf(schema);
  if (schema && branches(schema).some((b) => b.enum !== undefined || b.const !== undefined)) return undefined;
  const numeric = Number(value);
  if (typeof current === 'number' || (!types.has('string') && (types.has('number') || types.has('integer')))) {
    if (!Number.isFinite(numeric)) return undefined;
    if (types.has('integer') && !types.has('number')) return Number.isInteger(numeric) ? numeric : Math.round(numeric);
    if (types.has('number') || types.has('integer')) return numeric;
  }
  if (typeof current === 'string' || types.has('string')) return String(value);
  return undefined;
}

function fill(value: unknown, schema: Schema | undefined, field: string, f: Faker): unknown {
  if (Array.isArray(value)) {
    const items = schema ? (branches(schema).find((b) => b.items)?.items as Schema | undefined) : undefined;
    return value.map((v) => fill(v, items, field, f));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = fill(v, propertySchema(schema, key) as Schema, key, f);
    return out;
  }
  if (value === null || typeof value === 'boolean') return value;
  const hint = HINTS.find(([pattern]) => pattern.test(field))?.[1];
  if (!hint) return value;
  return inFieldType(hint(f), schema, value) ?? value;
}

/** One record made realistic: every field its name hints at replaced, in a type the field's schema takes. */
export function realisticRecord(record: Record<string, unknown>, schema: SchemaObject | undefined, f: Faker) {
  return fill(record, schema as Schema, '', f) as Record<string, unknown>;
}

/**
 * An invoice's amounts that add up, as XtraKit's own would: the total is the subtotal less the discount, and what was
 * paid follows the payment state (all when paid, part when partial, nothing for a draft). Written in the form the
 * record holds them ("100.00" or 100).
 */
export function coherentAmounts(record: Record<string, unknown>): void {
  const { sub_total_amount: sub, total_amount: total, amount_paid: paid } = record;
  if (sub === undefined || total === undefined || paid === undefined) return;
  const subtotal = Number(sub);
  if (!Number.isFinite(subtotal)) return;
  const discount =
    record.discount === null || record.discount === undefined
      ? 0
      : Math.min(Number(record.discount) || 0, subtotal / 10);
  const owed = subtotal - discount;
  const share = { paid: 1, partial: 0.5, draft: 0 }[String(record.payment_status)] ?? 1;
  const like = (value: number, sample: unknown) =>
    typeof sample === 'string' ? value.toFixed(2) : Math.round(value * 100) / 100;
  if (record.discount !== null && record.discount !== undefined) record.discount = like(discount, record.discount);
  record.total_amount = like(owed, total);
  record.amount_paid = like(Math.round(owed * share * 100) / 100, paid);
}

/** English faker seeded from a text: the same text gives the same data. */
export function seededFaker(text: string): Faker {
  const f = fakerEn();
  f.seed(seedOf(text));
  return f;
}

export type { Faker };

/** A 32-bit seed from a string (FNV-1a): the same request under the same seed gives the same data. */
export function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Replaces what it can name in a generated envelope's `data`. `seed` undefined: fresh data every time;
 * otherwise derived from the seed and `salt` (the request), so answers differ between requests but repeat.
 */
export function realistic(
  body: unknown,
  schema: SchemaObject | undefined,
  seed: string | undefined,
  salt: string,
): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const f = fakerEn();
  f.seed(seed === undefined ? Math.floor(Math.random() * 2 ** 31) : seedOf(`${seed}|${salt}`));
  const envelope = body as Record<string, unknown>;
  return { ...envelope, data: fill(envelope.data, propertySchema(schema, 'data') as Schema, 'data', f) };
}
