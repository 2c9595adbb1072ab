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

/**
 * Thrown when a handler asks for the caller's scope and the access guard left none on the request: a
 * route wired wrongly (no guard, a public route reading a scope). Never answered as "everything": the
 * exception filter turns it into a logged 500 outside production (the bug shows in tests) and a 403 in
 * production (the caller gets nothing).
 */
export class MissingScopeError extends Error {
  constructor(readonly where: string) {
    super(`${where}: the access guard left no scope on the request`);
    this.name = 'MissingScopeError';
  }
}

/** The scope the access guard left on the request; fails closed (MissingScopeError) when there is none. */
export function requireRequestScope(request: AccessContext, where: string): AccessScope {
  const scope = request.accessScope;
  if (!scope) throw new MissingScopeError(where);
  return scope;
}

/** The caller's scope, as set by the access guard (only on routes that have an authenticated caller). */
export const CallerScope = createParamDecorator((_data: unknown, ctx: ExecutionContext): AccessScope =>
  requireRequestScope(ctx.switchToHttp().getRequest<AccessContext>(), 'CallerScope'),
);
