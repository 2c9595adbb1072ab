import { Injectable } from '@nestjs/common';
import { Env } from '@hvs/platform';
import type { ResidentPersonalData } from './resident-personal-data';

interface Entry {
  version: number;
  data: ResidentPersonalData;
  expiresAt: number;
}

/**
 * Residents' decrypted personal fields, kept briefly in the api's memory for lists: decrypting 50
 * records was a third of the cost of a page (docs/benchmarks.md, auth-read), and officers page through
 * the same commune again and again. Bounded (PII_CACHE_ENTRIES, first decrypted out first) and
 * short-lived (PII_CACHE_TTL_S); an entry is used only for the exact version of the record it was
 * decrypted from, so a correction is never served stale, and erasure drops it at once. The plaintext is
 * in the same process memory as the keys that decrypt everything (docs/security.md).
 */
@Injectable()
export class ResidentRecordCache {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;
  private readonly ttlMs: number;

  constructor(env: Env) {
    this.max = env.PII_CACHE_ENTRIES;
    this.ttlMs = env.PII_CACHE_TTL_S * 1000;
  }

  /** The record's fields if cached for this version, else decrypts them (and keeps them). */
  get(id: string, version: number, decrypt: () => ResidentPersonalData, now = Date.now()): ResidentPersonalData {
    if (this.max === 0) return decrypt();
    const hit = this.entries.get(id);
    // A hit is not moved to the end (no least-recently-used order): moving means a delete and a set
    // on a map of tens of thousands of entries, whose tombstones make V8 rebuild the table every few
    // hundred pages (a fifth of an authenticated page's garbage-collection time). Entries live
    // PII_CACHE_TTL_S at most anyway, so the oldest decrypted goes first.
    if (hit && hit.version === version && hit.expiresAt > now) return hit.data;
    const data = decrypt();
    this.entries.delete(id);
    this.entries.set(id, { version, data, expiresAt: now + this.ttlMs });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return data;
  }

  /** Forgets a record (erasure). */
  forget(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
