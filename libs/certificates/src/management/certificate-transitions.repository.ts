import { Injectable } from '@nestjs/common';
import { type AccessScope, emitResidentsChanged, outboxInsertFrom } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import type { CertificateState } from '../certificates/certificate.repository';
import { CertificateSql } from './certificate-sql';

/** A certificate locked for an officer's change. */
export interface LockedCertificate {
  id: string;
  residentId: string;
  courseVersionId: string;
  communeCode: string;
  villageCode: string | null;
  path: string;
  state: CertificateState;
  submission: number;
}

/** Which certificates go back to pending: in these states, in the scope, and optionally only these. */
export interface RependTarget {
  states: readonly CertificateState[];
  scope: AccessScope;
  underPath?: string;
  ids?: readonly string[];
  residentId?: string;
  /** Only rejected certificates with one of these rejection codes. */
  rejectionCodes?: readonly string[];
  limit: number;
}

export interface Repended {
  id: string;
  fromState: CertificateState;
  submission: number;
}

/**
 * The officers' and identity corrections' changes of certificates: revocation, and the way back to
 * `pending` for another submission. Each runs in the caller's transaction and writes its history line
 * there, so the state and its history commit together.
 */
@Injectable()
export class CertificateTransitionRepository {
  /** The certificate, locked (FOR UPDATE), if it lies in the scope. */
  async lockInScope(tx: EntityManager, id: string, scope: AccessScope): Promise<LockedCertificate | null> {
    const sql = new CertificateSql();
    sql.and(`c.id = ${sql.bind(id)}::uuid`).inScope('c.path', scope);
    const [row]: LockedCertificate[] = await tx.query(
      `SELECT c.id, c.resident_id AS "residentId", c.course_version_id AS "courseVersionId", c.commune_code AS "communeCode",
              c.village_code AS "villageCode", c.path::text AS path, c.state, c.submission
         FROM certificates_certificates c WHERE ${sql.whereClause} FOR UPDATE`,
      sql.values,
    );
    return row ?? null;
  }

  /** Revokes a locked certificate (any state but revoked) with its reason; returns when it happened. */
  async revoke(tx: EntityManager, c: LockedCertificate, reason: string, by: string): Promise<Date> {
    // an UPDATE … RETURNING answers [rows, affected count] through TypeORM
    const [[row]]: [Array<{ revokedAt: Date }>, number] = await tx.query(
      `UPDATE certificates_certificates SET state = 'revoked', revoked_at = now(), revoked_by = $2, revocation_reason = $3, updated_at = now()
        WHERE id = $1 AND state <> 'revoked' RETURNING revoked_at AS "revokedAt"`,
      [c.id, by, reason],
    );
    if (!row) throw new Error(`certificate ${c.id} was revoked already`);
    await tx.query(
      `INSERT INTO certificates_state_changes (certificate_id, from_state, to_state, submission, code, reason, actor)
       VALUES ($1, $2, 'revoked', $3, 'REVOKED', $4, $5)`,
      [c.id, c.state, c.submission, reason, by],
    );
    await emitResidentsChanged(tx, 'certificates.residents_changed', [c.residentId]);
    return row.revokedAt;
  }

  /**
   * Puts the target certificates back to `pending` for a new submission (submission + 1, never relayed,
   * no attempts, no error or rejection left), each with its history line, in one statement. Rows are
   * locked and their state re-checked, so a concurrent change is never overwritten and running it
   * again moves nothing more (idempotent).
   */
  async repend(tx: EntityManager, target: RependTarget, actor: string, code: string): Promise<Repended[]> {
    const sql = targetSql(target);
    const limit = sql.bind(target.limit);
    const actorParam = sql.bind(actor);
    const codeParam = sql.bind(code);
    return tx.query(
      `WITH candidates AS (
         SELECT c.id, c.state FROM certificates_certificates c WHERE ${sql.whereClause} ORDER BY c.id LIMIT ${limit} FOR UPDATE
       ), moved AS (
         UPDATE certificates_certificates t SET state = 'pending', submission = t.submission + 1, relayed_at = NULL, attempts = 0,
                last_error = NULL, rejection_code = NULL, rejection_reason = NULL, updated_at = now()
           FROM candidates k WHERE t.id = k.id
         RETURNING t.id, k.state AS from_state, t.submission, t.resident_id
       ), history AS (
         INSERT INTO certificates_state_changes (certificate_id, from_state, to_state, submission, code, actor)
         SELECT id, from_state, 'pending', submission, ${codeParam}, ${actorParam} FROM moved
       ), coverage AS (
         ${outboxInsertFrom(
           `SELECT 'certificates.residents_changed', 'certificates.residents_changed:' || gen_random_uuid(),
                   jsonb_build_object('residentIds', array_agg(DISTINCT m.resident_id)) FROM moved m HAVING count(*) > 0`,
         )}
       )
       SELECT id, from_state AS "fromState", submission FROM moved ORDER BY id`,
      sql.values,
    );
  }

  /** Whether any certificate of the target is still in one of its states (more to re-drive). */
  async anyLeft(tx: EntityManager, target: RependTarget): Promise<boolean> {
    const sql = targetSql(target);
    const rows: unknown[] = await tx.query(`SELECT 1 FROM certificates_certificates c WHERE ${sql.whereClause} LIMIT 1`, sql.values);
    return rows.length > 0;
  }
}

/** The certificates of a re-pend target, as a WHERE clause over `certificates_certificates c`. */
function targetSql(target: RependTarget): CertificateSql {
  const sql = new CertificateSql().inScope('c.path', target.scope).under('c.path', target.underPath);
  sql.and(`c.state = ANY(${sql.bind(target.states)}::text[])`);
  if (target.ids) sql.and(`c.id = ANY(${sql.bind(target.ids)}::uuid[])`);
  if (target.residentId) sql.and(`c.resident_id = ${sql.bind(target.residentId)}::uuid`);
  if (target.rejectionCodes) sql.and(`c.rejection_code = ANY(${sql.bind(target.rejectionCodes)}::text[])`);
  return sql;
}
