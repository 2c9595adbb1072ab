import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AccessScope } from '@hvs/platform';
import type { DataSource } from 'typeorm';
import type { CertificateState } from '../certificates/certificate.repository';

/** What verification and the documents read of a certificate: its state, place and signed credential. */
export interface IssuedCertificate {
  id: string;
  residentId: string;
  serial: string;
  verificationCode: string;
  state: CertificateState;
  path: string;
  credentialJwt: string | null;
  credentialKeyId: string | null;
  issuedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `id, resident_id AS "residentId", serial, verification_code AS "verificationCode", state, path::text AS path,
  credential_jwt AS "credentialJwt", credential_key_id AS "credentialKeyId", issued_at AS "issuedAt", revoked_at AS "revokedAt"`;

/** Read-only queries of certificates_certificates for public verification and the certificate documents. */
@Injectable()
export class CertificateReadRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async bySerial(serial: string): Promise<IssuedCertificate | null> {
    return this.one(`SELECT ${COLUMNS} FROM certificates_certificates WHERE serial = $1`, [serial]);
  }

  async byVerificationCode(code: string): Promise<IssuedCertificate | null> {
    return this.one(`SELECT ${COLUMNS} FROM certificates_certificates WHERE verification_code = $1`, [code]);
  }

  async byId(id: string): Promise<IssuedCertificate | null> {
    return this.one(`SELECT ${COLUMNS} FROM certificates_certificates WHERE id = $1`, [id]);
  }

  /** A resident's own certificate (null when the id is not theirs). */
  async ofResident(id: string, residentId: string): Promise<IssuedCertificate | null> {
    return this.one(`SELECT ${COLUMNS} FROM certificates_certificates WHERE id = $1 AND resident_id = $2`, [id, residentId]);
  }

  /** A certificate whose holder's unit lies in the scope (null outside it, like an unknown id). */
  async inScope(id: string, scope: AccessScope): Promise<IssuedCertificate | null> {
    if (scope.kind === 'all') return this.byId(id);
    if (scope.paths.length === 0) return null;
    return this.one(`SELECT ${COLUMNS} FROM certificates_certificates WHERE id = $1 AND path <@ $2::ltree[]`, [id, [...scope.paths]]);
  }

  private async one(sql: string, params: unknown[]): Promise<IssuedCertificate | null> {
    const [row]: IssuedCertificate[] = await this.dataSource.query(sql, params);
    return row ?? null;
  }
}
