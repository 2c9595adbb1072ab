import type { INestApplicationContext } from '@nestjs/common';
import { DEMO_COMMUNE_CODE, GeoCatalog, VillageRepository } from '@hvs/geography';
import { AccessScope, AppError, type Caller } from '@hvs/platform';
import { AccountRepository } from '../accounts/account.repository';
import { cccdPrefix } from '../personal-data/cccd';
import type { RegisterResidentBody } from '../residents/residents.dto';
import { ResidentsService } from '../residents/residents.service';

/** The demo resident with an account: no password until the first login by a code sent to this phone. */
export const DEMO_RESIDENT_PHONE = '0912000001';

interface DemoResident {
  /** Username of the demo staff member who registers the person. */
  registeredBy: string;
  village: string;
  body: Omit<RegisterResidentBody, 'communeCode' | 'villageCode'>;
}

const DEMO_RESIDENTS: DemoResident[] = [
  {
    // registered at the ward office with his phone: gets a resident account
    registeredBy: 'xa.baichay',
    village: 'Tổ dân phố 2',
    body: {
      fullName: 'Trần Văn Bảy',
      birthDate: '1962-05-20',
      sex: 'male',
      cccd: `${cccdPrefix('22', 1962, 'male')}912001`,
      phone: DEMO_RESIDENT_PHONE,
      consent: { purposes: ['training_records', 'contact_by_phone', 'certificate_recognition'], method: 'assisted' },
    },
  },
  {
    // registered door to door by the instructor on a paper form: no phone, so no account
    registeredBy: 'gv.baichay',
    village: 'Tổ dân phố 5',
    body: {
      fullName: 'Hoàng Thị Tư',
      birthDate: '1949-11-03',
      sex: 'female',
      noSmartphone: true,
      consent: { purposes: ['training_records'], method: 'paper_form' },
    },
  },
];

/**
 * Two residents of the demo commune, registered through the registry as the demo staff would: one with
 * a phone (and so an account whose first login goes through a one-time code), one without phone or
 * account. Needs the demo villages and staff accounts; a second run creates nothing (the CCCD and the
 * duplicate-person check refuse a second registration).
 */
export async function seedResidentDemoData(app: INestApplicationContext): Promise<{ residents: number }> {
  const residents = app.get(ResidentsService);
  const commune = app.get(GeoCatalog).commune(DEMO_COMMUNE_CODE);
  if (!commune) throw new Error(`demo commune ${DEMO_COMMUNE_CODE} is missing: load the reference data first`);
  const scope = AccessScope.paths([commune.path]);
  const [villages] = await app.get(VillageRepository).list({ communeCode: DEMO_COMMUNE_CODE }, { limit: 100, offset: 0 }, scope);
  let created = 0;
  for (const resident of DEMO_RESIDENTS) {
    const staff = await app.get(AccountRepository).findForLogin(resident.registeredBy);
    if (!staff) throw new Error(`demo account ${resident.registeredBy} is missing`);
    const village = villages.find((v) => v.name === resident.village);
    const caller: Caller = { account: { id: staff.id, role: staff.role }, scope };
    try {
      await residents.register({ ...resident.body, communeCode: DEMO_COMMUNE_CODE, villageCode: village?.code ?? null }, caller);
      created++;
    } catch (err) {
      if (!(err instanceof AppError && ['RESIDENT_DUPLICATE_CCCD', 'RESIDENT_POSSIBLE_DUPLICATE'].includes(err.code))) throw err;
    }
  }
  return { residents: created };
}
