import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Env } from '@hvs/platform';
import type { AccountEntity } from '../accounts/account.entity';
import type { Role } from '../accounts/roles';

export const JWT_ISSUER = 'hocvuso';
export const JWT_AUDIENCE = 'hocvuso-api';
export const JWT_ALGORITHM = 'HS256';

/** What an access token says: who, which role, and the session epoch it was issued in. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  epoch: number;
}

export interface IssuedRefreshToken {
  token: string;
  id: string;
  hash: Buffer;
  expiresAt: Date;
}

/** Access tokens (short-lived JWTs, algorithm/issuer/audience pinned) and opaque refresh tokens. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly env: Env,
  ) {}

  get accessTokenTtlSeconds(): number {
    return this.env.ACCESS_TOKEN_TTL_S;
  }

  signAccessToken(account: Pick<AccountEntity, 'id' | 'role' | 'sessionEpoch'>): string {
    const claims: AccessTokenClaims = { sub: account.id, role: account.role, epoch: account.sessionEpoch };
    return this.jwt.sign(claims, {
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: this.env.ACCESS_TOKEN_TTL_S,
      jwtid: randomUUID(),
    });
  }

  /** A new opaque refresh token: `<id>.<32 random bytes>`; only its SHA-256 is stored. */
  newRefreshToken(): IssuedRefreshToken {
    const id = randomUUID();
    const token = `${id}.${randomBytes(32).toString('base64url')}`;
    return { token, id, hash: hashRefreshToken(token), expiresAt: new Date(Date.now() + this.env.REFRESH_TOKEN_TTL_DAYS * 86_400_000) };
  }
}

export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
