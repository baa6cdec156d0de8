import type { Check } from './types';

/**
 * Creates sent side by side are given keys of their own: two requests answered with the same key means the server
 * numbered them from the same state (a lost update), and one of the two records is gone.
 */
export const concurrentCreates: Check = ({ siblings }) => {
  if (!siblings) return [];
  const byKey = new Map<string, number[]>();
  siblings.keys.forEach((key, i) => {
    if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), i + 1]);
  });
  const given = siblings.keys.filter((k) => k !== undefined).length;
  return [...byKey]
    .filter(([, requests]) => requests.length > 1)
    .map(([key, requests]) => ({
      check: 'concurrent-creates',
      severity: 'error' as const,
      message: `${siblings.keys.length} creates sent side by side: requests ${requests.join(' and ')} were all given the key ${key}`,
      expected: `${given} distinct keys`,
      received: `${byKey.size} distinct key(s) for ${given} creates`,
      pointer: siblings.pointer,
    }));
};
