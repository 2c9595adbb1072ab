/** The shapes of the partner API (docs/vneid-partner-api.md). */

export interface PartnerHolder {
  cccd: string;
  fullName: string;
  birthDate: string;
}

export type CitizenCheck = { result: 'match' } | { result: 'mismatch'; field: string; fields: string[] } | { result: 'not_found' };

export interface CredentialRecord {
  serial: string;
  courseCode: string;
  courseVersion: number;
  issuedAt: string;
  issuingUnitCode: string;
  holder: PartnerHolder;
  credential: string;
}

export interface RecordedCredential {
  reference: string;
  status: 'recorded';
  recordedAt: string;
  /** The partner repeated its earlier answer (`Idempotent-Replayed: true`). */
  replayed: boolean;
  /** The serial was recorded earlier under another key (409 SERIAL_ALREADY_RECORDED): its reference. */
  alreadyRecorded: boolean;
}

export interface PartnerCredential {
  reference: string;
  serial: string;
  status: 'recorded' | 'revoked';
  courseCode: string;
  courseVersion: number;
  issuedAt: string;
  issuingUnitCode: string;
  holder: { cccd: string; fullName: string };
  recordedAt: string;
  revokedAt: string | null;
  revocationReason: string | null;
  credential?: string;
}

export interface CredentialPage {
  items: PartnerCredential[];
  nextCursor: string | null;
}

export interface RevokedCredential {
  reference: string;
  status: 'revoked';
  revokedAt: string;
  revocationReason: string;
}
