import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { VILLAGES_SQL } from '@hvs/geography';
import { ACCOUNTS_SQL, RESIDENTS_SQL } from '@hvs/identity';
import { COURSE_VERSIONS_SQL } from '@hvs/learning';
import type { AccessScope } from '@hvs/platform';
import type { DataSource } from 'typeorm';
import type { CertificateState } from '../certificates/certificate.repository';
import { CertificateSql } from './certificate-sql';

/** A certificate as the officers' lists show it, with its holder's encrypted data (decrypted by the service). */
export interface CertificateListRow {
  id: string;
  serial: string;
  state: CertificateState;
  residentId: string;
  personalData: Buffer | null;
  birthYear: number;
  courseCode: string;
  courseVersionNumber: number;
  courseTitle: string | null;
  classId: string | null;
  communeCode: string;
  villageCode: string | null;
  villageName: string | null;
  path: string;
  submission: number;
  attempts: number;
  rejectionCode: string | null;
  rejectionReason: string | null;
  lastError: string | null;
  completedAt: Date;
  issuedAt: Date | null;
  recognisedAt: Date | null;
  revokedAt: Date | null;
  revocationReason: string | null;
  updatedAt: Date;
}

export interface CertificateHistoryRow {
  fromState: CertificateState | null;
  toState: CertificateState;
  submission: number;
  code: string | null;
  reason: string | null;
  actor: string;
  actorName: string | null;
  at: Date;
}

/** A resident's own certificate. */
export interface OwnCertificateRow {
  id: string;
  serial: string;
  state: CertificateState;
  courseCode: string;
  courseVersionNumber: number;
  courseTitle: string | null;
  completedAt: Date;
  issuedAt: Date | null;
  recognisedAt: Date | null;
  revokedAt: Date | null;
  revocationReason: string | null;
  rejectionCode: string | null;
  rejectionReason: string | null;
  verificationCode: string;
}

export interface CertificateFilter {
  state?: CertificateState;
  /** A commune's or village's path; the caller's scope applies on top. */
  underPath?: string;
  classId?: string;
  /** The holder's name tokens (identity's keyed hashes of the query's words): all must be present. */
  nameTokens?: string[];
  /** Keyset: rows after this (path, id). */
  after?: { path: string; id: string };
  limit: number;
}

const LIST_COLUMNS = `c.id, c.serial, c.state, c.resident_id AS "residentId", r.personal_data AS "personalData", r.birth_year AS "birthYear",
  c.course_code AS "courseCode", c.course_version_number AS "courseVersionNumber", v.title AS "courseTitle", c.class_id AS "classId",
  c.commune_code AS "communeCode", c.village_code AS "villageCode", gv.name AS "villageName", c.path::text AS path,
  c.submission, c.attempts, c.rejection_code AS "rejectionCode", c.rejection_reason AS "rejectionReason", c.last_error AS "lastError",
  c.completed_at AS "completedAt", c.issued_at AS "issuedAt", c.recognised_at AS "recognisedAt", c.revoked_at AS "revokedAt",
  c.revocation_reason AS "revocationReason", c.updated_at AS "updatedAt"`;

const LIST_FROM = `certificates_certificates c
  JOIN ${RESIDENTS_SQL} r ON r.id = c.resident_id
  LEFT JOIN ${COURSE_VERSIONS_SQL} v ON v.id = c.course_version_id
  LEFT JOIN ${VILLAGES_SQL} gv ON gv.code = c.village_code`;

/**
 * The read queries of certificates for officers and residents: every officers' read takes the caller's
 * scope, applied in the SQL (`path <@ scope`, as btree ranges of the path). Holders' names come through
 * identity's published relation (RESIDENTS_SQL), never identity's tables.
 */
