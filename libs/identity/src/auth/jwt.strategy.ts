import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Env } from '@hvs/platform';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AccountCache } from '../access/account-cache';
import { AccountRepository } from '../accounts/account.repository';
import type { AccountEntity } from '../accounts/account.entity';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, type AccessTokenClaims } from './token.service';
import { VerifiedTokens } from './verified-tokens';

/** Verified access tokens kept in memory (a few hundred bytes each). */
const VERIFIED_TOKENS_MAX = 20_000;

type BearerRequest = { headers: Record<string, string | string[] | undefined> };
const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken() as unknown as (req: BearerRequest) => string | null;

/**
 * Bearer access tokens: signature, algorithm (HS256 only: "none" and others are refused), issuer,
 * audience and expiry are checked by passport-jwt; the account must still be active and the token's
 * session epoch current (logout everywhere ends tokens that are not yet expired). The account comes from
 * AccountCache when it holds it (dropped on any change of the account, in any instance). A token that
 * passed passport-jwt's checks is remembered until its expiry (VerifiedTokens), so a client's next
 * requests skip decoding and the signature; the account checks run on every request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly verified = new VerifiedTokens(VERIFIED_TOKENS_MAX);

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
      passReqToCallback: true,
    });
  }

  /**
   * Passport calls this on a per-request copy of the strategy (with success/fail/error). A token verified
   * before goes straight to validate(); any other goes through passport-jwt's full verification.
   */
  override authenticate(req: BearerRequest, options?: unknown): void {
    const token = bearerToken(req);
    const claims = token ? this.verified.get(token) : undefined;
    if (!claims) return super.authenticate(req as never, options);
    this.validate(req, claims).then(
      (account) => (account ? this.success(account) : this.fail(undefined as never)),
      (err: unknown) => this.error(err as Error),
    );
  }

  async validate(req: BearerRequest, claims: AccessTokenClaims & { exp?: number }): Promise<AccountEntity | false> {
    const token = bearerToken(req);
    if (token) this.verified.add(token, claims);
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
