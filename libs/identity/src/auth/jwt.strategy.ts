import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Env } from '@hvs/platform';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AccountCache } from '../access/account-cache';
import { AccountRepository } from '../accounts/account.repository';
import type { AccountEntity } from '../accounts/account.entity';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, type AccessTokenClaims } from './token.service';

/**
 * Bearer access tokens: signature, algorithm (HS256 only: "none" and others are refused), issuer,
 * audience and expiry are checked by passport-jwt; the account must still be active and the token's
 * session epoch current (logout everywhere ends tokens that are not yet expired). The account comes from
 * AccountCache when it holds it (dropped on any change of the account, in any instance).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    env: Env,
    private readonly accounts: AccountRepository,
    private readonly cache: AccountCache,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // a key object, not the string: given a string, jsonwebtoken first tries to read it as a PEM key on
      // every verification (and fails), an eighth of the CPU of an authenticated read (docs/benchmarks.md)
      secretOrKey: createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8')) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<AccountEntity | false> {
    if (typeof claims.sub !== 'string' || typeof claims.epoch !== 'number') return false;
    let account = this.cache.get(claims.sub) ?? null;
    if (!account) {
      const generation = this.cache.generation;
      account = await this.accounts.findById(claims.sub);
      if (account) this.cache.set(account, generation);
    }
    if (!account || account.status !== 'active' || account.sessionEpoch !== claims.epoch) return false;
    return account;
  }
}
