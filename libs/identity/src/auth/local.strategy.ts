import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { AppError } from '@hvs/platform';
import type { FastifyRequest } from 'fastify';
import type { AccountEntity } from '../accounts/account.entity';
import { IdentityErrors } from '../identity-errors';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';

/** Username + password (the body of POST /auth/login), throttled per account and per client address. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottle,
  ) {
    super({ usernameField: 'username', passwordField: 'password', session: false, passReqToCallback: true });
  }

  async validate(request: FastifyRequest, username: unknown, password: unknown): Promise<AccountEntity> {
    // the body is validated after the guard; here only plain strings can log in
    if (typeof username !== 'string' || typeof password !== 'string') throw IdentityErrors.invalidCredentials();
    await this.throttle.assertAllowed(username, request.ip);
    try {
      const account = await this.auth.checkCredentials(username, password);
      await this.throttle.recordSuccess(username, request.ip);
      return account;
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') await this.throttle.recordFailure(username, request.ip);
      throw err;
    }
  }
}
