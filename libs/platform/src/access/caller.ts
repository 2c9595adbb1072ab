import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AccessScope } from '../scope/access-scope';
import { requireRequestScope, type AccessContext } from './access.decorators';

/** The account behind a request, as much of it as shared code needs. */
export interface CallerAccount {
  id: string;
  role: string;
}

/**
 * Who is calling and what they reach: the authenticated account, its scope, and where the request came
 * from (for the audit trail). Services take a caller instead of loose arguments, so scope and audit
 * cannot be forgotten.
 */
export interface Caller<A extends CallerAccount = CallerAccount> {
  account: A;
  scope: AccessScope;
  requestId?: string;
  ip?: string;
}

/** The caller of a protected route (set up by the access guard). */
export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  const request = ctx.switchToHttp().getRequest<AccessContext & { user?: CallerAccount; id?: string; ip?: string }>();
  if (!request.user) throw new Error('CurrentCaller used on a route without an authenticated account');
  return { account: request.user, scope: requireRequestScope(request, 'CurrentCaller'), requestId: request.id, ip: request.ip };
});

/** A system process acting with a scope (demo seeding, maintenance); the audit trail names it. */
export interface SystemCaller {
  readonly system: string;
  readonly scope: AccessScope;
}

/** Who performs a write: a caller of the api, or a named system process. */
export type Writer<A extends CallerAccount = CallerAccount> = Caller<A> | SystemCaller;
