import { Injectable } from '@nestjs/common';
import { BoundedCache, Env } from '@hvs/platform';
import type { ResidentPersonalData } from './resident-personal-data';

interface Entry {
  version: number;
  data: ResidentPersonalData;
}

/**
 * Residents' decrypted personal fields, kept briefly in the api's memory for lists: decrypting 50
 * records was a third of the cost of a page (docs/benchmarks.md, auth-read), and officers page through
 * the same commune again and again. Bounded (PII_CACHE_ENTRIES, least recently used out first) and
 * short-lived (PII_CACHE_TTL_S from decryption); an entry is used only for the exact version of the
 * record it was decrypted from, so a correction is never served stale, and erasure drops it at once
 * (`forget`). The plaintext is in the same process memory as the keys that decrypt everything
 * (docs/security.md).
 */
@Injectable()
export class ResidentRecordCache {
  private readonly entries: BoundedCache<string, Entry>;

  constructor(env: Env) {
    this.entries = new BoundedCache({ maxEntries: env.PII_CACHE_ENTRIES, ttlMs: env.PII_CACHE_TTL_S * 1000 });
  }

  /** The record's fields if cached for this version, else decrypts them (and keeps them). */
  get(id: string, version: number, decrypt: () => ResidentPersonalData): ResidentPersonalData {
    const hit = this.entries.get(id);
    if (hit && hit.version === version) return hit.data;
    const data = decrypt();
    this.entries.set(id, { version, data });
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
