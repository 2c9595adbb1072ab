import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { formatSerial, newVerificationCode } from './serial';

export type CertificateState = 'pending' | 'recognised' | 'rejected' | 'failed' | 'revoked';

export interface CertificateRow {
  id: string;
  residentId: string;
  courseId: string;
  courseVersionId: string;
  courseCode: string;
  courseVersionNumber: number;
  classId: string | null;
  via: 'class' | 'self_paced';
  completedAt: Date;
  serial: string;
  verificationCode: string;
  communeCode: string;
  villageCode: string | null;
  path: string;
  state: CertificateState;
  submission: number;
  relayedAt: Date | null;
  attempts: number;
  lastError: string | null;
  rejectionCode: string | null;
  rejectionReason: string | null;
  partnerReference: string | null;
  recognisedAt: Date | null;
  issuedAt: Date | null;
}

export interface NewCertificate {
  id: string;
  residentId: string;
  courseId: string;
  courseVersionId: string;
  courseCode: string;
  courseVersionNumber: number;
  classId: string | null;
  via: 'class' | 'self_paced';
  completedAt: Date;
  provinceCode: string;
  year: number;
  communeCode: string;
  villageCode: string | null;
  path: string;
}

/** A job to relay: the certificate and its current submission. */
export interface RelayItem {
  id: string;
  submission: number;
}

/** The columns of a CertificateRow, of table alias `t` ('' for none). */
function columns(t = ''): string {
  const p = t ? `${t}.` : '';
  return `${p}id, ${p}resident_id AS "residentId", ${p}course_id AS "courseId", ${p}course_version_id AS "courseVersionId",
  ${p}course_code AS "courseCode", ${p}course_version_number AS "courseVersionNumber", ${p}class_id AS "classId", ${p}via,
  ${p}completed_at AS "completedAt", ${p}serial, ${p}verification_code AS "verificationCode", ${p}commune_code AS "communeCode",
  ${p}village_code AS "villageCode", ${p}path::text AS path, ${p}state, ${p}submission, ${p}relayed_at AS "relayedAt", ${p}attempts,
  ${p}last_error AS "lastError", ${p}rejection_code AS "rejectionCode", ${p}rejection_reason AS "rejectionReason",
  ${p}partner_reference AS "partnerReference", ${p}recognised_at AS "recognisedAt", ${p}issued_at AS "issuedAt"`;
}
const COLUMNS = columns();

