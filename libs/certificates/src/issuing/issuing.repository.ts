import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CertificateState } from '../certificates/certificate.repository';

/** What reconciliation and revocation read of a certificate's standing at the partner. */
export interface PartnerStanding {
  id: string;
  serial: string;
  state: CertificateState;
  submission: number;
  partnerReference: string | null;
  partnerRevokedAt: Date | null;
  residentId: string;
  courseVersionId: string;
  communeCode: string;
  villageCode: string | null;
}

const STANDING = `id, serial, state, submission, partner_reference AS "partnerReference", partner_revoked_at AS "partnerRevokedAt",
  resident_id AS "residentId", course_version_id AS "courseVersionId", commune_code AS "communeCode", village_code AS "villageCode"`;

/** The issuing side's queries of certificates_certificates: the signed credential, the partner's records. */
@Injectable()
export class IssuingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async standing(id: string, manager?: EntityManager, lock = false): Promise<PartnerStanding | null> {
    const [row]: PartnerStanding[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${STANDING} FROM certificates_certificates WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  /** Certificates the partner should hold (recognised, or revoked after being recognised), by id after `afterId`. */
  async heldByPartner(afterId: string | null, limit: number): Promise<PartnerStanding[]> {
    return this.dataSource.query(
      `SELECT ${STANDING} FROM certificates_certificates
        WHERE (state = 'recognised' OR (state = 'revoked' AND partner_reference IS NOT NULL)) AND ($1::uuid IS NULL OR id > $1)
        ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
  }

  /** The certificates with these serials. */
  async bySerials(serials: readonly string[]): Promise<Map<string, PartnerStanding>> {
    if (serials.length === 0) return new Map();
    const rows: PartnerStanding[] = await this.dataSource.query(`SELECT ${STANDING} FROM certificates_certificates WHERE serial = ANY($1::text[])`, [
      [...serials],
    ]);
    return new Map(rows.map((r) => [r.serial, r]));
  }

  /** Records that the partner was told of the revocation (once: the first moment is kept). */
  async markPartnerRevoked(id: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE certificates_certificates SET partner_revoked_at = COALESCE(partner_revoked_at, $2), updated_at = now() WHERE id = $1`,
      [id, at],
    );
  }

  /** The officer's reason of the certificate's last move to `revoked` (for the partner: at most 500 characters). */
  async revocationReason(id: string): Promise<string | null> {
    const [row]: Array<{ reason: string | null }> = await this.dataSource.query(
      `SELECT reason FROM certificates_state_changes WHERE certificate_id = $1 AND to_state = 'revoked' ORDER BY id DESC LIMIT 1`,
      [id],
    );
    const reason = row?.reason?.trim();
    return reason ? reason.slice(0, 500) : null;
  }
}
