import { Injectable } from '@nestjs/common';
import { AreaRepository, GeoCatalog } from '@hvs/geography';
import { AccessScope } from '@hvs/platform';
import { scopeOf, type AccountEntity } from '../accounts/account.entity';

/**
 * Turns an account's scope into the tree paths it may reach: the whole country, a province ("22"), the
 * communes of an area ("22.06673", …) or one commune. Residents reach no unit (only their own record).
 */
@Injectable()
export class AccessScopeResolver {
  constructor(
    private readonly catalog: GeoCatalog,
    private readonly areas: AreaRepository,
  ) {}

  async resolve(account: AccountEntity): Promise<AccessScope> {
    const scope = scopeOf(account);
    switch (scope.kind) {
      case 'country':
        return AccessScope.all();
      case 'province': {
        const province = this.catalog.province(scope.provinceCode);
        return AccessScope.paths(province ? [province.path] : []);
      }
      case 'commune': {
        const commune = this.catalog.commune(scope.communeCode);
        return AccessScope.paths(commune ? [commune.path] : []);
      }
      case 'area': {
        const area = await this.areas.findById(scope.areaId, AccessScope.all());
        const paths = (area?.members ?? []).map((m) => this.catalog.commune(m.communeCode)?.path).filter((p): p is string => !!p);
        return AccessScope.paths(paths);
      }
      case 'self':
        return AccessScope.paths([]);
    }
  }
}
