import type { AccessTokenClaims } from './token.service';

interface Entry {
  claims: AccessTokenClaims;
  expiresAtMs: number;
}

/**
 * Access tokens whose signature and claims (algorithm, issuer, audience, expiry) have already been
 * checked, kept until they expire so the next request with the same token skips decoding and the
 * HMAC (about a tenth of the CPU of an authenticated page read; docs/benchmarks.md). Keyed by the whole
 * token text, so a changed byte is a different key and goes through the full check; an entry is used
 * only before the token's own `exp`. The account's state (active, session epoch) is not cached here:
 * it is checked on every request. Bounded: the first verified goes out first.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly max: number) {}

  /** The token's claims if it was verified and has not expired at `nowMs`. */
  get(token: string, nowMs = Date.now()): AccessTokenClaims | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs > nowMs) return entry.claims;
    this.entries.delete(token);
    return undefined;
  }

  /** Remembers a token that has just passed verification (claims as verified, with their `exp`). */
  add(token: string, claims: AccessTokenClaims & { exp?: number }): void {
    if (this.max === 0 || typeof claims.exp !== 'number' || this.entries.has(token)) return;
    this.entries.set(token, { claims, expiresAtMs: claims.exp * 1000 });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