@Injectable()
export class CertificateQueryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of certificates in scope, in (path, id) order. */
  async page(filter: CertificateFilter, scope: AccessScope): Promise<CertificateListRow[]> {
    const sql = new CertificateSql().inScope('c.path', scope).under('c.path', filter.underPath);
    if (filter.state) sql.and(`c.state = ${sql.bind(filter.state)}`);
    if (filter.classId) sql.and(`c.class_id = ${sql.bind(filter.classId)}::uuid`);
    if (filter.nameTokens?.length) sql.and(`r.name_tokens @> ${sql.bind(filter.nameTokens)}::bigint[]`);
    if (filter.after) sql.and(`(c.path, c.id) > (${sql.bind(filter.after.path)}::ltree, ${sql.bind(filter.after.id)}::uuid)`);
    const limit = sql.bind(filter.limit);
    return this.dataSource.query(
      `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM} WHERE ${sql.whereClause} ORDER BY c.path, c.id LIMIT ${limit}`,
      sql.values,
    );
  }

  /** One certificate, if it lies in the scope. */
  async findInScope(id: string, scope: AccessScope): Promise<CertificateListRow | null> {
    const sql = new CertificateSql();
    sql.and(`c.id = ${sql.bind(id)}::uuid`).inScope('c.path', scope);
    const [row]: CertificateListRow[] = await this.dataSource.query(`SELECT ${LIST_COLUMNS} FROM ${LIST_FROM} WHERE ${sql.whereClause}`, sql.values);
    return row ?? null;
  }

  /** The state changes of a certificate, oldest first, with the names of the accounts that made them. */
  history(certificateId: string): Promise<CertificateHistoryRow[]> {
    return this.dataSource.query(
      `SELECT h.from_state AS "fromState", h.to_state AS "toState", h.submission, h.code, h.reason, h.actor,
              a.display_name AS "actorName", h.at
         FROM certificates_state_changes h
         LEFT JOIN ${ACCOUNTS_SQL} a ON a.id::text = h.actor
        WHERE h.certificate_id = $1 ORDER BY h.id`,
      [certificateId],
    );
  }

  /** How many certificates of each state, and rejected ones by code, under a unit (or the whole scope). */
  async counts(underPath: string | undefined, scope: AccessScope): Promise<{ byState: Map<string, number>; rejectedByCode: Array<{ code: string; count: number }> }> {
    const sql = new CertificateSql().inScope('c.path', scope).under('c.path', underPath);
    const rows: Array<{ state: string; code: string | null; count: number }> = await this.dataSource.query(
      `SELECT c.state, CASE WHEN c.state = 'rejected' THEN c.rejection_code END AS code, count(*)::int AS count
         FROM certificates_certificates c WHERE ${sql.whereClause} GROUP BY 1, 2`,
      sql.values,
    );
    const byState = new Map<string, number>();
    const rejectedByCode: Array<{ code: string; count: number }> = [];
    for (const r of rows) {
      byState.set(r.state, (byState.get(r.state) ?? 0) + r.count);
      if (r.state === 'rejected' && r.code) rejectedByCode.push({ code: r.code, count: r.count });
    }
    rejectedByCode.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
    return { byState, rejectedByCode };
  }

  /** The certificates of the resident linked to an account, oldest first. */
  ownOf(accountId: string): Promise<OwnCertificateRow[]> {
    return this.dataSource.query(
      `SELECT c.id, c.serial, c.state, c.course_code AS "courseCode", c.course_version_number AS "courseVersionNumber", v.title AS "courseTitle",
              c.completed_at AS "completedAt", c.issued_at AS "issuedAt", c.recognised_at AS "recognisedAt", c.revoked_at AS "revokedAt",
              c.revocation_reason AS "revocationReason", c.rejection_code AS "rejectionCode", c.rejection_reason AS "rejectionReason",
              c.verification_code AS "verificationCode"
         FROM certificates_certificates c
         JOIN ${RESIDENTS_SQL} r ON r.id = c.resident_id
         LEFT JOIN ${COURSE_VERSIONS_SQL} v ON v.id = c.course_version_id
        WHERE r.account_id = $1 AND r.status = 'active'
        ORDER BY c.created_at, c.id`,
      [accountId],
    );
  }
}
