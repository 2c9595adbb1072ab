import { GeographySchema1763800000000 } from './1763800000000-GeographySchema';
import { IdentityAccounts1763900000000 } from './1763900000000-IdentityAccounts';
import { AccountScopePath1764000000000 } from './1764000000000-AccountScopePath';
import { AuditTrail1764100000000 } from './1764100000000-AuditTrail';
import { ResidentsRegistry1764200000000 } from './1764200000000-ResidentsRegistry';
import { ResidentAccountsOtp1764300000000 } from './1764300000000-ResidentAccountsOtp';
import { ResidentImports1764400000000 } from './1764400000000-ResidentImports';
import { AccountChangeNotify1764500000000 } from './1764500000000-AccountChangeNotify';
import { TransactionalOutbox1764600000000 } from './1764600000000-TransactionalOutbox';
import { Learning1764700000000 } from './1764700000000-Learning';
import { ClassesAttendance1764800000000 } from './1764800000000-ClassesAttendance';
import { OutboxConsumption1764900000000 } from './1764900000000-OutboxConsumption';
import { Certificates1764910000000 } from './1764910000000-Certificates';
import { CertificateCredentials1764920000000 } from './1764920000000-CertificateCredentials';
import { ReportingAggregates1765010000000 } from './1765010000000-ReportingAggregates';
import { ReportingPopulationsTargets1765020000000 } from './1765020000000-ReportingPopulationsTargets';
import { CertificateSweepIndex1765030000000 } from './1765030000000-CertificateSweepIndex';
import { ReportingCountersHot1765040000000 } from './1765040000000-ReportingCountersHot';

/** Every migration, in order. Add new ones at the end. */
export const ALL_MIGRATIONS = [
  GeographySchema1763800000000,
  IdentityAccounts1763900000000,
  AccountScopePath1764000000000,
  AuditTrail1764100000000,
  ResidentsRegistry1764200000000,
  ResidentAccountsOtp1764300000000,
  ResidentImports1764400000000,
  AccountChangeNotify1764500000000,
  TransactionalOutbox1764600000000,
  Learning1764700000000,
  ClassesAttendance1764800000000,
  OutboxConsumption1764900000000,
  Certificates1764910000000,
  CertificateCredentials1764920000000,
  ReportingAggregates1765010000000,
  ReportingPopulationsTargets1765020000000,
  CertificateSweepIndex1765030000000,
  ReportingCountersHot1765040000000,
];
