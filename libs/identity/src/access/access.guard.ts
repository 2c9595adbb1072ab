import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ACCESS_RULE, AppError, commonError, type AccessContext, type AccessRule } from '@hvs/platform';
import type { AccountEntity } from '../accounts/account.entity';
import { IdentityErrors } from '../identity-errors';
import { AccessScopeResolver } from './access-scope.resolver';

/**
 * The one access check of every Nest route (registered as a global guard): public routes pass;
 * others need a valid access token (the JWT strategy) and one of the route's roles, and get the
 * caller's scope on the request for the services to filter with. A route without a rule is refused.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly scopes: AccessScopeResolver,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw commonError(403, 'FORBIDDEN', { reason: 'route has no access rule' });
    if (rule.public) return true;
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<AccessContext & { user: AccountEntity }>();
    if (!rule.roles.includes(request.user.role)) throw commonError(403, 'FORBIDDEN');
    request.accessScope = await this.scopes.resolve(request.user);
    return true;
  }

  override handleRequest<T>(err: unknown, account: T, _info: unknown, context: ExecutionContext): T {
    if (err instanceof AppError) throw err;
    if (err || !account) {
      const sentToken = !!context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization;
      throw sentToken ? IdentityErrors.invalidToken() : commonError(401, 'UNAUTHORIZED');
    }
    return account;
  }
}
