import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { StaffCredentials } from '@hvs/identity';
import { AccessScope, AppError, AuditLog, Public } from '@hvs/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ADMINISTRATOR, AdministratorGate, type AuthenticatedAccount, DASHBOARD_BASE, DASHBOARD_LOGIN } from './administrator-gate';
import { loginPage } from './login-page';
import { QueueDashboardLoginBody } from './queue-dashboard-login.dto';

const HTML = 'text/html; charset=utf-8';

/** A page of the dashboard to return to after the login; anything else (another site, another path) is the dashboard. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string') return DASHBOARD_BASE;
  const ok = /^\/admin\/queues(\/[A-Za-z0-9._~\-/%]*)?(\?[^\s#]*)?$/.test(next) && !next.startsWith(DASHBOARD_LOGIN) && !next.includes('//');
  return ok ? next : DASHBOARD_BASE;
}

/**
 * The queue dashboard's login (a small server-rendered page, Vietnamese, no script) and logout. The
 * password is checked by identity's local strategy, behind its login throttle; only administrators get
 * a session (a signed HttpOnly cookie, SameSite=Strict, Secure over https). Logins and logouts are audited.
 */
@ApiExcludeController()
@Controller('admin/queues')
export class QueueDashboardLoginController {
  constructor(
    private readonly gate: AdministratorGate,
    private readonly audit: AuditLog,
    private readonly credentials: StaffCredentials,
  ) {}

  @Get('login')
  @Public()
  async page(@Query('next') next: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const target = safeNext(next);
    if (await this.gate.sessionAccount(request)) return void (await reply.redirect(target, 303));
    await this.html(reply, 200, loginPage({ action: DASHBOARD_LOGIN, next: target }));
  }

  @Post('login')
  @Public()
  async login(@Body() body: QueueDashboardLoginBody, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const next = safeNext(body.next);
    const again = (status: number, error: string) =>
      this.html(reply, status, loginPage({ action: DASHBOARD_LOGIN, next, username: body.username, error }));
    if (!body.username?.trim() || !body.password) return again(400, 'Vui lòng nhập tên đăng nhập và mật khẩu.');
    let account: AuthenticatedAccount;
    try {
      account = await this.credentials.passwordAccount(body.username, body.password, request.ip);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 429) {
        const wait = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (wait) void reply.header('retry-after', String(Math.ceil(wait)));
      }
      return again(error.status, error.message);
    }
    if (account.role !== ADMINISTRATOR) return again(403, 'Tài khoản này không có quyền quản trị: chỉ quản trị viên được xem bảng điều khiển hàng đợi.');
    await this.record(account, request, 'queue_dashboard.login');
    await reply.header('set-cookie', this.gate.sessionCookie(account, request)).redirect(next, 303);
  }

  @Post('logout')
  @Public()
  async logout(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.end(request, reply);
  }

  @Get('logout')
  @Public()
  async logoutLink(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.end(request, reply);
  }

  private async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const account = await this.gate.sessionAccount(request);
    if (account) await this.record(account, request, 'queue_dashboard.logout');
    await reply.header('set-cookie', this.gate.clearedCookie(request)).redirect(DASHBOARD_LOGIN, 303);
  }

  private record(account: AuthenticatedAccount, request: FastifyRequest, action: string): Promise<void> {
    const caller = { account, scope: AccessScope.all(), requestId: request.id, ip: request.ip };
    return this.audit.record(caller, { action, targetType: 'account', targetId: account.id, unitPath: account.scopePath });
  }

  private async html(reply: FastifyReply, status: number, body: string): Promise<void> {
    await reply.status(status).header('content-type', HTML).header('cache-control', 'no-store').send(body);
  }
}
