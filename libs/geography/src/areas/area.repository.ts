import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AccessScope, normalizeSearchText, wordPrefixCondition } from '@hvs/platform';
import { EntityManager, Repository, type SelectQueryBuilder } from 'typeorm';
import { AreaCommuneEntity } from './area-commune.entity';
import { AreaEntity } from './area.entity';

export interface AreaFilter {
  provinceCode?: string;
  q?: string;
}

/** All reads and writes of areas. An area is in scope when its province is (areas are province-level groups). */
@Injectable()
export class AreaRepository {
  constructor(@InjectRepository(AreaEntity) private readonly repo: Repository<AreaEntity>) {}

  private scoped(qb: SelectQueryBuilder<AreaEntity>, scope: AccessScope): SelectQueryBuilder<AreaEntity> {
    if (scope.kind === 'all') return qb;
    if (scope.paths.length === 0) return qb.andWhere('1 = 0');
    return qb.andWhere('a.province_code::ltree <@ ARRAY[:...areaScope]::ltree[]', { areaScope: [...scope.paths] });
  }

  async list(filter: AreaFilter, page: { limit: number; offset: number }, scope: AccessScope): Promise<[AreaEntity[], number]> {
    const qb = this.repo.createQueryBuilder('a').leftJoinAndSelect('a.members', 'm');
    this.scoped(qb, scope);
    if (filter.provinceCode) qb.andWhere('a.province_code = :province', { province: filter.provinceCode });
    const q = filter.q ? normalizeSearchText(filter.q) : '';
    if (q) qb.andWhere(wordPrefixCondition('a.search_name', 'q'), { q });
    const ids = await qb
      .clone()
      .select('a.id', 'id')
      .addSelect('a.province_code', 'province_code')
      .addSelect('a.name', 'name')
      .distinct(true)
      .orderBy('a.province_code')
      .addOrderBy('a.name')
      .addOrderBy('a.id')
      .limit(page.limit)
      .offset(page.offset)
      .getRawMany<{ id: string }>();
    const total = await qb.clone().getCount();
    if (ids.length === 0) return [[], total];
    const rows = await this.repo
      .createQueryBuilder('a')
      .leftJoinAndSelect('a.members', 'm')
      .where('a.id IN (:...ids)', { ids: ids.map((r) => r.id) })
      .orderBy('a.province_code')
      .addOrderBy('a.name')
      .addOrderBy('a.id')
      .addOrderBy('m.commune_code')
      .getMany();
    return [rows, total];
  }

  /**
   * Every area of a province with its member communes, in one query (a province's figures list its
   * areas): ordered by name. The caller has checked the province is in scope.
   */
  async membersInProvince(provinceCode: string): Promise<Array<{ id: string; name: string; members: string[] }>> {
    return this.repo.query(
      `SELECT a.id, a.name, coalesce(array_agg(m.commune_code ORDER BY m.commune_code) FILTER (WHERE m.commune_code IS NOT NULL), '{}') AS members
         FROM geo_areas a LEFT JOIN geo_area_communes m ON m.area_id = a.id
        WHERE a.province_code = $1 GROUP BY a.id, a.name ORDER BY a.name, a.id`,
      [provinceCode],
    );
  }

  async findById(id: string, scope: AccessScope, manager?: EntityManager): Promise<AreaEntity | null> {
    const qb = (manager ? manager.getRepository(AreaEntity) : this.repo)
      .createQueryBuilder('a')
      .leftJoinAndSelect('a.members', 'm')
      .where('a.id = :id', { id })
      .orderBy('m.commune_code');
    this.scoped(qb, scope);
    return qb.getOne();
  }

  async insert(tx: EntityManager, area: Pick<AreaEntity, 'provinceCode' | 'name' | 'kind' | 'searchName'>): Promise<AreaEntity> {
    const saved = await tx.getRepository(AreaEntity).save(tx.getRepository(AreaEntity).create(area));
    return saved;
  }

  async update(tx: EntityManager, area: AreaEntity): Promise<void> {
    await tx
      .getRepository(AreaEntity)
      .update({ id: area.id }, { name: area.name, kind: area.kind, searchName: area.searchName, updatedAt: new Date() });
  }

  async replaceMembers(tx: EntityManager, areaId: string, provinceCode: string, communeCodes: string[]): Promise<void> {
    await tx.getRepository(AreaCommuneEntity).delete({ areaId });
    await tx
      .getRepository(AreaCommuneEntity)
      .insert(communeCodes.map((communeCode) => ({ areaId, communeCode, provinceCode })));
  }

  async delete(tx: EntityManager, id: string): Promise<void> {
    await tx.getRepository(AreaEntity).delete({ id });
  }
}
