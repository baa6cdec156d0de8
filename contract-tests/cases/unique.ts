// Values the contract calls unique (`x-xtrakit-unique` on a request body property: a sale's invoice_code and
// invoice_number) are fresh in every request the suite sends, shaped like the field's example ("INV-000001" →
// "INV-482913"), so a server that refuses a duplicate never refuses one the suite provoked. Keys read from answers
// are trimmed only where the spec says so (`x-xtrakit-trim` on the parameter they are put into).
import type { Operation } from '../../openapi/document';
import { uniqueFields } from '../../openapi/extensions';

/**
 * A run's unique numbers, 100000–999999, none twice: `stream` 0 for the planned cases, 1 for the requests made
 * at send time (generated, side by side), so the two never meet. 104729 is prime to 900000, so n ↦ value is
 * one-to-one over each stream's 450,000 draws.
 */
export function uniqueNumbers(seed: number, stream: 0 | 1): () => number {
  let n = stream * 450_000;
  return () => {
    n += 1;
    return 100000 + ((((seed % 900000) + 900000) * 7919 + n * 104729) % 900000);
  };
}

/** A value shaped like `example` holding `n`: its last run of digits replaced ("INV-000001" → "INV-482913"). */
export function freshLike(example: unknown, n: number, integer: boolean): string | number {
  if (integer) return n;
  const digits = String(n);
  if (typeof example !== 'string' && typeof example !== 'number') return digits;
  const text = String(example);
  const match = /(\d+)(?!.*\d)/.exec(text);
  if (!match) return `${text}${digits}`;
  const run = match[1] as string;
  const value = run.length > digits.length ? digits.padStart(run.length, '0') : digits;
  return `${text.slice(0, match.index)}${value}${text.slice(match.index + run.length)}`;
}

/**
 * `body` with a fresh value in every unique field it holds, but those in `keep` (a negative case's broken field,
 * a field the path names: an edit does not move its record to another key).
 */
export function withFreshUnique(
  op: Operation,
  body: Record<string, unknown>,
  next: () => number,
  keep: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const fields = uniqueFields(op).filter((u) => u.field in body && !keep.has(u.field));
  if (fields.length === 0) return body;
  const out = { ...body };
  for (const u of fields) out[u.field] = freshLike(u.example, next(), u.integer);
  return out;
}

/** The fields a path names: an edit's body field of the same name says the same key. */
export const pathNames = (op: Operation): Set<string> =>
  new Set(op.parameters.filter((p) => p.in === 'path').map((p) => p.name));
