import type { Env } from '@hvs/platform';
import { ResidentRecordCache } from './resident-record-cache';

const cache = (entries: number, ttlS = 60) => new ResidentRecordCache({ PII_CACHE_ENTRIES: entries, PII_CACHE_TTL_S: ttlS } as Env);
const record = (fullName: string) => ({ fullName, birthDate: '1960-01-01', cccd: null, phone: null });

describe('ResidentRecordCache', () => {
  it('decrypts once per version, and again when the record changes', () => {
    const c = cache(10);
    const decrypt = jest.fn(() => record('A'));
    expect(c.get('r1', 1, decrypt, 0)).toEqual(record('A'));
    expect(c.get('r1', 1, decrypt, 1000)).toEqual(record('A'));
    expect(decrypt).toHaveBeenCalledTimes(1);
    const corrected = jest.fn(() => record('B'));
    expect(c.get('r1', 2, corrected, 2000)).toEqual(record('B'));
    expect(corrected).toHaveBeenCalledTimes(1);
  });

  it('forgets entries after their time, on erasure, and the first decrypted beyond its size', () => {
    const c = cache(2, 60);
    const decrypt = jest.fn(() => record('A'));
    c.get('r1', 1, decrypt, 0);
    c.get('r1', 1, decrypt, 60_001);
    expect(decrypt).toHaveBeenCalledTimes(2);
    c.get('r2', 1, decrypt, 60_002);
    c.get('r1', 1, decrypt, 60_003); // a hit: r1 stays the first decrypted
    expect(decrypt).toHaveBeenCalledTimes(3);
    c.get('r3', 1, decrypt, 60_004); // r1 goes
    expect(c.size).toBe(2);
    c.get('r2', 1, decrypt, 60_005);
    expect(decrypt).toHaveBeenCalledTimes(4);
    c.get('r1', 1, decrypt, 60_006);
    expect(decrypt).toHaveBeenCalledTimes(5);
    c.forget('r2');
    c.get('r2', 1, decrypt, 60_007);
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
