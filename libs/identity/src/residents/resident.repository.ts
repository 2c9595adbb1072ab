import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AccessScope, preparedQuery, whereInScopeRanges } from '@hvs/platform';
import type { EntityManager, Repository } from 'typeorm';
import { ConsentEntity, type ConsentMethod, type ConsentPurpose } from './consent.entity';
import { ResidentEntity } from './resident.entity';
import { residentPageQuery, type ResidentFilter, type ResidentPageRow } from './resident-page.query';

export type { ResidentFilter, ResidentListRow, ResidentPageRow } from './resident-page.query';

/** Reads and writes of residents and their consents; every read takes the caller's scope. */
@Injectable()
export class ResidentRepository {
  constructor(
    @InjectRepository(ResidentEntity) private readonly residents: Repository<ResidentEntity>,
    @InjectRepository(ConsentEntity) private readonly consents: Repository<ConsentEntity>,
  ) {}

  /** One active resident if it lies in the scope (lock it for update inside a transaction with `manager`). */
  findInScope(id: string, scope: AccessScope, manager?: EntityManager): Promise<ResidentEntity | null> {
    const repo = manager ? manager.getRepository(ResidentEntity) : this.residents;
    const qb = repo.createQueryBuilder('r').where('r.id = :id', { id }).andWhere("r.status = 'active'");
    whereInScopeRanges(qb, 'r.path', scope);
    if (manager) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** The resident linked to an account (a resident's own record). */
  findByAccount(accountId: string): Promise<ResidentEntity | null> {
    return this.residents.findOne({ where: { accountId, status: 'active' } });
  }

  /** Who holds a CCCD, whatever the scope: only for duplicate checks, never returned as such. */
  findByCccdIndex(cccdIndex: Buffer, manager?: EntityManager): Promise<ResidentEntity | null> {
    return (manager ?? this.residents.manager).getRepository(ResidentEntity).findOne({ where: { cccdIndex } });
  }

  findByDedupeIndex(dedupeIndex: Buffer, manager?: EntityManager): Promise<ResidentEntity | null> {
    return (manager ?? this.residents.manager)
      .getRepository(ResidentEntity)
      .createQueryBuilder('r')
      .where('r.dedupe_index = :dedupeIndex AND r.cccd_index IS NULL', { dedupeIndex })
      .getOne();
  }

  /** The first-registered active resident with this phone and no account yet (for a first one-time code). */
  firstWithoutAccountByPhone(manager: EntityManager, phoneIndex: Buffer): Promise<ResidentEntity | null> {
    return manager
      .getRepository(ResidentEntity)
      .createQueryBuilder('r')
      .where("r.phone_index = :phoneIndex AND r.account_id IS NULL AND r.status = 'active'", { phoneIndex })
      .orderBy('r.created_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .setLock('pessimistic_write')
      .getOne();
  }

  /**
   * A page of active residents in the scope, in (path, id) order: village by village, then registration
   * order. The read behind every resident list, so it is a prepared statement (one per filter shape)
   * that selects only what a list shows, as an index range scan of one page (see whereInScopeRanges).
   */
  async page(filter: ResidentFilter, scope: AccessScope): Promise<ResidentPageRow[]> {
    const query = residentPageQuery(filter, scope);
    if (!query) return [];
    return preparedQuery<ResidentPageRow>(this.residents.manager.connection, query.name, query.text, query.values);
  }

  insert(manager: EntityManager, resident: ResidentEntity): Promise<ResidentEntity> {
    return manager.getRepository(ResidentEntity).save(resident);
  }

  async update(manager: EntityManager, id: string, fields: Partial<ResidentEntity>): Promise<void> {
    await manager
      .getRepository(ResidentEntity)
      .createQueryBuilder()
      .update()
      .set({ ...fields, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }

  consentsOf(residentId: string, manager?: EntityManager): Promise<ConsentEntity[]> {
    return (manager ?? this.consents.manager)
      .getRepository(ConsentEntity)
      .find({ where: { residentId }, order: { grantedAt: 'ASC', purpose: 'ASC' } });
  }

  /** Records consent for purposes not already given (a purpose has at most one current consent). */
  async grantConsents(
    manager: EntityManager,
    residentId: string,
    purposes: readonly ConsentPurpose[],
    method: ConsentMethod,
    recordedBy: string | null,
  ): Promise<ConsentPurpose[]> {
    const rows: Array<{ purpose: ConsentPurpose }> = await manager.query(
      `INSERT INTO identity_consents (resident_id, purpose, method, recorded_by)
       SELECT $1, p, $3, $4 FROM unnest($2::text[]) AS p
       ON CONFLICT (resident_id, purpose) WHERE withdrawn_at IS NULL DO NOTHING
       RETURNING purpose`,
      [residentId, purposes, method, recordedBy],
    );
    return rows.map((r) => r.purpose);
  }

  async withdrawConsent(manager: EntityManager, residentId: string, purpose: ConsentPurpose, by: string | null): Promise<boolean> {
    const result = await manager
      .getRepository(ConsentEntity)
      .createQueryBuilder()
      .update()
      .set({ withdrawnAt: () => 'now()', withdrawnBy: by })
      .where('resident_id = :residentId AND purpose = :purpose AND withdrawn_at IS NULL', { residentId, purpose })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
