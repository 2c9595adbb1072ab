import { AccessScope } from '@hvs/platform';
import { requireUnitInScope } from './unit-scope-rule';

describe('the rule of units named in scope', () => {
  const commune = { code: '06673', path: '22.06673' };
  const path = (u: { path: string }) => u.path;

  it('answers the unit when it lies in the scope (or below a scope path)', () => {
    expect(requireUnitInScope('commune', '06673', commune, path, AccessScope.all())).toBe(commune);
    expect(requireUnitInScope('commune', '06673', commune, path, AccessScope.paths(['22']))).toBe(commune);
    expect(requireUnitInScope('commune', '06673', commune, path, AccessScope.paths(['01', '22.06673']))).toBe(commune);
  });

  it('an unknown unit is 404 of its level', () => {
    expect(() => requireUnitInScope('commune', '99999', undefined, path, AccessScope.all())).toThrow(expect.objectContaining({ status: 404, code: 'COMMUNE_NOT_FOUND' }));
    expect(() => requireUnitInScope('village', '06673-9999', null, path, AccessScope.all())).toThrow(expect.objectContaining({ status: 404, code: 'VILLAGE_NOT_FOUND' }));
    expect(() => requireUnitInScope('area', 'x', null, path, AccessScope.paths([]))).toThrow(expect.objectContaining({ status: 404, code: 'AREA_NOT_FOUND' }));
    expect(() => requireUnitInScope('province', '99', null, path, AccessScope.paths([]))).toThrow(expect.objectContaining({ status: 404, code: 'PROVINCE_NOT_FOUND' }));
  });

  it('a known unit outside the scope is 403 OUTSIDE_SCOPE with a Vietnamese message, never 404', () => {
    for (const scope of [AccessScope.paths(['01']), AccessScope.paths(['22.06709']), AccessScope.paths(['22.0667']), AccessScope.paths([])]) {
      expect(() => requireUnitInScope('commune', '06673', commune, path, scope)).toThrow(
        expect.objectContaining({
          status: 403,
          code: 'OUTSIDE_SCOPE',
          message: 'Xã/phường/đặc khu có mã 06673 nằm ngoài phạm vi quản lý của bạn.',
          details: { level: 'commune', code: '06673' },
        }),
      );
    }
  });
});
