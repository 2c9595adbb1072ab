import { Injectable } from '@nestjs/common';
import { AccessScope } from '@hvs/platform';
import { GeoCatalog, type CommuneRecord, type ProvinceRecord } from '../catalog/geo-catalog.service';
import type { UnitDetailDto, UnitRefDto } from '../dto/unit.dto';
import { GeoErrors } from '../geo-errors';
import { VillageRepository } from '../villages/village.repository';

const provinceRef = (p: ProvinceRecord): UnitRefDto => ({
  level: 'province',
  code: p.code,
  name: p.name,
  fullName: p.fullName,
  type: p.type,
});
const communeRef = (c: CommuneRecord): UnitRefDto => ({
  level: 'commune',
  code: c.code,
  name: c.name,
  fullName: c.fullName,
  type: c.type,
});

/** One administrative unit of any level, with its ancestors: public reference data, read by anyone. */
@Injectable()
export class UnitsService {
  constructor(
    private readonly catalog: GeoCatalog,
    private readonly villages: VillageRepository,
  ) {}

  async get(code: string): Promise<UnitDetailDto> {
    if (code.length === 2) {
      const p = this.catalog.province(code);
      if (!p) throw GeoErrors.unitNotFound(code);
      return {
        ...provinceRef(p),
        fullNameEn: p.fullNameEn,
        ancestors: [],
        formerNames: p.formerNames,
        estimatedPopulation: p.estimatedPopulation,
        areaKm2: p.areaKm2,
        childCount: p.communeCount,
      };
    }
    if (code.length === 5) {
      const c = this.catalog.commune(code);
      if (!c) throw GeoErrors.unitNotFound(code);
      const province = this.catalog.province(c.provinceCode);
      return {
        ...communeRef(c),
        fullNameEn: c.fullNameEn,
        ancestors: province ? [provinceRef(province)] : [],
        formerNames: c.formerNames,
        formerCode: c.formerCode,
        estimatedPopulation: c.estimatedPopulation,
        populationFlags: c.populationFlags,
        areaKm2: c.areaKm2,
        childCount: await this.villages.countActive(c.code),
      };
    }
    const v = await this.villages.findActive(code, AccessScope.all());
    const c = v && this.catalog.commune(v.communeCode);
    if (!v || !c) throw GeoErrors.unitNotFound(code);
    const province = this.catalog.province(c.provinceCode);
    return {
      level: 'village',
      code: v.code,
      name: v.name,
      fullName: v.name,
      type: v.type,
      ancestors: [...(province ? [provinceRef(province)] : []), communeRef(c)],
      formerNames: [],
    };
  }
}