/** The only queries of the certificates_ tables. */
@Injectable()
export class CertificateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async exists(tx: EntityManager, residentId: string, courseVersionId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM certificates_certificates WHERE resident_id = $1 AND course_version_id = $2`,
      [residentId, courseVersionId],
    );
    return rows.length > 0;
  }

  /** The next sequence number of a province and year (the counter row stays locked until the transaction ends). */
  async nextSequence(tx: EntityManager, provinceCode: string, year: number): Promise<number> {
    const [row]: Array<{ last_value: number }> = await tx.query(
      `INSERT INTO certificates_serial_counters AS c (province_code, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (province_code, year) DO UPDATE SET last_value = c.last_value + 1 RETURNING last_value`,
      [provinceCode, year],
    );
    return row.last_value;
  }

  /** Inserts a pending certificate with its first history line; false when the resident already has one for the version. */
  async insertPending(tx: EntityManager, c: NewCertificate, actor: string): Promise<boolean> {
    const serial = formatSerial(c.provinceCode, c.year, await this.nextSequence(tx, c.provinceCode, c.year));
    const rows: unknown[] = await tx.query(
      `INSERT INTO certificates_certificates (id, resident_id, course_id, course_version_id, course_code, course_version_number,
         class_id, via, completed_at, serial, verification_code, commune_code, village_code, path)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::ltree)
       ON CONFLICT (resident_id, course_version_id) DO NOTHING RETURNING id`,
      [c.id, c.residentId, c.courseId, c.courseVersionId, c.courseCode, c.courseVersionNumber, c.classId, c.via, c.completedAt,
        serial, newVerificationCode(), c.communeCode, c.villageCode, c.path],
    );
    if (rows.length === 0) return false;
    await this.addHistory(tx, c.id, null, 'pending', 1, actor);
    return true;
  }

  async addHistory(
    tx: EntityManager,
    certificateId: string,
    from: CertificateState | null,
    to: CertificateState,
    submission: number,
    actor: string,
    code: string | null = null,
    reason: string | null = null,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO certificates_state_changes (certificate_id, from_state, to_state, submission, code, reason, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [certificateId, from, to, submission, code, reason, actor],
    );
  }

  async find(id: string, manager?: EntityManager, lock = false): Promise<CertificateRow | null> {
    const [row]: CertificateRow[] = await this.m(manager).query(
      `SELECT ${COLUMNS} FROM certificates_certificates WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  /** The certificates with these ids (one query for a batch of jobs). */
  async findMany(ids: readonly string[]): Promise<Map<string, CertificateRow>> {
    if (ids.length === 0) return new Map();
    const rows: CertificateRow[] = await this.m().query(`SELECT ${COLUMNS} FROM certificates_certificates WHERE id = ANY($1::uuid[])`, [[...ids]]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * Moves many certificates to `recognised` in ONE statement (a batch of jobs' group commit): each
   * with its partner reference and (if given) its credential, only if it is still in the submission
   * the job was for and pending (or failed, when `alsoFailed`, for reconciliation); with a history row
   * each. Rows are locked in id order (no deadlock between two batches). Returns the rows moved, as
   * they are now; a certificate no longer current is left alone and absent from the answer.
   */
  async recogniseMany(
    tx: EntityManager,
    items: ReadonlyArray<{ id: string; submission: number; reference: string; credential: { jwt: string; kid: string; issuedAt: Date } | null; alsoFailed: boolean }>,
    actor: string,
  ): Promise<CertificateRow[]> {
    if (items.length === 0) return [];
    return tx.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::boolean[])
           AS u(id, submission, reference, jwt, kid, issued_at, also_failed)
       ), locked AS (
         SELECT c.id, c.state AS from_state, u.reference, u.jwt, u.kid, u.issued_at
           FROM certificates_certificates c JOIN input u ON u.id = c.id AND u.submission = c.submission
          WHERE c.state = 'pending' OR (u.also_failed AND c.state = 'failed')
          ORDER BY c.id FOR UPDATE OF c
       ), moved AS (
         UPDATE certificates_certificates c SET state = 'recognised', updated_at = now(), partner_reference = l.reference,
                recognised_at = now(), issued_at = COALESCE(l.issued_at, c.issued_at, now()),
                credential_jwt = COALESCE(l.jwt, c.credential_jwt), credential_key_id = COALESCE(l.kid, c.credential_key_id)
           FROM locked l WHERE c.id = l.id
         RETURNING ${columns('c')}
       ), history AS (
         INSERT INTO certificates_state_changes (certificate_id, from_state, to_state, submission, actor)
         SELECT m.id, l.from_state, 'recognised', m.submission, $8 FROM moved m JOIN locked l ON l.id = m.id
       )
       SELECT * FROM moved`,
      [
        items.map((i) => i.id),
        items.map((i) => i.submission),
        items.map((i) => i.reference),
        items.map((i) => i.credential?.jwt ?? null),
        items.map((i) => i.credential?.kid ?? null),
        items.map((i) => i.credential?.issuedAt ?? null),
        items.map((i) => i.alsoFailed),
        actor,
      ],
    );
  }

  /** Pending certificates never relayed, locked (SKIP LOCKED: relays in several workers share them). */
  async claimUnrelayed(tx: EntityManager, limit: number): Promise<RelayItem[]> {
    return tx.query(
      `SELECT id, submission FROM certificates_certificates WHERE state = 'pending' AND relayed_at IS NULL
        ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markRelayed(tx: EntityManager, ids: readonly string[]): Promise<void> {
    await tx.query(`UPDATE certificates_certificates SET relayed_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Pending certificates relayed before `olderThanS` seconds ago (their job should be in Redis), after `afterId`. */
  async relayedPending(olderThanS: number, afterId: string | null, limit: number): Promise<RelayItem[]> {
    return this.m().query(
      `SELECT id, submission FROM certificates_certificates
        WHERE state = 'pending' AND relayed_at < now() - make_interval(secs => $1) AND ($2::uuid IS NULL OR id > $2)
        ORDER BY id LIMIT $3`,
      [olderThanS, afterId, limit],
    );
  }

  async recordFailure(id: string, submission: number, error: string, countAttempt: boolean): Promise<void> {
    await this.m().query(
      `UPDATE certificates_certificates SET attempts = attempts + $3::int, last_error = left($4, 2000), updated_at = now()
        WHERE id = $1 AND submission = $2 AND state = 'pending'`,
      [id, submission, countAttempt ? 1 : 0, error],
    );
  }

  /** Moves a locked certificate to a final state of its submission (recognised, rejected or failed). */
  async transition(
    tx: EntityManager,
    c: CertificateRow,
    to: 'recognised' | 'rejected' | 'failed',
    fields: { partnerReference?: string; code?: string; reason?: string; error?: string },
    actor: string,
  ): Promise<void> {
    await tx.query(
      `UPDATE certificates_certificates SET state = $2, updated_at = now(),
         partner_reference = COALESCE($3, partner_reference),
         recognised_at = CASE WHEN $2 = 'recognised' THEN now() ELSE recognised_at END,
         issued_at = CASE WHEN $2 = 'recognised' THEN COALESCE(issued_at, now()) ELSE issued_at END,
         rejection_code = CASE WHEN $2 = 'rejected' THEN $4 ELSE rejection_code END,
         rejection_reason = CASE WHEN $2 = 'rejected' THEN $5 ELSE rejection_reason END,
         last_error = COALESCE($6, last_error)
       WHERE id = $1`,
      [c.id, to, fields.partnerReference ?? null, fields.code ?? null, fields.reason ?? null, fields.error ?? null],
    );
    await this.addHistory(tx, c.id, c.state, to, c.submission, actor, fields.code ?? null, fields.reason ?? fields.error ?? null);
  }
}
