// The public API of @hvs/identity: the module, the resident readers, personal-data rules, accounts and residents as other capabilities and tests use them, the published SQL.
// Named exports only; everything else is internal (libs/testing/src/architecture/public-api.spec.ts).
export { AccountRepository } from './accounts/account.repository';
export { AuditEventView } from './audit/audit-events.dto';
export { LOGIN_LIMITS } from './auth/login-throttle';
export { StaffCredentials } from './auth/staff-credentials';
export { DEMO_PASSWORD, seedIdentityDemoData } from './demo/identity-demo-data';
export { DEMO_RESIDENT_PHONE } from './demo/resident-demo-data';
export { IdentityModule } from './identity.module';
export { PasswordHasher } from './passwords/password-hasher';
export { cccdPrefix, parseCccd, type Sex, validateCccd } from './personal-data/cccd';
export { maskCccd, maskPhone } from './personal-data/masking';
export { parsePersonalDataKeys, PersonalDataCipher } from './personal-data/personal-data-cipher';
export { ACCOUNTS_SQL, RESIDENTS_SQL } from './published-sql';
export { IMPORT_COLUMNS } from './residents/import/import-columns';
export { OTP_LIMITS } from './resident-accounts/otp-throttle';
export { ResidentIdPipe } from './residents/resident-access';
export { ResidentKeyRotation } from './residents/resident-key-rotation';
export { type ResidentPersonalData, ResidentPersonalDataCodec } from './residents/resident-personal-data';
export { type ResidentProfile, ResidentProfiles } from './residents/resident-profiles';
export { type HolderIdentity, type HolderIdentityResult, type HolderProblem, ResidentIdentityReader, type ResidentPlace, ResidentPlaces, ResidentReadersModule } from './residents/resident-readers';
export { checkPersonalFields } from './residents/resident-rules';
export { ResidentRepository } from './residents/resident.repository';
export { RegisterResidentBody, ResidentDetailView, SearchResidentsQuery } from './residents/residents.dto';
export { ResidentErrors, ResidentsService } from './residents/residents.service';
export { residentPageQuery } from './residents/resident-page.query';
