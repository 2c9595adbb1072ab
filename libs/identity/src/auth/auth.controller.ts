import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, Public, requireRequestScope, type AccessContext, type Caller } from '@hvs/platform';
import type { FastifyRequest } from 'fastify';
import type { AccountEntity } from '../accounts/account.entity';
import { AccountView, ChangePasswordBody, LoginBody, RefreshBody, TokenPair } from './auth.dto';
import { AuthService, toAccountView } from './auth.service';
import { ROLES } from '../accounts/roles';
import { CurrentAccount, LocalAuthGuard } from './guards';

const client = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] });
/** The caller of a protected auth route, with the request id and address the audit trail records. */
const callerOf = (account: AccountEntity, req: FastifyRequest & AccessContext): Caller<AccountEntity> => ({
  account,
  scope: requireRequestScope(req, 'AuthController'),
  requestId: req.id,
  ip: req.ip,
});

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LocalAuthGuard)
  @ApiOperation({ summary: 'Log in with username and password: an access token (15 min) and a refresh token' })
  @ApiOkResponse({ type: TokenPair })
  @ApiErrors(400, 401)
  login(@Body() _body: LoginBody, @CurrentAccount() account: AccountEntity, @Req() req: FastifyRequest): Promise<TokenPair> {
    return this.auth.issueTokens(account, client(req));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token (single use) for a new pair; a reused token ends its session' })
  @ApiOkResponse({ type: TokenPair })
  @ApiErrors(400, 401)
  refresh(@Body() body: RefreshBody, @Req() req: FastifyRequest): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken, client(req));
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of a refresh token' })
  @ApiNoContentResponse()
  @ApiErrors(400)
  logout(@Body() body: RefreshBody): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }

  @Post('logout-all')
  @HttpCode(204)
  @Access(...ROLES)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End every session of the current account, on every device' })
  @ApiNoContentResponse()
  @ApiErrors(401)
  logoutAll(@CurrentAccount() account: AccountEntity, @Req() req: FastifyRequest): Promise<void> {
    return this.auth.logoutEverywhere(callerOf(account, req));
  }

  @Post('password')
  @HttpCode(204)
  @Access(...ROLES)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own password; every session ends (log in again with the new one)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401)
  changePassword(
    @CurrentAccount() account: AccountEntity,
    @Body() body: ChangePasswordBody,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    return this.auth.changePassword(callerOf(account, req), body.currentPassword, body.newPassword);
  }

  @Get('me')
  @Access(...ROLES)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The current account: role and scope' })
  @ApiOkResponse({ type: AccountView })
  @ApiErrors(401)
  me(@CurrentAccount() account: AccountEntity): AccountView {
    return toAccountView(account);
  }
}
