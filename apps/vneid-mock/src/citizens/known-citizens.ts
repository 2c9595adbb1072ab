import type { NameAndBirth } from './registry';

/**
 * The platform's demo residents who have a CCCD, registered exactly as the demo data creates them
 * (libs/identity/src/demo/resident-demo-data.ts), so that the demo flow ends with a recognised
 * certificate. A test (test/known-citizens.e2e-spec.ts) checks them against the seeded demo data.
 * Hoàng Thị Tư, registered without a CCCD, cannot be checked at all and is not here.
 */
export const KNOWN_CITIZENS: ReadonlyArray<NameAndBirth & { cccd: string }> = [
  { cccd: '022062912001', fullName: 'Trần Văn Bảy', birthDate: '1962-05-20' },
];
