// The mock's one answer cache. Static, example-based mode answers the same request the same way every time, so
// the whole answer to a request it has seen twice is kept, keyed by everything that can change it. Off in stateful
// and dynamic modes; never holds failures (500) or timeouts (408). Bounded in bytes: keys are hashes, so a
// 900 KiB body costs 44 bytes of key, and a stream of distinct requests only churns it.
import { LRUCache } from 'lru-cache';

export interface CachedAnswer {
  status: number;
  /** Lower-case names. */
  headers: Array<[string, string]>;
  payload: string;
}

/** Everything an answer can depend on: what the core reads of a request. */
export interface CacheKeyParts {
  method: string;
  /** Path and query, as sent. */
  target: string;
  /** The headers the mock reads and every header a parameter of the spec declares, lower case. */
  headers: Array<string | null>;
  /** The parsed body, serialised; undefined for a bodyless request. */
  body?: string;
}

export interface AnswerCache {
  key(hash: (text: string) => string | Promise<string>, parts: CacheKeyParts): Promise<string>;
  /**
   * The kept answer, if any; else whether this request's answer should be kept: the first sighting of a key only
   * marks it as seen (a one-off request is not kept).
   */
  lookup(key: string): { answer: CachedAnswer } | { answer?: undefined; keep: boolean };
  keep(key: string, answer: CachedAnswer): void;
  clear(): void;
  stats(): { answers: { entries: number; bytes: number }; seen: { entries: number; bytes: number } };
}

export function createAnswerCache(): AnswerCache {
  const answers = new LRUCache<string, CachedAnswer>({
    max: 1000,
    maxSize: 4 * 1024 * 1024,
    sizeCalculation: (a, key) => 2 * (key.length + a.payload.length) + 1024,
  });
  const seen = new LRUCache<string, true>({
    max: 10_000,
    maxSize: 1024 * 1024,
    sizeCalculation: (_v, key) => 2 * key.length + 64,
  });
  return {
    async key(hash, parts) {
      return hash(JSON.stringify([parts.method, parts.target, parts.headers, parts.body ?? null]));
    },
    lookup(key) {
      const answer = answers.get(key);
      if (answer) return { answer };
      if (seen.has(key)) return { keep: true };
      seen.set(key, true);
      return { keep: false };
    },
    keep(key, answer) {
      if (answer.status !== 500 && answer.status !== 408) answers.set(key, answer);
    },
    clear() {
      answers.clear();
      seen.clear();
    },
    stats: () => ({
      answers: { entries: answers.size, bytes: answers.calculatedSize },
      seen: { entries: seen.size, bytes: seen.calculatedSize },
    }),
  };
}
