import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog, type AccessScope, cleanDisplayName, isUniqueViolation, normalizeSearchText, pageOf, type Page, type Writer } from '@hvs/platform';
import { DataSource } from 'typeorm';
import { GeoCatalog } from '../catalog/geo-catalog.service';
import type { CreateVillageBody, ListVillagesQuery, UpdateVillageBody } from '../dto/queries.dto';
import type { VillageDto } from '../dto/unit.dto';
import { GeoErrors } from '../geo-errors';
import type { VillageEntity } from './village.entity';
import { UnitsInScope } from '../units/units-in-scope';
import { VillageRepository } from './village.repository';

export function toVillageDto(v: VillageEntity): VillageDto {
  return {
    code: v.code,
    name: v.name,
    type: v.type,
    communeCode: v.communeCode,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

/**
 * Who writes geography: a caller of the api, or a system process (demo seeding) acting on the whole
 * country. Either way the write is recorded in the audit trail under that actor.
 */
/**
 * Villages and residential groups: created by each commune (no national list exists). Every write is
 * recorded in the audit trail in its transaction.
 */
@Injectable()
export class VillagesService {
  constructor(
    private readonly catalog: GeoCatalog,
    private readonly villages: VillageRepository,
    private readonly units: UnitsInScope,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(communeCode: string, query: ListVillagesQuery, scope: AccessScope): Promise<Page<VillageDto>> {
    this.catalog.communeInScope(communeCode, scope);
    const [rows, total] = await this.villages.list({ communeCode, q: query.q, type: query.type }, query, scope);
    return pageOf(rows.map(toVillageDto), total, query);
  }

  async get(code: string, scope: AccessScope): Promise<VillageDto> {
    return toVillageDto(await this.units.village(code, scope));
  }

  async create(communeCode: string, body: CreateVillageBody, caller: Writer): Promise<VillageDto> {
    const commune = this.catalog.communeInScope(communeCode, caller.scope);
    const name = cleanDisplayName(body.name);
    try {
      return await this.dataSource.transaction(async (tx) => {
        const seq = await this.villages.nextSeq(tx, communeCode);
        if (seq > 9999) throw GeoErrors.villageLimitReached(communeCode);
        const suffix = String(seq).padStart(4, '0');
        const created = await this.villages.insert(tx, {
          code: `${communeCode}-${suffix}`,
          communeCode,
          seq,
          name,
          type: body.type,
          searchName: normalizeSearchText(name),
          path: `${commune.path}.${suffix}`,
        });
        await this.audit.record(caller, { action: 'village.create', targetType: 'village', targetId: created.code, unitPath: created.path }, tx);
        return toVillageDto(created);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'geo_villages_commune_name_uq')) throw GeoErrors.villageNameTaken(name, communeCode);
      throw err;
    }
  }

  async update(code: string, body: UpdateVillageBody, caller: Writer): Promise<VillageDto> {
    const name = body.name === undefined ? undefined : cleanDisplayName(body.name);
    try {
      return await this.dataSource.transaction(async (tx) => {
        const village = await this.units.village(code, caller.scope, tx);
        const fields: string[] = [];
        if (name !== undefined && name !== village.name) fields.push('name');
        if (body.type !== undefined && body.type !== village.type) fields.push('type');
        if (name !== undefined) {
          village.name = name;
          village.searchName = normalizeSearchText(name);
        }
        if (body.type !== undefined) village.type = body.type;
        const saved = await this.villages.save(tx, village);
        await this.audit.record(
          caller,
          { action: 'village.update', targetType: 'village', targetId: village.code, unitPath: village.path, details: { fields } },
          tx,
        );
        return toVillageDto(saved);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'geo_villages_commune_name_uq')) {
        throw GeoErrors.villageNameTaken(name ?? '', code.slice(0, 5));
      }
      throw err;
    }
  }

  /** Archives the village: it leaves every list, its code is never given to another village. */
  async archive(code: string, caller: Writer): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const village = await this.units.village(code, caller.scope, tx);
      village.archivedAt = new Date();
      await this.villages.save(tx, village);
      await this.audit.record(caller, { action: 'village.archive', targetType: 'village', targetId: village.code, unitPath: village.path }, tx);
    });
  }
}
