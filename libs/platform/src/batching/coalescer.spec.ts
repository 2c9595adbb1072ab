import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  it('answers concurrent callers from one batch call, in their order', async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, string>(
      async (keys) => {
        batches.push([...keys]);
        return keys.map((k) => `v${k}`);
      },
      { maxBatch: 100, waitMs: 1 },
    );
    const answers = await Promise.all([3, 1, 2].map((k) => c.run(k)));
    expect(answers).toEqual(['v3', 'v1', 'v2']);
    expect(batches).toEqual([[3, 1, 2]]);
  });

  it('splits a wave larger than maxBatch and never answers from a cache', async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, number>(
      async (keys) => {
        batches.push([...keys]);
        return keys.map((k) => k * 2);
      },
      { maxBatch: 2, waitMs: 0 },
    );
    expect(await Promise.all([1, 1, 2, 3, 4].map((k) => c.run(k)))).toEqual([2, 2, 4, 6, 8]);
    expect(batches).toEqual([[1, 1], [2, 3], [4]]);
    await c.run(1);
    expect(batches).toHaveLength(4);
  });

  it('rejects one caller for its Error and every caller when the batch throws', async () => {
    const c = new Coalescer<number, number>(async (keys) => keys.map((k) => (k < 0 ? new Error(`bad ${k}`) : k)), { maxBatch: 10, waitMs: 0 });
    const [ok, bad] = await Promise.allSettled([c.run(1), c.run(-1)]);
    expect(ok).toEqual({ status: 'fulfilled', value: 1 });
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'bad -1' } });

    const broken = new Coalescer<number, number>(
      async () => {
        throw new Error('database down');
      },
      { maxBatch: 10, waitMs: 0 },
    );
    const all = await Promise.allSettled([broken.run(1), broken.run(2)]);
    expect(all.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
