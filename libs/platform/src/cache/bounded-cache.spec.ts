import { BoundedCache } from './bounded-cache';

/** A clock the test moves by hand. */
function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('BoundedCache', () => {
  describe('bound', () => {
    it('never holds more than maxEntries, the least recently used going first', () => {
      const cache = new BoundedCache<string, number>({ maxEntries: 3 });
      for (const [k, v] of [['a', 1], ['b', 2], ['c', 3]] as const) cache.set(k, v);
      expect(cache.get('a')).toBe(1); // a is now the most recently used
      cache.set('d', 4);
      expect(cache.size).toBe(3);
      expect(cache.get('b')).toBeUndefined();
      expect([cache.get('a'), cache.get('c'), cache.get('d')]).toEqual([1, 3, 4]);
      for (let i = 0; i < 100; i++) cache.set(`k${i}`, i);
      expect(cache.size).toBe(3);
    });

    it('keeps within a byte budget as well, and refuses an entry bigger than all of it', () => {
      const cache = new BoundedCache<string, Buffer>({ maxEntries: 1000, maxBytes: 100, sizeOf: (b, k) => b.length + k.length });
      for (let i = 0; i < 20; i++) cache.set(`k${i}`.padEnd(5, '_'), Buffer.alloc(20));
      expect(cache.bytes).toBeLessThanOrEqual(100);
      expect(cache.size).toBe(4); // 25 bytes each
      expect(cache.get('k19__')).toBeDefined();
      expect(cache.get('k0___')).toBeUndefined();
      cache.set('big', Buffer.alloc(101));
      expect(cache.get('big')).toBeUndefined();
      expect(cache.bytes).toBeLessThanOrEqual(100);
    });

    it('with maxEntries 0 keeps nothing (the cache is off)', async () => {
      const cache = new BoundedCache<string, number>({ maxEntries: 0 });
      cache.set('a', 1);
      expect(cache.get('a')).toBeUndefined();
      expect(cache.size).toBe(0);
      const load = jest.fn(async () => 7);
      expect(await cache.getOrLoad('a', load)).toBe(7);
      expect(await cache.getOrLoad('a', load)).toBe(7);
      expect(load).toHaveBeenCalledTimes(2);
    });

    it('refuses a bound that is not a whole number', () => {
      expect(() => new BoundedCache({ maxEntries: -1 })).toThrow(/maxEntries/);
      expect(() => new BoundedCache({ maxEntries: 1.5 })).toThrow(/maxEntries/);
    });
  });

  describe('lifetime', () => {
    it('uses an entry for ttlMs after it was stored, and not after (a hit does not extend it)', () => {
      const c = clock();
      const cache = new BoundedCache<string, string>({ maxEntries: 10, ttlMs: 1000, now: c.now });
      cache.set('a', 'x');
      c.advance(999);
      expect(cache.get('a')).toBe('x');
      c.advance(1);
      expect(cache.get('a')).toBeUndefined();
      expect(cache.size).toBe(0); // dropped when found expired
    });

    it('takes a lifetime per entry, and stores nothing already expired', () => {
      const c = clock();
      const cache = new BoundedCache<string, string>({ maxEntries: 10, now: c.now });
      cache.set('forever', 'f');
      cache.set('short', 's', { ttlMs: 10 });
      cache.set('gone', 'g', { ttlMs: 0 });
      expect(cache.get('gone')).toBeUndefined();
      c.advance(10);
      expect(cache.get('short')).toBeUndefined();
      c.advance(1e9);
      expect(cache.get('forever')).toBe('f');
    });
  });

  describe('invalidation', () => {
    it('drops one entry or all of them, counting each invalidation', () => {
      const cache = new BoundedCache<string, number>({ maxEntries: 10 });
      cache.set('a', 1);
      cache.set('b', 2);
      const before = cache.epoch;
      cache.delete('a');
      expect(cache.get('a')).toBeUndefined();
      expect(cache.get('b')).toBe(2);
      cache.delete('never-held');
      expect(cache.epoch).toBe(before + 2);
      cache.clear();
      expect(cache.size).toBe(0);
      expect(cache.epoch).toBe(before + 3);
    });

    it('does not store a value read before an invalidation that happened meanwhile', () => {
      const cache = new BoundedCache<string, string>({ maxEntries: 10 });
      const epoch = cache.epoch; // a read of the source starts
      cache.delete('other'); // a change is announced meanwhile
      cache.set('a', 'stale', { unlessInvalidatedSince: epoch });
      expect(cache.get('a')).toBeUndefined();
      cache.set('a', 'fresh', { unlessInvalidatedSince: cache.epoch });
      expect(cache.get('a')).toBe('fresh');
    });
  });

  describe('getOrLoad', () => {
    it('shares one load between concurrent callers and serves the result from memory after', async () => {
      const cache = new BoundedCache<string, { n: number }>({ maxEntries: 10 });
      const d = deferred<{ n: number }>();
      const load = jest.fn(() => d.promise);
      const [p1, p2] = [cache.getOrLoad('k', load), cache.getOrLoad('k', load)];
      d.resolve({ n: 1 });
      const [a, b] = await Promise.all([p1, p2]);
      expect(a).toBe(b);
      expect(await cache.getOrLoad('k', load)).toBe(a);
      expect(load).toHaveBeenCalledTimes(1);
    });

    it('does not remember a failed load: the next call loads again', async () => {
      const cache = new BoundedCache<string, number>({ maxEntries: 10 });
      const load = jest.fn().mockRejectedValueOnce(new Error('db down')).mockResolvedValueOnce(5);
      await expect(cache.getOrLoad('k', load)).rejects.toThrow('db down');
      expect(await cache.getOrLoad('k', load)).toBe(5);
      expect(load).toHaveBeenCalledTimes(2);
    });

    it('lets a caller that must not wait for a load started elsewhere load on its own, and keeps its result', async () => {
      const cache = new BoundedCache<string, string>({ maxEntries: 10 });
      const elsewhere = deferred<string>();
      const started = cache.getOrLoad('k', () => elsewhere.promise);
      const own = await cache.getOrLoad('k', async () => 'own', { shareInFlight: false });
      expect(own).toBe('own');
      expect(await cache.getOrLoad('k', async () => 'third')).toBe('own');
      elsewhere.resolve('elsewhere');
      expect(await started).toBe('elsewhere');
    });

    it('answers a load that an invalidation overtook, without storing it', async () => {
      const cache = new BoundedCache<string, string>({ maxEntries: 10 });
      const d = deferred<string>();
      const p = cache.getOrLoad('k', () => d.promise);
      cache.clear();
      d.resolve('before the change');
      expect(await p).toBe('before the change');
      expect(cache.get('k')).toBeUndefined();
      expect(await cache.getOrLoad('k', async () => 'after')).toBe('after');
    });
  });
});
