import type { GeoCatalog } from '@hvs/geography';
import { AccessScope } from '@hvs/platform';

/**
 * A province named by a request and its communes the caller reaches: an area or commune officer lists
 * the communes of their scope. Unknown province: 404; none of its communes in the scope: 403 OUTSIDE_SCOPE.
 */
export function provinceCommunesInScope(catalog: GeoCatalog, provinceCode: string, scope: AccessScope) {
  const province = catalog.provinceInScope(provinceCode, AccessScope.all());
  const communes = catalog.findCommunes({ provinceCode: province.code }).filter((c) => AccessScope.includes(scope, c.path));
  if (communes.length === 0) catalog.provinceInScope(provinceCode, scope);
  return { province, communes };
}
