/**
 * Reads shared between callers: one Google call for every concurrent identical read, and its
 * answer kept `ttlMs` after Google gave it. Entries belong to a scope (one calendar on one
 * connection); a write to it drops them, in flight or answered.
 */
export interface SharedReads<T> {
  /** `load`'s answer for `key`, shared with every caller asking the same key meanwhile. */
  read(scope: string, key: string, load: () => Promise<T>): Promise<T>;
  /** Forgets every read of `scope`: later callers go to Google, and reads still in flight are not kept. */
  invalidate(scope: string): void;
}

interface Entry<T> {
  scope: string;
  value: Promise<T>;
  /** When Google answered; undefined while in flight. */
  answeredAt?: number;
}

export interface SharedReadsOptions {
  ttlMs: number;
  /** Most entries kept; the least recently used go first. */
  maxEntries: number;
  now?: () => number;
}

export function sharedReads<T>(opts: SharedReadsOptions): SharedReads<T> {
  const now = opts.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on use makes its first key the least recently used.
  const entries = new Map<string, Entry<T>>();

  const fresh = (entry: Entry<T>) => entry.answeredAt === undefined || now() - entry.answeredAt < opts.ttlMs;

  function read(scope: string, key: string, load: () => Promise<T>): Promise<T> {
    const hit = entries.get(key);
    if (hit && fresh(hit)) {
      entries.delete(key);
      entries.set(key, hit);
      return hit.value;
    }
    const entry: Entry<T> = { scope, value: load() };
    entries.set(key, entry);
    // Only the entry still in the map is touched: one a write invalidated meanwhile may carry the
    // calendar as it was before the write, and must not come back.
    entry.value.then(
      () => {
        if (entries.get(key) !== entry) return;
        if (opts.ttlMs > 0) entry.answeredAt = now();
        else entries.delete(key);
      },
      // A failed read is never served again.
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    for (const oldest of entries.keys()) {
      if (entries.size <= opts.maxEntries) break;
      entries.delete(oldest);
    }
    return entry.value;
  }

  function invalidate(scope: string): void {
    for (const [key, entry] of entries) if (entry.scope === scope) entries.delete(key);
  }

  return { read, invalidate };
}
