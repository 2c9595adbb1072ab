import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountRepository, StaffCredentials } from '@hvs/identity';
import { bearerTokenOf, commonError, Env, isMetricsToken, type AppError } from '@hvs/platform';
import type { FastifyRequest } from 'fastify';
import { OperationsErrors } from './operations-errors';

export const ADMINISTRATOR = 'administrator';

/** An account as identity answers it (the fields the operations routes read). */
export interface AuthenticatedAccount {
  id: string;
  role: string;
  status: string;
  sessionEpoch: number;
  scopePath: string | null;
}
/** Where the queue dashboard lives (Bull Board, its login page and its static files). */
export const DASHBOARD_BASE = '/admin/queues';
export const DASHBOARD_LOGIN = `${DASHBOARD_BASE}/login`;
export const DASHBOARD_LOGOUT = `${DASHBOARD_BASE}/logout`;
export const SESSION_COOKIE = 'hvs_queues_session';
/** How long a dashboard login lasts (the cookie's Max-Age and the signed expiry). */
export const DASHBOARD_SESSION_TTL_S = 8 * 3600;

/** Who may pass, or the error to answer. */
export type GateOutcome = { account?: AuthenticatedAccount; metricsToken?: true } | { error: AppError };

/**
 * Administrator-only access to the operations routes, outside the global access guard (Bull Board's
 * routes are Fastify's, not Nest's): a bearer access token checked by identity's JWT strategy (every
 * check of the guard: signature, expiry, active account, session epoch), or, for the dashboard, a
 * session cookie signed here after a login, holding the account, its session epoch and an expiry, the
 * account being read again on every request (disabled, demoted or logged out everywhere: it ends).
 */
@Injectable()
export class AdministratorGate {
  private readonly cookieKey: Buffer;

  constructor(
    private readonly env: Env,
    private readonly accounts: AccountRepository,
    private readonly credentials: StaffCredentials,
  ) {
    this.cookieKey = createHmac('sha256', env.JWT_SECRET).update('hvs:queue-dashboard-session').digest();
  }

  /** /metrics: the metrics token, or an administrator's access token. */
  async metrics(request: FastifyRequest): Promise<GateOutcome> {
    const token = bearerTokenOf(request.headers.authorization);
    if (token === undefined) return { error: commonError(401, 'UNAUTHORIZED') };
    if (isMetricsToken(token, this.env.METRICS_TOKEN)) return { metricsToken: true };
    return this.bearer(request);
  }

  /** The dashboard: an administrator's access token, or the session cookie; `undefined` account = anonymous. */
  async dashboard(request: FastifyRequest): Promise<GateOutcome> {
    if (request.headers.authorization !== undefined) return this.bearer(request);
    const account = await this.sessionAccount(request);
    return account ? { account } : {};
  }

  private async bearer(request: FastifyRequest): Promise<GateOutcome> {
    const account = await this.credentials.accessTokenAccount(request.headers);
    if (!account) return { error: OperationsErrors.invalidToken() };
    if (account.role !== ADMINISTRATOR) return { error: commonError(403, 'FORBIDDEN') };
    return { account };
  }

  /** Set-Cookie of a new session of `account` (an administrator who has just logged in). */
  sessionCookie(account: AuthenticatedAccount, request: FastifyRequest): string {
    const expires = Math.floor(Date.now() / 1000) + DASHBOARD_SESSION_TTL_S;
    const payload = `${account.id}.${account.sessionEpoch}.${expires}`;
    return this.cookie(`${payload}.${this.sign(payload)}`, DASHBOARD_SESSION_TTL_S, request);
  }

  /** Set-Cookie that removes the session. */
  clearedCookie(request: FastifyRequest): string {
    return this.cookie('', 0, request);
  }

  /** The administrator of a valid session cookie, or undefined. */
  async sessionAccount(request: FastifyRequest): Promise<AuthenticatedAccount | undefined> {
    const value = cookieValue(request.headers.cookie, SESSION_COOKIE);
    const match = value ? /^([0-9a-f-]{36})\.(\d{1,9})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
    if (!match) return undefined;
    const [, id, epoch, expires, signature] = match;
    const expected = Buffer.from(this.sign(`${id}.${epoch}.${expires}`));
    if (!timingSafeEqual(expected, Buffer.from(signature))) return undefined;
    if (Number(expires) * 1000 <= Date.now()) return undefined;
    const account = await this.accounts.findById(id);
    if (!account || account.status !== 'active' || account.role !== ADMINISTRATOR || account.sessionEpoch !== Number(epoch)) return undefined;
    return account;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.cookieKey).update(payload).digest('base64url');
  }

  private cookie(value: string, maxAge: number, request: FastifyRequest): string {
    const secure = request.protocol === 'https' ? '; Secure' : '';
    return `${SESSION_COOKIE}=${value}; Path=${DASHBOARD_BASE}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
  }
}

/** The value of one cookie of a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
