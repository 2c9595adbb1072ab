import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AccessScope, preparedQuery, whereInScope } from '@hvs/platform';
import { Repository, type EntityManager } from 'typeorm';
import { AccountCache } from '../access/account-cache';
import { AccountEntity } from './account.entity';

const ACCOUNT_BY_ID = `SELECT id, role, username, display_name AS "displayName", scope_province_code AS "scopeProvinceCode",
  scope_area_id AS "scopeAreaId", scope_commune_code AS "scopeCommuneCode", scope_path AS "scopePath", status,
  session_epoch AS "sessionEpoch", created_at AS "createdAt", updated_at AS "updatedAt", password_changed_at AS "passwordChangedAt"
  FROM identity_accounts WHERE id = $1`;

/** Reads and writes of accounts. The password hash is read only where a password is checked. */
@Injectable()
export class AccountRepository {
  constructor(
    @InjectRepository(AccountEntity) private readonly repo: Repository<AccountEntity>,
    private readonly cache: AccountCache,
  ) {}

  /** One account by id: read on every authenticated request (the access check), so a prepared statement. */
  async findById(id: string): Promise<AccountEntity | null> {
    const rows = await preparedQuery<Record<string, unknown>>(this.repo.manager.connection, 'account_by_id', ACCOUNT_BY_ID, [id]);
    return rows[0] ? Object.assign(new AccountEntity(), rows[0]) : null;
  }

  /** The account with its password hash, for a login. */
  findForLogin(username: string): Promise<(AccountEntity & { passwordHash: string | null }) | null> {
    return this.repo.createQueryBuilder('a').addSelect('a.passwordHash').where('a.username = :username', { username }).getOne();
  }

  /**
   * Accounts placed inside the scope (an administrator's scope is everything). Accounts without a place
   * (administrators, residents) are seen only with the whole country in scope.
   */
  listInScope(
    filter: { role?: string; q?: string; limit: number; offset: number },
    scope: AccessScope,
  ): Promise<[AccountEntity[], number]> {
    const qb = this.repo.createQueryBuilder('a');
    if (scope.kind === 'paths') qb.where('a.scope_path IS NOT NULL');
    whereInScope(qb, 'a.scope_path', scope);
    if (filter.role) qb.andWhere('a.role = :role', { role: filter.role });
    if (filter.q) qb.andWhere("a.username LIKE :q || '%'", { q: filter.q.trim().toLowerCase().replace(/[%_\\]/g, '') });
    return qb.orderBy('a.username', 'ASC').addOrderBy('a.id', 'ASC').take(filter.limit).skip(filter.offset).getManyAndCount();
  }

  /** One account if it is inside the scope. */
  findInScope(id: string, scope: AccessScope): Promise<AccountEntity | null> {
    const qb = this.repo.createQueryBuilder('a').where('a.id = :id', { id });
    if (scope.kind === 'paths') qb.andWhere('a.scope_path IS NOT NULL');
    whereInScope(qb, 'a.scope_path', scope);
    return qb.getOne();
  }

  /** The repository to use: the transaction's when one is given. */
  private on(manager?: EntityManager): Repository<AccountEntity> {
    return manager ? manager.getRepository(AccountEntity) : this.repo;
  }

  async create(account: Partial<AccountEntity>, manager?: EntityManager): Promise<AccountEntity> {
    const repo = this.on(manager);
    return repo.save(repo.create(account));
  }

  async setPasswordHash(id: string, passwordHash: string, manager?: EntityManager): Promise<void> {
    this.cache.forget(id);
    await this.on(manager).update({ id }, { passwordHash, updatedAt: new Date(), passwordChangedAt: new Date() });
  }

  /** Ends every session of the account: tokens carrying the old epoch are refused from now on. */
  async bumpSessionEpoch(id: string, manager?: EntityManager): Promise<number> {
    this.cache.forget(id);
    const result = await this.on(manager)
      .createQueryBuilder()
      .update()
      .set({ sessionEpoch: () => 'session_epoch + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .returning('session_epoch')
      .execute();
    return Number((result.raw as Array<{ session_epoch: number }>)[0]?.session_epoch);
  }
}
