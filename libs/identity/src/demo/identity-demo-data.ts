import type { INestApplicationContext } from '@nestjs/common';
import { AreaRepository, DEMO_COMMUNE_CODE, DEMO_PROVINCE_CODE } from '@hvs/geography';
import { AccessScope } from '@hvs/platform';
import type { CreateStaffAccountBody } from '../accounts/accounts.dto';
import { AccountsService } from '../accounts/accounts.service';
import { AppError } from '@hvs/platform';
import { seedResidentDemoData } from './resident-demo-data';

/** The password of every demo account (README.md lists them). Demo data only. */
export const DEMO_PASSWORD = 'hocvuso-demo';
export const DEMO_AREA_NAME = 'Hạ Long (cũ)';

/**
 * One staff account per role in the demo province, and two residents of the demo commune (one with a
 * resident account, one without); a second run creates nothing.
 */
export async function seedIdentityDemoData(app: INestApplicationContext): Promise<{ accounts: number; residents: number }> {
  const accounts = app.get(AccountsService);
  // seeding acts with an administrator's rank on the whole country, audited as the system process "seed"
  const asSystem = { system: 'seed', scope: AccessScope.all() };
  const [areas] = await app.get(AreaRepository).list({ provinceCode: DEMO_PROVINCE_CODE, q: DEMO_AREA_NAME }, { limit: 1, offset: 0 }, AccessScope.all());
  const area = areas.find((a) => a.name === DEMO_AREA_NAME);
  if (!area) throw new Error(`demo area "${DEMO_AREA_NAME}" is missing: load the geography demo data first`);

  const wanted: Array<Omit<CreateStaffAccountBody, 'password'>> = [
    { username: 'admin', role: 'administrator', displayName: 'Quản trị viên hệ thống' },
    { username: 'tinh.quangninh', role: 'province_officer', displayName: 'Cán bộ tỉnh Quảng Ninh', provinceCode: DEMO_PROVINCE_CODE },
    { username: 'khuvuc.halong', role: 'area_officer', displayName: 'Cán bộ khu vực Hạ Long', areaId: area.id },
    { username: 'xa.baichay', role: 'commune_officer', displayName: 'Cán bộ phường Bãi Cháy', communeCode: DEMO_COMMUNE_CODE },
    { username: 'gv.baichay', role: 'instructor', displayName: 'Giảng viên Nguyễn Thị Lan', communeCode: DEMO_COMMUNE_CODE },
  ];
  let created = 0;
  for (const account of wanted) {
    try {
      await accounts.create({ ...account, password: DEMO_PASSWORD }, asSystem);
      created++;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'USERNAME_TAKEN')) throw err;
    }
  }
  const { residents } = await seedResidentDemoData(app);
  return { accounts: created, residents };
}
