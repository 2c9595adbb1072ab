import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Env } from '@hvs/platform';

export type TokenCheck = { ok: true; clientId: string } | { ok: false; reason: 'TOKEN_INVALID' | 'TOKEN_EXPIRED' };

const PREFIX = 'v1';

/** Constant-time equality of two secrets of any length. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The partner's access tokens: `v1.<payload>.<mac>`, the payload (client id, expiry in ms, a random id)
 * authenticated with an HMAC keyed by the client secret. Stateless: they survive a restart of the
 * partner, and changing the secret invalidates all of them.
 */
@Injectable()
export class PartnerTokens {
  private readonly key: Buffer;

  constructor(private readonly env: Env) {
    this.key = createHmac('sha256', env.VNEID_CLIENT_SECRET).update('vneid-mock access tokens').digest();
  }

  /** Checks a client's credentials (constant time). */
  authenticate(clientId: string, secret: string): boolean {
    return sameSecret(clientId, this.env.VNEID_CLIENT_ID) && sameSecret(secret, this.env.VNEID_CLIENT_SECRET);
  }

  issue(clientId: string, now = Date.now()): { token: string; expiresIn: number } {
    const expiresIn = this.env.VNEID_TOKEN_TTL_SECONDS;
    const payload = Buffer.from(JSON.stringify({ cid: clientId, exp: now + expiresIn * 1000, jti: randomBytes(8).toString('hex') })).toString('base64url');
    return { token: `${PREFIX}.${payload}.${this.mac(payload)}`, expiresIn };
  }

  check(token: string, now = Date.now()): TokenCheck {
    const [prefix, payload, mac, ...rest] = token.split('.');
    if (prefix !== PREFIX || !payload || !mac || rest.length > 0 || !sameSecret(mac, this.mac(payload))) {
      return { ok: false, reason: 'TOKEN_INVALID' };
    }
    let claims: { cid?: unknown; exp?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'TOKEN_INVALID' };
    }
    if (typeof claims.cid !== 'string' || typeof claims.exp !== 'number') return { ok: false, reason: 'TOKEN_INVALID' };
    if (claims.exp <= now) return { ok: false, reason: 'TOKEN_EXPIRED' };
    return { ok: true, clientId: claims.cid };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(`${PREFIX}.${payload}`).digest('base64url');
  }
}
