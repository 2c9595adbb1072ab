import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Env } from '@hvs/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { partnerError } from '../mock-errors';
import { PartnerTokens, sameSecret } from './partner-tokens';

const REALM = 'Bearer realm="vneid-partner"';

/** The client id a valid token was issued to, set on the request by PartnerAuthGuard. */
export const CLIENT_ID = Symbol('vneid client id');
export type AuthenticatedRequest = FastifyRequest & { [CLIENT_ID]?: string };

const bearer = (request: FastifyRequest): string | null => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? (match[1] as string) : null;
};

/** Every /v1 call: a valid, unexpired partner token, or 401 with WWW-Authenticate (RFC 6750 §3). */
@Injectable()
export class PartnerAuthGuard implements CanActivate {
  constructor(private readonly tokens: PartnerTokens) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const token = bearer(request);
    if (!token) {
      void reply.header('www-authenticate', REALM);
      throw partnerError('TOKEN_MISSING');
    }
    const check = this.tokens.check(token);
    if (!check.ok) {
      const why = check.reason === 'TOKEN_EXPIRED' ? 'The access token expired' : 'The access token is invalid';
      void reply.header('www-authenticate', `${REALM}, error="invalid_token", error_description="${why}"`);
      throw partnerError(check.reason);
    }
    request[CLIENT_ID] = check.clientId;
    return true;
  }
}

/** The mock's /admin endpoints: `Authorization: Bearer <VNEID_ADMIN_TOKEN>`. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly env: Env) {}

  canActivate(context: ExecutionContext): boolean {
    const token = bearer(context.switchToHttp().getRequest<FastifyRequest>());
    if (!token || !sameSecret(token, this.env.VNEID_ADMIN_TOKEN)) throw partnerError('ADMIN_UNAUTHORIZED');
    return true;
  }
}

