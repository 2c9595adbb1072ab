import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GeoCatalog, UnitsInScope } from '@hvs/geography';
import { AppError, AuditLog, commonError, isUniqueViolation, pageOf, type Caller as PlatformCaller, type Page, type Writer } from '@hvs/platform';
import { DataSource } from 'typeorm';
import { RefreshTokenRepository } from '../auth/refresh-token.repository';
import { toAccountView } from '../auth/auth.service';
import type { AccountView } from '../auth/auth.dto';
import { PasswordHasher } from '../passwords/password-hasher';
import type { AccountEntity } from './account.entity';
import { AccountRepository } from './account.repository';
import type { CreateStaffAccountBody, ListAccountsQuery } from './accounts.dto';
import type { Role } from './roles';

/** Who is above whom: an account is managed only by a higher role whose scope contains it. */
const RANK: Record<Role, number> = {
  administrator: 4,
  province_officer: 3,
  area_officer: 2,
  commune_officer: 1,
  instructor: 0,
  resident: -1,
};

/** The caller of an account operation: their account entity (role and rank matter here) and scope. */
export type Caller = PlatformCaller<AccountEntity>;

/**
 * Who creates accounts: a caller, or a system process (demo seeding) that acts with an administrator's
 * rank and the scope it is given; the audit trail records it as "system:<name>".
 */
const scopeMismatch = (role: Role, needs: string) =>
  AppError.badRequest('ACCOUNT_SCOPE_MISMATCH', `Tài khoản vai trò này cần đúng một đơn vị phụ trách: ${needs}.`, { role, needs });

/** Staff accounts: created, listed and reset by the officers above them, within their scope. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly hasher: PasswordHasher,
    private readonly catalog: GeoCatalog,
    private readonly units: UnitsInScope,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private assertAbove(caller: Writer<AccountEntity>, role: Role): void {
    if ('system' in caller) return;
    const isAdmin = caller.account.role === 'administrator';
    if (!isAdmin && RANK[caller.account.role] <= RANK[role]) {
      throw commonError(403, 'FORBIDDEN', { reason: 'only a higher role can manage this account' });
    }
  }

  /** The unit fields and tree path of a new account, checked against the caller's scope (the rule of units in scope: 403 OUTSIDE_SCOPE outside it). */
  private async placement(body: CreateStaffAccountBody, caller: Writer<AccountEntity>): Promise<Partial<AccountEntity>> {
    const given = [body.provinceCode, body.areaId, body.communeCode].filter((v) => v !== undefined).length;
    switch (body.role) {
      case 'administrator':
        if (given) throw scopeMismatch(body.role, 'không có (toàn quốc)');
        return {};
      case 'province_officer': {
        if (!body.provinceCode || given !== 1) throw scopeMismatch(body.role, 'provinceCode');
        const p = this.catalog.provinceInScope(body.provinceCode, caller.scope);
        return { scopeProvinceCode: p.code, scopePath: p.path };
      }
      case 'area_officer': {
        if (!body.areaId || given !== 1) throw scopeMismatch(body.role, 'areaId');
        const area = await this.units.area(body.areaId, caller.scope);
        // placed at its province for visibility; its scope is the area's communes only
        return { scopeAreaId: area.id, scopePath: this.catalog.province(area.provinceCode)?.path ?? area.provinceCode };
      }
      default: {
        if (!body.communeCode || given !== 1) throw scopeMismatch(body.role, 'communeCode');
        const c = this.catalog.communeInScope(body.communeCode, caller.scope);
        return { scopeCommuneCode: c.code, scopePath: c.path };
      }
    }
  }

  async create(body: CreateStaffAccountBody, caller: Writer<AccountEntity>): Promise<AccountView> {
    this.assertAbove(caller, body.role);
    const placement = await this.placement(body, caller);
    const passwordHash = await this.hasher.hash(body.password);
    try {
      const account = await this.dataSource.transaction(async (tx) => {
        const created = await this.accounts.create(
          { username: body.username, displayName: body.displayName, role: body.role, passwordHash, ...placement },
          tx,
        );
        await this.audit.record(
          caller,
          { action: 'account.create', targetType: 'account', targetId: created.id, unitPath: created.scopePath ?? null, details: { role: created.role } },
          tx,
        );
        return created;
      });
      return toAccountView(account);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw AppError.conflict('USERNAME_TAKEN', `Tên đăng nhập "${body.username}" đã được dùng.`, { username: body.username });
      }
      throw err;
    }
  }

  async list(query: ListAccountsQuery, caller: Caller): Promise<Page<AccountView>> {
    const [rows, total] = await this.accounts.listInScope(query, caller.scope);
    return pageOf(rows.map(toAccountView), total, query);
  }

  /** An officer above sets a new password for an account in their scope; its sessions end. */
  async resetPassword(id: string, newPassword: string, caller: Caller): Promise<void> {
    const target = await this.accounts.findInScope(id, caller.scope);
    if (!target) throw AppError.notFound('ACCOUNT_NOT_FOUND', 'Không tìm thấy tài khoản này.', { id });
    this.assertAbove(caller, target.role);
    const passwordHash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (tx) => {
      await this.accounts.setPasswordHash(id, passwordHash, tx);
      await this.refreshTokens.revokeAccount(tx, id, 'password_reset');
      await this.accounts.bumpSessionEpoch(id, tx);
      await this.audit.record(
        caller,
        { action: 'account.password_reset', targetType: 'account', targetId: id, unitPath: target.scopePath, details: { sessionsEnded: true } },
        tx,
      );
    });
  }
}
