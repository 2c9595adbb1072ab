import { createParamDecorator, Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AppError } from '@hvs/platform';
import type { AccountEntity } from '../accounts/account.entity';
import { IdentityErrors } from '../identity-errors';

/** Checks username and password of a login. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<T>(err: unknown, account: T): T {
    if (err instanceof AppError) throw err;
    if (err || !account) throw IdentityErrors.invalidCredentials();
    return account;
  }
}

export const CurrentAccount = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AccountEntity => ctx.switchToHttp().getRequest<{ user: AccountEntity }>().user,
);
