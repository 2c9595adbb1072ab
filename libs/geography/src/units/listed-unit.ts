import { Injectable } from '@nestjs/common';
import type { AccessScope } from '@hvs/platform';
import { GeoCatalog } from '../catalog/geo-catalog.service';
import { GeoErrors } from '../geo-errors';
import { VillageRepository } from '../villages/village.repository';

/** A list's unit filter as query parameters: a commune, a village, or both (the village must be of the commune). */
export interface UnitFilter {
  communeCode?: string;
  villageCode?: string;
}

/**
 * The subtree a list of things held by units (residents, classes…) is narrowed to: the village's or the
 * commune's path, which must be in the caller's scope (404 VILLAGE_NOT_FOUND / COMMUNE_NOT_FOUND
 * otherwise); undefined when the filter names neither (the whole scope).
 */
@Injectable()
export class ListedUnits {
  constructor(
    private readonly catalog: GeoCatalog,
    private readonly villages: VillageRepository,
  ) {}

  async pathOf(filter: UnitFilter, scope: AccessScope): Promise<string | undefined> {
    if (filter.villageCode) {
      const village = await this.villages.findActive(filter.villageCode, scope);
      if (!village || (filter.communeCode && village.communeCode !== filter.communeCode)) throw GeoErrors.villageNotFound(filter.villageCode);
      return village.path;
    }
    if (filter.communeCode) return this.catalog.communeInScope(filter.communeCode, scope).path;
    return undefined;
  }
}
