import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AccessScope, ApiErrors, ApiPageResponse, CallerScope, CodeParamPipe, CurrentCaller, UUID_FORMAT, type Caller, type Page } from '@hvs/platform';
import { AccountView } from '../auth/auth.dto';
import { CurrentAccount } from '../auth/guards';
import type { AccountEntity } from './account.entity';
import { CreateStaffAccountBody, ListAccountsQuery, ResetPasswordBody } from './accounts.dto';
import { AccountsService } from './accounts.service';

/** Officers who manage accounts below them (what they may create or reset depends on their role and scope). */
const ACCOUNT_MANAGERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer'];
const AccountIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_ACCOUNT_ID', 'Mã tài khoản phải là một UUID.');

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Access(...ACCOUNT_MANAGERS)
  @ApiOperation({ summary: 'Create a staff account below you, in your scope' })
  @ApiCreatedResponse({ type: AccountView })
  @ApiErrors(400, 401, 403, 404, 409)
  create(
    @Body() body: CreateStaffAccountBody,
    @CurrentAccount() account: AccountEntity,
    @CurrentCaller() caller: Caller,
  ): Promise<AccountView> {
    return this.accounts.create(body, { ...caller, account });
  }

  @Get()
  @Access(...ACCOUNT_MANAGERS)
  @ApiOperation({ summary: 'Staff accounts in your scope' })
  @ApiPageResponse(AccountView)
  @ApiErrors(400, 401)
  list(@Query() query: ListAccountsQuery, @CurrentAccount() account: AccountEntity, @CallerScope() scope: AccessScope): Promise<Page<AccountView>> {
    return this.accounts.list(query, { account, scope });
  }

  @Post(':id/password')
  @HttpCode(204)
  @Access(...ACCOUNT_MANAGERS)
  @ApiOperation({ summary: 'Set a new password for an account below you (its sessions end)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 404)
  resetPassword(
    @Param('id', AccountIdPipe) id: string,
    @Body() body: ResetPasswordBody,
    @CurrentAccount() account: AccountEntity,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    return this.accounts.resetPassword(id, body.newPassword, { ...caller, account });
  }
}
