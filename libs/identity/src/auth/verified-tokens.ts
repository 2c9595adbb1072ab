import { BoundedCache } from '@hvs/platform';
import type { AccessTokenClaims } from './token.service';

/**
 * Access tokens whose signature and claims (algorithm, issuer, audience, expiry) have already been
 * checked, kept until they expire so the next request with the same token skips decoding and the
 * HMAC (about a tenth of the CPU of an authenticated page read; docs/benchmarks.md). Keyed by the whole
 * token text, so a changed byte is a different key and goes through the full check; an entry is used
 * only before the token's own `exp` (its lifetime in the cache). The account's state (active, session
 * epoch) is not cached here: it is checked on every request, so nothing here needs invalidating.
 * Bounded by `max` tokens, the least recently used out first.
 */
export class VerifiedTokens {
  private readonly entries: BoundedCache<string, AccessTokenClaims>;

  constructor(
    max: number,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new BoundedCache({ maxEntries: max, now });
  }

  /** The token's claims if it was verified and has not expired. */
  get(token: string): AccessTokenClaims | undefined {
    return this.entries.get(token);
  }

  /** Remembers a token that has just passed verification (claims as verified, with their `exp`). */
  add(token: string, claims: AccessTokenClaims & { exp?: number }): void {
    if (typeof claims.exp !== 'number' || this.entries.get(token)) return;
    this.entries.set(token, claims, { ttlMs: claims.exp * 1000 - this.now() });
  }

  get size(): number {
    return this.entries.size;
  }
}
