import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NameIndex, type AccessScope } from '@hvs/platform';
import { DataSource } from 'typeorm';
import type { CommuneType, ProvinceType } from '../dto/unit.dto';
import { requireUnitInScope } from '../units/unit-scope-rule';
import type { CommuneDto, ProvinceDto } from './catalog.schemas';

export interface ProvinceRecord extends ProvinceDto {
  path: string;
  formerNames: string[];
  estimatedPopulation: number | null;
  areaKm2: number | null;
}

export interface CommuneRecord extends CommuneDto {
  path: string;
  formerCode: string | null;
  formerNames: string[];
  estimatedPopulation: number | null;
  populationFlags: string[];
  areaKm2: number | null;
}

/**
 * The official provinces and communes, held in memory: they change about once a year (on a new
 * reference import) and are read on almost every request. Loaded from PostgreSQL at start.
 */
@Injectable()
export class GeoCatalog implements OnApplicationBootstrap {
  private readonly logger = new Logger(GeoCatalog.name);
  /** Changes at every reload, so caches of answers built from the catalog know they are stale. */
  generation = 0;
  private provinces: ProvinceRecord[] = [];
  private communes: CommuneRecord[] = [];
  private provinceByCode = new Map<string, ProvinceRecord>();
  private communeByCode = new Map<string, CommuneRecord>();
  private communesByProvince = new Map<string, CommuneRecord[]>();
  private provinceIndex = new NameIndex<ProvinceRecord>([], () => ({ name: '', aliases: [], formerNames: [] }));
  private communeIndex = new NameIndex<CommuneRecord>([], () => ({ name: '', aliases: [], formerNames: [] }));

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
  }

  /** Reads provinces and communes again (after a reference import). */
  async reload(): Promise<void> {
    const provinceRows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT p.code, p.name, p.full_name, p.name_en, p.full_name_en, p.type, p.former_names,
              p.estimated_population, p.area_km2::float8 AS area_km2, p.path::text AS path,
              (SELECT count(*)::int FROM geo_communes c WHERE c.province_code = p.code) AS commune_count
       FROM geo_provinces p ORDER BY p.code`,
    );
    const communeRows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT code, province_code, name, full_name, name_en, full_name_en, type, former_code, former_names,
              estimated_population, population_flags, area_km2::float8 AS area_km2, path::text AS path
       FROM geo_communes ORDER BY code`,
    );
    const provinces: ProvinceRecord[] = provinceRows.map((r) => ({
      code: r.code as string,
      name: r.name as string,
      fullName: r.full_name as string,
      nameEn: r.name_en as string,
      fullNameEn: r.full_name_en as string,
      type: r.type as ProvinceType,
      communeCount: r.commune_count as number,
      path: r.path as string,
      formerNames: r.former_names as string[],
      estimatedPopulation: r.estimated_population as number | null,
      areaKm2: r.area_km2 as number | null,
    }));
    const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
    const communes: CommuneRecord[] = communeRows.map((r) => ({
      code: r.code as string,
      name: r.name as string,
      fullName: r.full_name as string,
      nameEn: r.name_en as string,
      fullNameEn: r.full_name_en as string,
      type: r.type as CommuneType,
      provinceCode: r.province_code as string,
      provinceName: provinceByCode.get(r.province_code as string)?.name ?? '',
      path: r.path as string,
      formerCode: r.former_code as string | null,
      formerNames: r.former_names as string[],
      estimatedPopulation: r.estimated_population as number | null,
      populationFlags: r.population_flags as string[],
      areaKm2: r.area_km2 as number | null,
    }));
    const byProvince = new Map<string, CommuneRecord[]>();
    for (const c of communes) {
      const list = byProvince.get(c.provinceCode) ?? [];
      list.push(c);
      byProvince.set(c.provinceCode, list);
    }
    this.provinces = provinces;
    this.communes = communes;
    this.provinceByCode = provinceByCode;
    this.communeByCode = new Map(communes.map((c) => [c.code, c]));
    this.communesByProvince = byProvince;
    this.provinceIndex = new NameIndex(provinces, (p) => ({
      name: p.name,
      aliases: [p.fullName, p.nameEn, p.fullNameEn],
      formerNames: p.formerNames,
    }));
    this.communeIndex = new NameIndex(communes, (c) => ({
      name: c.name,
      aliases: [c.fullName, c.nameEn, c.fullNameEn],
      formerNames: c.formerNames,
    }));
    this.generation++;
    this.logger.log(`geography catalog loaded: ${provinces.length} provinces, ${communes.length} communes`);
  }

  province(code: string): ProvinceRecord | undefined {
    return this.provinceByCode.get(code);
  }

  commune(code: string): CommuneRecord | undefined {
    return this.communeByCode.get(code);
  }

  /** The province a request names, by the one rule of units in scope (unknown 404, outside 403 OUTSIDE_SCOPE). */
  provinceInScope(code: string, scope: AccessScope): ProvinceRecord {
    return requireUnitInScope('province', code, this.provinceByCode.get(code), (p) => p.path, scope);
  }

  /** The commune a request names, by the one rule of units in scope (unknown 404, outside 403 OUTSIDE_SCOPE). */
  communeInScope(code: string, scope: AccessScope): CommuneRecord {
    return requireUnitInScope('commune', code, this.communeByCode.get(code), (c) => c.path, scope);
  }

  /** Provinces matching `q` (best first), or all of them in code order. */
  findProvinces(q?: string): readonly ProvinceRecord[] {
    return q ? this.provinceIndex.search(q) : this.provinces;
  }

  /** Communes matching the filters: by name (best first) or all in code order. */
  findCommunes(filter: { q?: string; provinceCode?: string; type?: CommuneType }): readonly CommuneRecord[] {
    let list: readonly CommuneRecord[] = filter.q
      ? this.communeIndex.search(filter.q)
      : filter.provinceCode
        ? (this.communesByProvince.get(filter.provinceCode) ?? [])
        : this.communes;
    if (filter.q && filter.provinceCode) list = list.filter((c) => c.provinceCode === filter.provinceCode);
    if (filter.type) list = list.filter((c) => c.type === filter.type);
    return list;
  }
}
