// XtraKit's authentication as documented: `Authorization: Bearer <key>`, scheme case-insensitive
// (RFC 9110 §11.1). A lapsed account's key is recognised, then refused with 402.

export type AuthOutcome =
  | { kind: 'accepted'; token: string }
  | { kind: 'lapsed'; token: string }
  | { kind: 'missing'; reason: string }
  | { kind: 'invalid'; token: string };

export interface KeyRing {
  keys: string[];
  lapsedKeys: string[];
}

/** Compares in time that depends on the length only, as node:crypto's timingSafeEqual; in any JavaScript host. */
const sameKey = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
};

export function authenticate(header: string | string[] | undefined, ring: KeyRing): AuthOutcome {
  if (Array.isArray(header)) {
    if (header.length !== 1) return { kind: 'missing', reason: 'more than one Authorization header' };
    return authenticate(header[0], ring);
  }
  if (header === undefined || header.trim() === '') return { kind: 'missing', reason: 'no Authorization header' };
  const match = /^\s*(\S+)(?:\s+(.*))?$/.exec(header);
  const scheme = match?.[1] ?? '';
  if (scheme.toLowerCase() !== 'bearer') return { kind: 'missing', reason: `the ${scheme} scheme is not accepted` };
  const token = (match?.[2] ?? '').trim();
  if (token === '') return { kind: 'missing', reason: 'the Bearer token is empty' };
  if (ring.keys.some((k) => sameKey(k, token))) return { kind: 'accepted', token };
  if (ring.lapsedKeys.some((k) => sameKey(k, token))) return { kind: 'lapsed', token };
  return { kind: 'invalid', token };
}
