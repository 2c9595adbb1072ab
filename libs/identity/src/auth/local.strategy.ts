import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import type { FastifyRequest } from 'fastify';
import type { AccountEntity } from '../accounts/account.entity';
import { IdentityErrors } from '../identity-errors';
import { AuthService } from './auth.service';

/** Username + password (the body of POST /auth/login), throttled per account and per client address. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'username', passwordField: 'password', session: false, passReqToCallback: true });
  }

  validate(request: FastifyRequest, username: unknown, password: unknown): Promise<AccountEntity> {
    // the body is validated after the guard; here only plain strings can log in
    if (typeof username !== 'string' || typeof password !== 'string') throw IdentityErrors.invalidCredentials();
    return this.auth.checkCredentialsThrottled(username, password, request.ip);
  }
}
