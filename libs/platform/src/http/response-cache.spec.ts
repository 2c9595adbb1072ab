import { ResponseCache } from './fast-route';

describe('ResponseCache', () => {
  const body = (n: number) => Buffer.alloc(n, 'x');

  it('answers hits until the generation changes', () => {
    const cache = new ResponseCache(10_000);
    cache.set('a', body(10));
    expect(cache.get('a', 1)).toBeUndefined(); // first look at generation 1 starts empty
    cache.set('a', body(10));
    expect(cache.get('a', 1)?.length).toBe(10);
    expect(cache.get('a', 2)).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('never holds more than its byte budget, dropping the least recently used first', () => {
    const cache = new ResponseCache(1000);
    cache.get('', 1);
    for (let i = 0; i < 100; i++) cache.set(`k${i}`, body(98));
    expect(cache.size.bytes).toBeLessThanOrEqual(1000);
    expect(cache.get('k0', 1)).toBeUndefined();
    expect(cache.get('k99', 1)).toBeDefined();
    // each entry costs 104 bytes (key 'k99' = 6, body 98): 9 fit, k91..k99
    expect(cache.get('k91', 1)).toBeDefined(); // recently used now: survives the next insertions
    cache.set('new1', body(98));
    cache.set('new2', body(98));
    expect(cache.get('k91', 1)).toBeDefined();
    expect(cache.get('k92', 1)).toBeUndefined();
    expect(cache.get('k93', 1)).toBeUndefined();
    expect(cache.get('k94', 1)).toBeDefined();
    expect(cache.size.bytes).toBeLessThanOrEqual(1000);
  });

  it('does not store an answer bigger than the whole budget', () => {
    const cache = new ResponseCache(100);
    cache.get('', 1);
    cache.set('big', body(200));
    expect(cache.get('big', 1)).toBeUndefined();
    expect(cache.size.bytes).toBe(0);
  });
});
