import type { INestApplicationContext } from '@nestjs/common';
import { AreaRepository, DEMO_COMMUNE_CODE, DEMO_PROVINCE_CODE } from '@hvs/geography';
import { AccessScope } from '@hvs/platform';
import type { AccountEntity } from '../accounts/account.entity';
import { AccountRepository } from '../accounts/account.repository';
import { PasswordHasher } from '../passwords/password-hasher';

/** The password of every demo account (README.md lists them). Demo data only. */
export const DEMO_PASSWORD = 'hocvuso-demo';
export const DEMO_AREA_NAME = 'Hạ Long (cũ)';

/** One staff account per role in the demo province; a second run creates nothing. */
export async function seedIdentityDemoData(app: INestApplicationContext): Promise<{ accounts: number }> {
  const accounts = app.get(AccountRepository);
  const hasher = app.get(PasswordHasher);
  const [areas] = await app.get(AreaRepository).list({ provinceCode: DEMO_PROVINCE_CODE, q: DEMO_AREA_NAME }, { limit: 1, offset: 0 }, AccessScope.all());
  const area = areas.find((a) => a.name === DEMO_AREA_NAME);
  if (!area) throw new Error(`demo area "${DEMO_AREA_NAME}" is missing: load the geography demo data first`);

  const wanted: Array<Partial<AccountEntity> & { username: string }> = [
    { username: 'admin', role: 'administrator', displayName: 'Quản trị viên hệ thống' },
    { username: 'tinh.quangninh', role: 'province_officer', displayName: 'Cán bộ tỉnh Quảng Ninh', scopeProvinceCode: DEMO_PROVINCE_CODE },
    { username: 'khuvuc.halong', role: 'area_officer', displayName: 'Cán bộ khu vực Hạ Long', scopeAreaId: area.id },
    { username: 'xa.baichay', role: 'commune_officer', displayName: 'Cán bộ phường Bãi Cháy', scopeCommuneCode: DEMO_COMMUNE_CODE },
    { username: 'gv.baichay', role: 'instructor', displayName: 'Giảng viên Nguyễn Thị Lan', scopeCommuneCode: DEMO_COMMUNE_CODE },
  ];
  let created = 0;
  for (const account of wanted) {
    if (await accounts.findForLogin(account.username)) continue;
    await accounts.create({ ...account, passwordHash: await hasher.hash(DEMO_PASSWORD) });
    created++;
  }
  return { accounts: created };
}
