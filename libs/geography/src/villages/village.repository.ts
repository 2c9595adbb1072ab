import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AccessScope, normalizeSearchText, whereInScope, wordPrefixCondition } from '@hvs/platform';
import { EntityManager, IsNull, Repository } from 'typeorm';
import type { VillageType } from '../dto/unit.dto';
import { VillageEntity } from './village.entity';

export interface VillageFilter {
  communeCode: string;
  q?: string;
  type?: VillageType;
}

/** All reads and writes of villages; every read is filtered by the caller's scope. */
@Injectable()
export class VillageRepository {
  constructor(@InjectRepository(VillageEntity) private readonly repo: Repository<VillageEntity>) {}

  async list(
    filter: VillageFilter,
    page: { limit: number; offset: number },
    scope: AccessScope,
  ): Promise<[VillageEntity[], number]> {
    const qb = this.repo
      .createQueryBuilder('v')
      .where('v.commune_code = :commune', { commune: filter.communeCode })
      .andWhere('v.archived_at IS NULL');
    whereInScope(qb, 'v.path', scope);
    if (filter.type) qb.andWhere('v.type = :type', { type: filter.type });
    const q = filter.q ? normalizeSearchText(filter.q) : '';
    if (q) qb.andWhere(wordPrefixCondition('v.search_name', 'q'), { q });
    return qb.orderBy('v.seq', 'ASC').take(page.limit).skip(page.offset).getManyAndCount();
  }

  /** Every active village of a commune, in order (no count, no paging: a commune has some dozens). */
  activeIn(communeCode: string): Promise<VillageEntity[]> {
    return this.repo
      .createQueryBuilder('v')
      .where('v.commune_code = :commune', { commune: communeCode })
      .andWhere('v.archived_at IS NULL')
      .orderBy('v.seq', 'ASC')
      .getMany();
  }

  async findActive(code: string, scope: AccessScope, manager?: EntityManager): Promise<VillageEntity | null> {
    const qb = (manager ? manager.getRepository(VillageEntity) : this.repo)
      .createQueryBuilder('v')
      .where('v.code = :code', { code })
      .andWhere('v.archived_at IS NULL');
    whereInScope(qb, 'v.path', scope);
    return qb.getOne();
  }

  async countActive(communeCode: string): Promise<number> {
    return this.repo.count({ where: { communeCode, archivedAt: IsNull() } });
  }

  /** Takes the next sequence number of the commune; call inside a transaction. Codes are never reused. */
  async nextSeq(tx: EntityManager, communeCode: string): Promise<number> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`geo_villages:${communeCode}`]);
    const [row] = await tx.query('SELECT coalesce(max(seq), 0) + 1 AS next FROM geo_villages WHERE commune_code = $1', [
      communeCode,
    ]);
    return Number(row.next);
  }

  async insert(tx: EntityManager, village: Omit<VillageEntity, 'createdAt' | 'updatedAt' | 'archivedAt'>): Promise<VillageEntity> {
    const [row] = await tx.query(
      `INSERT INTO geo_villages (code, commune_code, seq, name, type, search_name, path)
       VALUES ($1, $2, $3, $4, $5, $6, $7::ltree) RETURNING created_at, updated_at`,
      [village.code, village.communeCode, village.seq, village.name, village.type, village.searchName, village.path],
    );
    return { ...village, createdAt: row.created_at, updatedAt: row.updated_at, archivedAt: null };
  }

  async save(tx: EntityManager, village: VillageEntity): Promise<VillageEntity> {
    return tx.getRepository(VillageEntity).save({ ...village, updatedAt: new Date() });
  }
}
