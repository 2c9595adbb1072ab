import type { INestApplicationContext } from '@nestjs/common';
import { AccessScope, AppError } from '@hvs/platform';
import { AreasService } from '../areas/areas.service';
import type { AreaKind, VillageType } from '../dto/unit.dto';
import { VillagesService } from '../villages/villages.service';

/** The demo province and commune used across the demo data (Quảng Ninh, Phường Bãi Cháy). */
export const DEMO_PROVINCE_CODE = '22';
export const DEMO_COMMUNE_CODE = '06673';

const DEMO_VILLAGES: Array<{ commune: string; name: string; type: VillageType }> = [
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ commune: DEMO_COMMUNE_CODE, name: `Tổ dân phố ${n}`, type: 'to_dan_pho' as const })),
  ...[1, 2, 3, 4, 5].map((n) => ({ commune: '07054', name: `Thôn ${n}`, type: 'thon' as const })),
];

const DEMO_AREAS: Array<{ name: string; kind: AreaKind; communes: string[] }> = [
  {
    name: 'Hạ Long (cũ)',
    kind: 'former_district',
    communes: ['06652', '06658', '06661', '06673', '06676', '06685', '06688', '06706', '07030', '07054', '07060'],
  },
  { name: 'Móng Cái (cũ)', kind: 'former_district', communes: ['06709', '06712', '06724', '06733', '06736', '06757'] },
];

const alreadyThere = (err: unknown) => err instanceof AppError && err.status === 409;

/** Demo villages and areas; a second run finds them there and changes nothing. */
export async function seedGeoDemoData(app: INestApplicationContext): Promise<{ villages: number; areas: number }> {
  const villages = app.get(VillagesService);
  const areas = app.get(AreasService);
  // seeding acts on the whole country, recorded in the audit trail as the system process "seed"
  const seed = { system: 'seed', scope: AccessScope.all() };
  let createdVillages = 0;
  let createdAreas = 0;
  for (const v of DEMO_VILLAGES) {
    try {
      await villages.create(v.commune, { name: v.name, type: v.type }, seed);
      createdVillages++;
    } catch (err) {
      if (!alreadyThere(err)) throw err;
    }
  }
  for (const a of DEMO_AREAS) {
    try {
      await areas.create({ provinceCode: DEMO_PROVINCE_CODE, name: a.name, kind: a.kind, communeCodes: a.communes }, seed);
      createdAreas++;
    } catch (err) {
      if (!alreadyThere(err)) throw err;
    }
  }
  return { villages: createdVillages, areas: createdAreas };
}
