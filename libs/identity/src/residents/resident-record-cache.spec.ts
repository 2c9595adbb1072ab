import type { Env } from '@hvs/platform';
import { ResidentRecordCache } from './resident-record-cache';

const cache = (entries: number, ttlS = 60) => new ResidentRecordCache({ PII_CACHE_ENTRIES: entries, PII_CACHE_TTL_S: ttlS } as Env);
const record = (fullName: string) => ({ fullName, birthDate: '1960-01-01', cccd: null, phone: null });

describe('ResidentRecordCache', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());
  const at = (ms: number) => jest.setSystemTime(ms);

  it('decrypts once per version, and again when the record changes', () => {
    const c = cache(10);
    const decrypt = jest.fn(() => record('A'));
    expect(c.get('r1', 1, decrypt)).toEqual(record('A'));
    at(1000);
    expect(c.get('r1', 1, decrypt)).toEqual(record('A'));
    expect(decrypt).toHaveBeenCalledTimes(1);
    const corrected = jest.fn(() => record('B'));
    at(2000);
    expect(c.get('r1', 2, corrected)).toEqual(record('B'));
    expect(corrected).toHaveBeenCalledTimes(1);
  });

  it('forgets entries after their time, on erasure, and the least recently used beyond its size', () => {
    const c = cache(2, 60);
    const decrypt = jest.fn(() => record('A'));
    c.get('r1', 1, decrypt);
    at(60_001);
    c.get('r1', 1, decrypt); // expired: decrypted again
    expect(decrypt).toHaveBeenCalledTimes(2);
    c.get('r2', 1, decrypt);
    c.get('r1', 1, decrypt); // a hit: r1 is now the most recently used
    expect(decrypt).toHaveBeenCalledTimes(3);
    c.get('r3', 1, decrypt); // r2 goes
    expect(c.size).toBe(2);
    c.get('r1', 1, decrypt);
    expect(decrypt).toHaveBeenCalledTimes(4);
    c.get('r2', 1, decrypt);
    expect(decrypt).toHaveBeenCalledTimes(5);
    c.forget('r2');
    c.get('r2', 1, decrypt);
    expect(decrypt).toHaveBeenCalledTimes(6);
  });

  it('keeps nothing with 0 entries', () => {
    const c = cache(0);
    const decrypt = jest.fn(() => record('A'));
    c.get('r1', 1, decrypt);
    c.get('r1', 1, decrypt);
    expect(decrypt).toHaveBeenCalledTimes(2);
    expect(c.size).toBe(0);
  });
});
