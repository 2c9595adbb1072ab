import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AccessScope } from '../scope/access-scope';

export const ACCESS_RULE = 'hvs:access-rule';

/**
 * Who may call an endpoint. Every route states one (a test enumerates them all): `Public()` for anyone,
 * `Access(...roles)` for authenticated accounts of those roles. What data they then reach is the
 * caller's scope, applied by the services and repositories.
 */
export type AccessRule = { public: true } | { public: false; roles: readonly string[] };

export const Public = () => SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);
export const Access = (...roles: string[]) => SetMetadata(ACCESS_RULE, { public: false, roles } satisfies AccessRule);

/** What the access guard leaves on the request for the handler. */
export interface AccessContext {
  accessScope?: AccessScope;
}

/** The caller's scope (set by the access guard; the whole country for public routes). */
export const CallerScope = createParamDecorator((_data: unknown, ctx: ExecutionContext): AccessScope => {
  const scope = ctx.switchToHttp().getRequest<AccessContext>().accessScope;
  return scope ?? { kind: 'all' };
});
