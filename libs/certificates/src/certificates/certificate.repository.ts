import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { emitResidentsChanged, outboxInsertFrom } from '@hvs/platform';
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

/** A certificate to create: what the completion says, where the holder lives, the year its serial counts in. */
export type NewCertificate = Pick<
  CertificateRow,
  'id' | 'residentId' | 'courseId' | 'courseVersionId' | 'courseCode' | 'courseVersionNumber' | 'classId' | 'via' | 'completedAt' | 'communeCode' | 'villageCode' | 'path'
> & { provinceCode: string; year: number };

/** A job to relay: the certificate and its current submission. */
export interface RelayItem {
  id: string;
  submission: number;
}

/** Where a sweep of relayed certificates goes on from. */
export interface RelayCursor {
  id: string;
  relayedAt: string;
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

  /** Which of these (resident, course version) pairs already have a certificate, as `resident:version` keys. */
  async existingPairs(tx: EntityManager, pairs: ReadonlyArray<{ residentId: string; courseVersionId: string }>): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows: Array<{ key: string }> = await tx.query(
      `SELECT c.resident_id || ':' || c.course_version_id AS key
         FROM certificates_certificates c JOIN unnest($1::uuid[], $2::uuid[]) AS p(resident_id, course_version_id)
           ON c.resident_id = p.resident_id AND c.course_version_id = p.course_version_id`,
      [pairs.map((p) => p.residentId), pairs.map((p) => p.courseVersionId)],
    );
    return new Set(rows.map((r) => r.key));
  }

  /**
   * `count` sequence numbers of a province and year, in one statement: the last one given; the ones
   * before it down to last - count + 1 are the caller's (the counter row stays locked until the end of
   * the transaction).
   */
  async reserveSequences(tx: EntityManager, provinceCode: string, year: number, count: number): Promise<number> {
    const [row]: Array<{ last_value: number }> = await tx.query(
      `INSERT INTO certificates_serial_counters AS c (province_code, year, last_value) VALUES ($1, $2, $3)
       ON CONFLICT (province_code, year) DO UPDATE SET last_value = c.last_value + $3 RETURNING last_value`,
      [provinceCode, year, count],
    );
    return row.last_value;
  }

  /**
   * Inserts pending certificates, each with its serial (sequences reserved per province and year, in
   * the given order) and its first history line, in four statements whatever their number; a resident
   * who already has one for the version is skipped. Returns how many were inserted.
   */
  async insertPendingMany(tx: EntityManager, certificates: readonly NewCertificate[], actor: string): Promise<number> {
    if (certificates.length === 0) return 0;
    const groups = new Map<string, NewCertificate[]>();
    for (const c of certificates) {
      const key = `${c.provinceCode}:${c.year}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    const serials = new Map<NewCertificate, string>();
    for (const group of groups.values()) {
      const { provinceCode, year } = group[0];
      const last = await this.reserveSequences(tx, provinceCode, year, group.length);
      group.forEach((c, k) => serials.set(c, formatSerial(provinceCode, year, last - group.length + 1 + k)));
    }
    const col = <T>(f: (c: NewCertificate) => T) => certificates.map(f);
    const inserted: Array<{ id: string }> = await tx.query(
      `INSERT INTO certificates_certificates (id, resident_id, course_id, course_version_id, course_code, course_version_number,
         class_id, via, completed_at, serial, verification_code, commune_code, village_code, path)
       SELECT id, resident_id, course_id, course_version_id, course_code, course_version_number, class_id, via, completed_at,
              serial, verification_code, commune_code, village_code, path::ltree
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::uuid[], $8::text[], $9::timestamptz[],
                     $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
           AS n(id, resident_id, course_id, course_version_id, course_code, course_version_number, class_id, via, completed_at,
                serial, verification_code, commune_code, village_code, path)
       ON CONFLICT (resident_id, course_version_id) DO NOTHING RETURNING id`,
      [
        col((c) => c.id),
        col((c) => c.residentId),
        col((c) => c.courseId),
        col((c) => c.courseVersionId),
        col((c) => c.courseCode),
        col((c) => c.courseVersionNumber),
        col((c) => c.classId),
        col((c) => c.via),
        col((c) => c.completedAt),
        col((c) => serials.get(c) as string),
        col(() => newVerificationCode()),
        col((c) => c.communeCode),
        col((c) => c.villageCode),
        col((c) => c.path),
      ],
    );
    if (inserted.length > 0) {
      await tx.query(
        `INSERT INTO certificates_state_changes (certificate_id, from_state, to_state, submission, actor)
         SELECT id, NULL, 'pending', 1, $2 FROM unnest($1::uuid[]) AS id`,
        [inserted.map((r) => r.id), actor],
      );
      const ids = new Set(inserted.map((r) => r.id));
      await emitResidentsChanged(
        tx,
        'certificates.residents_changed',
        certificates.filter((c) => ids.has(c.id)).map((c) => c.residentId),
      );
    }
    return inserted.length;
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
       ), coverage AS (
         ${outboxInsertFrom(
           `SELECT 'certificates.residents_changed', 'certificates.residents_changed:' || gen_random_uuid(),
                   jsonb_build_object('residentIds', array_agg(DISTINCT m."residentId")) FROM moved m HAVING count(*) > 0`,
         )}
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

  /**
   * Pending certificates relayed before `olderThanS` seconds ago (their job should be in Redis), by
   * relay time then id, after `after` (a range of certificates_pending_relayed_idx). The cursor is the
   * relay time as PostgreSQL prints it, to the microsecond.
   */
  async relayedPending(olderThanS: number, after: RelayCursor | null, limit: number): Promise<Array<RelayItem & RelayCursor>> {
    return this.m().query(
      `SELECT id, submission, relayed_at::text AS "relayedAt" FROM certificates_certificates
        WHERE state = 'pending' AND relayed_at IS NOT NULL AND relayed_at < now() - make_interval(secs => $1)
          AND ($2::timestamptz IS NULL OR (relayed_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY relayed_at, id LIMIT $4`,
      [olderThanS, after?.relayedAt ?? null, after?.id ?? null, limit],
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
    await emitResidentsChanged(tx, 'certificates.residents_changed', [c.residentId]);
  }
}
