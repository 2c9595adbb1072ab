import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog, type AccessScope, cleanDisplayName, isUniqueViolation, normalizeSearchText, pageOf, type Page, type Writer } from '@hvs/platform';
import { DataSource } from 'typeorm';
import { GeoCatalog } from '../catalog/geo-catalog.service';
import type { CreateAreaBody, ListAreasQuery, UpdateAreaBody } from '../dto/queries.dto';
import type { AreaDto } from '../dto/unit.dto';
import { GeoErrors } from '../geo-errors';
import type { AreaEntity } from './area.entity';
import { UnitsInScope } from '../units/units-in-scope';
import { AreaRepository } from './area.repository';

export function toAreaDto(a: AreaEntity): AreaDto {
  return {
    id: a.id,
    provinceCode: a.provinceCode,
    name: a.name,
    kind: a.kind,
    communeCodes: (a.members ?? []).map((m) => m.communeCode).sort(),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/**
 * Areas: named groups of communes inside one province (a former district, a cluster), used to scope
 * officers. Every write is recorded in the audit trail in its transaction, under the area's province.
 */
@Injectable()
export class AreasService {
  constructor(
    private readonly catalog: GeoCatalog,
    private readonly areas: AreaRepository,
    private readonly units: UnitsInScope,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The tree path of an area's province (where its audit events are filed). */
  private provincePath(provinceCode: string): string {
    return this.catalog.province(provinceCode)?.path ?? provinceCode;
  }

  private checkCommunes(provinceCode: string, codes: string[]): string[] {
    const unknown = codes.filter((c) => !this.catalog.commune(c));
    if (unknown.length) throw GeoErrors.unknownCommunes(unknown);
    const outside = codes.filter((c) => this.catalog.commune(c)?.provinceCode !== provinceCode);
    if (outside.length) throw GeoErrors.communesOutsideProvince(outside, provinceCode);
    return [...codes].sort();
  }

  async list(query: ListAreasQuery, scope: AccessScope): Promise<Page<AreaDto>> {
    const [rows, total] = await this.areas.list({ provinceCode: query.province, q: query.q }, query, scope);
    return pageOf(rows.map(toAreaDto), total, query);
  }

  async get(id: string, scope: AccessScope): Promise<AreaDto> {
    return toAreaDto(await this.units.area(id, scope));
  }

  async create(body: CreateAreaBody, caller: Writer): Promise<AreaDto> {
    const province = this.catalog.provinceInScope(body.provinceCode, caller.scope);
    const communeCodes = this.checkCommunes(province.code, body.communeCodes);
    const name = cleanDisplayName(body.name);
    try {
      const id = await this.dataSource.transaction(async (tx) => {
        const area = await this.areas.insert(tx, {
          provinceCode: province.code,
          name,
          kind: body.kind,
          searchName: normalizeSearchText(name),
        });
        await this.areas.replaceMembers(tx, area.id, province.code, communeCodes);
        await this.audit.record(
          caller,
          { action: 'area.create', targetType: 'area', targetId: area.id, unitPath: province.path, details: { communeCount: communeCodes.length } },
          tx,
        );
        return area.id;
      });
      return this.get(id, caller.scope);
    } catch (err) {
      if (isUniqueViolation(err, 'geo_areas_province_name_uq')) throw GeoErrors.areaNameTaken(name, province.code);
      throw err;
    }
  }

  async update(id: string, body: UpdateAreaBody, caller: Writer): Promise<AreaDto> {
    const name = body.name === undefined ? undefined : cleanDisplayName(body.name);
    let provinceCode = '';
    try {
      await this.dataSource.transaction(async (tx) => {
        const area = await this.units.area(id, caller.scope, tx);
        provinceCode = area.provinceCode;
        const fields: string[] = [];
        if (name !== undefined && name !== area.name) fields.push('name');
        if (body.kind !== undefined && body.kind !== area.kind) fields.push('kind');
        if (name !== undefined) {
          area.name = name;
          area.searchName = normalizeSearchText(name);
        }
        if (body.kind !== undefined) area.kind = body.kind;
        await this.areas.update(tx, area);
        if (body.communeCodes) {
          const communeCodes = this.checkCommunes(area.provinceCode, body.communeCodes);
          const before = (area.members ?? []).map((m) => m.communeCode).sort();
          if (communeCodes.join() !== before.join()) fields.push('communeCodes');
          await this.areas.replaceMembers(tx, id, area.provinceCode, communeCodes);
        }
        await this.audit.record(
          caller,
          { action: 'area.update', targetType: 'area', targetId: id, unitPath: this.provincePath(area.provinceCode), details: { fields } },
          tx,
        );
      });
    } catch (err) {
      if (isUniqueViolation(err, 'geo_areas_province_name_uq')) throw GeoErrors.areaNameTaken(name ?? '', provinceCode);
      throw err;
    }
    return this.get(id, caller.scope);
  }

  async delete(id: string, caller: Writer): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const area = await this.units.area(id, caller.scope, tx);
      await this.areas.delete(tx, id);
      await this.audit.record(caller, { action: 'area.delete', targetType: 'area', targetId: id, unitPath: this.provincePath(area.provinceCode) }, tx);
    });
  }
}
