import { AccessScope, type AppError } from '@hvs/platform';
import { GeoErrors } from '../geo-errors';

/** The levels of unit a request can name. */
export type NamedUnitLevel = 'province' | 'commune' | 'village' | 'area';

const NOT_FOUND: Record<NamedUnitLevel, (code: string) => AppError> = {
  province: GeoErrors.provinceNotFound,
  commune: GeoErrors.communeNotFound,
  village: GeoErrors.villageNotFound,
  area: GeoErrors.areaNotFound,
};

/**
 * THE rule for a unit a request names for a scoped operation (a path parameter, a filter, a body field):
 * an unknown unit is 404 `<LEVEL>_NOT_FOUND`; a unit that exists but lies outside the caller's scope is
 * 403 `OUTSIDE_SCOPE`. Units are public reference data (anyone reads them through /geo), so saying
 * "not found" would be false and hides nothing. Personal data outside the scope (residents, accounts,
 * classes) stays 404, like an unknown id: see docs/architecture.md, "Data and scope".
 * `path` is where the unit sits in the tree (an area: its province).
 */
export function requireUnitInScope<T>(level: NamedUnitLevel, code: string, unit: T | null | undefined, path: (unit: T) => string, scope: AccessScope): T {
  if (unit === null || unit === undefined) throw NOT_FOUND[level](code);
  if (!AccessScope.includes(scope, path(unit))) throw GeoErrors.outsideScope(level, code);
  return unit;
}
