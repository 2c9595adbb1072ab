import { LRUCache } from 'lru-cache';

export interface BoundedCacheOptions<K, V> {
  /** The most entries held; beyond it the least recently used goes first. 0 turns the cache off. */
  maxEntries: number;
  /** A budget of memory as well: the sum of `sizeOf` over the entries; an entry bigger than it is not kept. */
  maxBytes?: number;
  sizeOf?: (value: V, key: K) => number;
  /** How long an entry is used after it was stored, in ms (none: until evicted or invalidated). */
  ttlMs?: number;
  /** The clock lifetimes are measured with, in ms: Date.now unless a test gives its own. */
  now?: () => number;
}

export interface SetOptions {
  /** This entry's lifetime in ms, instead of the cache's; 0 or less: not stored. */
  ttlMs?: number;
  /** Store only if nothing was invalidated since this `epoch` (a read that raced with a change is dropped). */
  unlessInvalidatedSince?: number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * THE in-memory cache of the platform: bounded by a number of entries (and optionally bytes), least
 * recently used out first (lru-cache, whose recency order is kept in typed arrays, so a hit does not
 * churn a Map), entries that expire, explicit invalidation, and loads shared between concurrent callers.
 * Every use states its bound and its invalidation where it creates one.
 *
 * `epoch` counts invalidations (`delete`, `clear`): a caller that reads the source of truth outside the
 * cache takes `epoch` before the read and stores with `unlessInvalidatedSince`, so a value read before a
 * concurrent change is never kept after it. `getOrLoad` does the same for its loads.
 */
export class BoundedCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>> {
  private readonly entries: LRUCache<K, Entry<V>> | null;
  private readonly inFlight = new Map<K, Promise<V>>();
  private readonly ttlMs: number | undefined;
  private readonly now: () => number;
  private invalidations = 0;

  constructor(options: BoundedCacheOptions<K, V>) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 0) throw new Error('BoundedCache: maxEntries must be a whole number >= 0');
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? (() => Date.now());
    const sizeOf = options.sizeOf;
    this.entries =
      options.maxEntries === 0
        ? null
        : new LRUCache<K, Entry<V>>({
            max: options.maxEntries,
            ...(options.maxBytes !== undefined && sizeOf
              ? { maxSize: options.maxBytes, sizeCalculation: (entry: Entry<V>, key: K) => Math.max(1, Math.ceil(sizeOf(entry.value, key))) }
              : {}),
          });
  }

  /** The number of invalidations so far (see `unlessInvalidatedSince`). */
  get epoch(): number {
    return this.invalidations;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  /** The memory the entries take by `sizeOf` (0 without a byte budget). */
  get bytes(): number {
    return this.entries?.calculatedSize ?? 0;
  }

  /** The value, unless absent or expired (an expired entry is dropped); a hit becomes the most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries?.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries?.delete(key);
    return undefined;
  }

  set(key: K, value: V, options: SetOptions = {}): void {
    if (!this.entries) return;
    if (options.unlessInvalidatedSince !== undefined && options.unlessInvalidatedSince !== this.invalidations) return;
    const ttl = options.ttlMs ?? this.ttlMs;
    if (ttl !== undefined && ttl <= 0) return;
    this.entries.set(key, { value, expiresAt: ttl === undefined ? Infinity : this.now() + ttl });
  }

  /** Drops one entry (and counts an invalidation, whether it was held or not). */
  delete(key: K): void {
    this.invalidations++;
    this.entries?.delete(key);
  }

  /** Drops everything, loads under way included (their results are not stored). */
  clear(): void {
    this.invalidations++;
    this.entries?.clear();
    this.inFlight.clear();
  }

  /**
   * The value, or else the result of `load`, stored when it succeeds (a failure is not remembered, the
   * next call loads again). Concurrent callers of one key share one load, unless a caller must not wait
   * for a load started elsewhere (`shareInFlight: false`: it loads on its own, and its result is stored
   * as well). A load that an invalidation overtook is answered to its callers but not stored.
   */
  getOrLoad(key: K, load: () => Promise<V>, options: { shareInFlight?: boolean } = {}): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const share = options.shareInFlight ?? true;
    if (share) {
      const pending = this.inFlight.get(key);
      if (pending) return pending;
    }
    const epoch = this.invalidations;
    const loading = load().then((value) => {
      this.set(key, value, { unlessInvalidatedSince: epoch });
      return value;
    });
    if (share) {
      this.inFlight.set(key, loading);
      const settled = () => {
        if (this.inFlight.get(key) === loading) this.inFlight.delete(key);
      };
      loading.then(settled, settled);
    }
    return loading;
  }
}
