import { Injectable } from '@nestjs/common';
import passport from 'passport';
import type { AccountEntity } from '../accounts/account.entity';
import { AuthService } from './auth.service';

type RequestHeaders = Record<string, string | string[] | undefined>;

/**
 * Identity's checks of who is calling, for routes outside the global access guard (the operations
 * routes of the api, which Fastify serves directly): the bearer access token with every check of the
 * guard, and a username and password behind the login throttle. The callers decide what a role may do.
 */
@Injectable()
export class StaffCredentials {
  constructor(private readonly auth: AuthService) {}

  /**
   * The active account of a valid bearer access token (signature, expiry, session epoch: identity's
   * JWT strategy, run the way @nestjs/passport's AuthGuard runs it), or undefined.
   */
  accessTokenAccount(headers: RequestHeaders): Promise<AccountEntity | undefined> {
    return new Promise((resolve) => {
      const done = (error: unknown, account?: AccountEntity | false) => resolve(error || !account ? undefined : account);
      passport.authenticate('jwt', { session: false }, done)({ headers }, {}, () => resolve(undefined));
    });
  }

  /**
   * The account of a username and password, throttled per account and per client address as the
   * API's login is; throws the login's errors (401 invalid, 429 throttled with retryAfterSeconds).
   */
  passwordAccount(username: string, password: string, address: string): Promise<AccountEntity> {
    return this.auth.checkCredentialsThrottled(username, password, address);
  }
}
