// Reads what a client asks the mock for: `Prefer: code=404, example=empty, dynamic=true, seed=7`
// (RFC 7240), or the query equivalents `__code`, `__example`, `__dynamic`, `__seed` for a browser's
// address bar. The header wins when both are present, as in Prism.
import type { Preferences } from './prism-engine';

export const PREFERENCE_QUERY_KEYS = ['__code', '__example', '__dynamic', '__seed'] as const;

export type PreferenceResult = { ok: true; preferences: Preferences } | { ok: false; problem: string };

export function readPreferences(
  prefer: string | undefined,
  query: Record<string, string | string[]>,
): PreferenceResult {
  const raw: Record<string, string> = {};
  if (prefer) {
    for (const part of prefer.split(/[,;]/)) {
      const [name, ...rest] = part.split('=');
      const key = name?.trim().toLowerCase();
      if (!key) continue;
      raw[key] = rest
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1');
    }
  } else {
    for (const key of PREFERENCE_QUERY_KEYS) {
      const value = query[key];
      if (value !== undefined) raw[key.slice(2)] = Array.isArray(value) ? (value[0] ?? '') : value;
    }
  }
  const preferences: Preferences = {};
  if (raw.code !== undefined) {
    if (!/^\d{3}$/.test(raw.code))
      return { ok: false, problem: `code must be a three-digit status, got "${raw.code}"` };
    preferences.code = Number(raw.code);
  }
  if (raw.example !== undefined) {
    if (raw.example === '') return { ok: false, problem: 'example needs a name' };
    preferences.exampleKey = raw.example;
  }
  if (raw.dynamic !== undefined) {
    if (raw.dynamic !== 'true' && raw.dynamic !== 'false') {
      return { ok: false, problem: `dynamic must be true or false, got "${raw.dynamic}"` };
    }
    preferences.dynamic = raw.dynamic === 'true';
  }
  if (raw.seed !== undefined) preferences.seed = raw.seed;
  return { ok: true, preferences };
}

export function withoutPreferenceKeys(query: Record<string, string | string[]>): Record<string, string | string[]> {
  const rest: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    if (!(PREFERENCE_QUERY_KEYS as readonly string[]).includes(key)) rest[key] = value;
  }
  return rest;
}
