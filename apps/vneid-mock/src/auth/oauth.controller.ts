import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TrafficCounters } from '../faults/traffic-counters';
import { PartnerTokens } from './partner-tokens';

type OAuthError = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type';

const DESCRIPTIONS: Record<OAuthError, string> = {
  invalid_request: 'Yêu cầu thiếu tham số, lặp tham số hoặc gửi thông tin xác thực theo hai cách.',
  invalid_client: 'Xác thực ứng dụng (client) không thành công.',
  unsupported_grant_type: 'Chỉ hỗ trợ grant_type=client_credentials.',
};

const REALM = 'Basic realm="vneid-partner"';

/** Client id and secret from `Authorization: Basic` (RFC 6749 §2.3.1: each part form-urlencoded). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | 'malformed' | null {
  if (!header || !/^basic\s/i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

/**
 * `POST /oauth/token`: the OAuth 2.0 client credentials grant (RFC 6749 §4.4), form or JSON, with the
 * client authenticated by HTTP Basic or by client_id/client_secret in the body. Errors have the RFC's
 * own body, `{ error, error_description }`.
 */
@Controller('oauth')
export class OAuthController {
  constructor(
    private readonly tokens: PartnerTokens,
    private readonly counters: TrafficCounters,
  ) {}

  @Post('token')
  token(@Body() body: unknown, @Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): void {
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const fail = (status: number, error: OAuthError) => {
      if (error === 'invalid_client') void reply.header('www-authenticate', REALM);
      void reply.status(status).send({ error, error_description: DESCRIPTIONS[error] });
    };
    const params = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const text = (name: string): string | undefined | 'repeated' => {
      const v = params[name];
      if (v === undefined) return undefined;
      return typeof v === 'string' ? v : 'repeated';
    };
    const grant = text('grant_type');
    const bodyId = text('client_id');
    const bodySecret = text('client_secret');
    if ([grant, bodyId, bodySecret, text('scope')].includes('repeated') || grant === undefined || grant === '') return fail(400, 'invalid_request');
    if (grant !== 'client_credentials') return fail(400, 'unsupported_grant_type');
    const basic = basicCredentials(authorization);
    if (basic === 'malformed' || (basic && (bodyId !== undefined || bodySecret !== undefined))) return fail(400, 'invalid_request');
    const id = basic?.id ?? bodyId;
    const secret = basic?.secret ?? bodySecret;
    if (id === undefined || secret === undefined || !this.tokens.authenticate(id, secret)) return fail(401, 'invalid_client');
    const { token, expiresIn } = this.tokens.issue(id);
    this.counters.current.tokensIssued++;
    void reply.status(200).send({ access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: 'partner' });
  }
}
