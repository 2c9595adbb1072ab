import { Injectable } from '@nestjs/common';
import { AccessScope } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import type { AreaEntity } from '../areas/area.entity';
import { AreaRepository } from '../areas/area.repository';
import { GeoCatalog } from '../catalog/geo-catalog.service';
import { GeoErrors } from '../geo-errors';
import type { VillageEntity } from '../villages/village.entity';
import { VillageRepository } from '../villages/village.repository';
import { requireUnitInScope } from './unit-scope-rule';

/** A list's unit filter as query parameters: a commune, a village, or both (the village must be of the commune). */
export interface UnitFilter {
  communeCode?: string;
  villageCode?: string;
}

/**
 * The units a request names, checked against the caller's scope by the one rule (`requireUnitInScope`:
 * unknown 404, outside the scope 403 OUTSIDE_SCOPE). Provinces and communes are answered by the catalog
 * in memory (`GeoCatalog.provinceInScope` / `communeInScope`); villages and areas here.
 */
@Injectable()
export class UnitsInScope {
  constructor(
    private readonly catalog: GeoCatalog,
    private readonly villages: VillageRepository,
    private readonly areas: AreaRepository,
  ) {}

  /** An active (not archived) village. */
  async village(code: string, scope: AccessScope, manager?: EntityManager): Promise<VillageEntity> {
    const village = await this.villages.findActive(code, AccessScope.all(), manager);
    return requireUnitInScope('village', code, village, (v) => v.path, scope);
  }

  /** An area, in scope when its province is (areas are province-level groups), with its members. */
  async area(id: string, scope: AccessScope, manager?: EntityManager): Promise<AreaEntity> {
    const area = await this.areas.findById(id, AccessScope.all(), manager);
    return requireUnitInScope('area', id, area, (a) => this.catalog.province(a.provinceCode)?.path ?? a.provinceCode, scope);
  }

  /**
   * An area whose figures the caller may read: its province is in the scope, or every commune of it is
   * (an area officer's scope is the area's communes).
   */
  async areaCovered(id: string, scope: AccessScope, manager?: EntityManager): Promise<AreaEntity> {
    const area = await this.areas.findById(id, AccessScope.all(), manager);
    const covered = (a: AreaEntity) =>
      a.members.length > 0 && a.members.every((m) => AccessScope.includes(scope, this.catalog.commune(m.communeCode)?.path ?? m.communeCode));
    if (area && covered(area)) return area;
    return requireUnitInScope('area', id, area, (a) => this.catalog.province(a.provinceCode)?.path ?? a.provinceCode, scope);
  }

  /**
   * The subtree a list of things held by units (residents, classes…) is narrowed to: the village's or the
   * commune's path, checked by the rule; undefined when the filter names neither (the whole scope). A
   * village of another commune than the one named is 404 VILLAGE_NOT_FOUND.
   */
  async pathOf(filter: UnitFilter, scope: AccessScope): Promise<string | undefined> {
    if (filter.villageCode) {
      const village = await this.village(filter.villageCode, scope);
      if (filter.communeCode && village.communeCode !== filter.communeCode) throw GeoErrors.villageNotFound(filter.villageCode);
      return village.path;
    }
    if (filter.communeCode) return this.catalog.communeInScope(filter.communeCode, scope).path;
    return undefined;
  }
}
