import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RESIDENTS_SQL } from '@hvs/identity';
import { VILLAGES_SQL } from '@hvs/geography';
import { COURSE_COMPLETIONS_SQL, COURSE_PROGRESS_SQL, COURSE_VERSIONS_SQL } from '@hvs/learning';
import { ATTENDED_STATUSES_SQL } from './attendance-rate';
import { ON_ROSTER_SQL, rosterOf, type RosterEntry } from './roster';

/** A resident as a roster or the register shows them: the encrypted blob is decrypted by the service. */
export interface ResidentLineRow {
  residentId: string;
  /** null once the person's data was erased. */
  personalData: Buffer | null;
  birthYear: number;
  villageName: string | null;
  fromElsewhere: boolean;
  lessonsCompleted: number;
}

export interface RosterLineRow extends ResidentLineRow {
  communeCode: string;
  markStatus: string | null;
  markRemark: string | null;
  markDeviceTime: Date | null;
  markRecordedBy: string | null;
}

export interface ClassSummaryRow {
  classId: string;
  enrolled: number;
  withdrawn: number;
  sessionsHeld: number;
  homeVisits: number;
  averageAttendanceRate: string | null;
  minAttendanceShare: string | null;
  meetingAttendanceShare: number | null;
  completions: number;
}

export interface RegisterSessionRow {
  id: string;
  date: string;
  number: number;
}

export interface RegisterCellRow {
  sessionId: string;
  residentId: string;
  status: string | null;
}

/**
 * Reads behind rosters, summaries and the register: who is on a roster with their marks, attendance
 * and progress; class summaries. Read only; attendance rows are written by attendance/. The roster
 * rule is roster.ts's (ON_ROSTER_SQL), the attendance rule attendance-rate.ts's.
 */
@Injectable()
export class ClassReportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Who is on a session's roster (roster.ts). */
  rosterOf(sessionId: string, manager?: EntityManager): Promise<RosterEntry[]> {
    return rosterOf(this.m(manager), sessionId);
  }

  /** The given roster entries with their resident data, the session's current mark and course progress. */
  async rosterLines(
    entries: ReadonlyArray<{ residentId: string; fromElsewhere: boolean }>,
    sessionId: string,
    versionId: string,
    manager?: EntityManager,
  ): Promise<RosterLineRow[]> {
    if (entries.length === 0) return [];
    return this.m(manager).query(
      `SELECT r.id AS "residentId", r.personal_data AS "personalData", r.birth_year AS "birthYear", gv.name AS "villageName",
              r.commune_code AS "communeCode", x.from_elsewhere AS "fromElsewhere", coalesce(cp.lessons_completed, 0)::int AS "lessonsCompleted",
              a.status AS "markStatus", a.remark AS "markRemark", a.device_time AS "markDeviceTime", a.recorded_by AS "markRecordedBy"
         FROM unnest($1::uuid[], $2::boolean[]) AS x(resident_id, from_elsewhere)
         JOIN ${RESIDENTS_SQL} r ON r.id = x.resident_id
         LEFT JOIN ${VILLAGES_SQL} gv ON gv.code = r.village_code
         LEFT JOIN classes_attendance a ON a.session_id = $3 AND a.resident_id = r.id
         LEFT JOIN ${COURSE_PROGRESS_SQL} cp ON cp.resident_id = r.id AND cp.version_id = $4`,
      [entries.map((e) => e.residentId), entries.map((e) => e.fromElsewhere), sessionId, versionId],
    );
  }

  /** The people enrolled in the class now, with their resident data and course progress. */
  async enrolledLines(classId: string, versionId: string, manager?: EntityManager): Promise<ResidentLineRow[]> {
    return this.m(manager).query(
      `SELECT r.id AS "residentId", r.personal_data AS "personalData", r.birth_year AS "birthYear", gv.name AS "villageName",
              e.from_elsewhere AS "fromElsewhere", coalesce(cp.lessons_completed, 0)::int AS "lessonsCompleted"
         FROM classes_enrolments e
         JOIN ${RESIDENTS_SQL} r ON r.id = e.resident_id
         LEFT JOIN ${VILLAGES_SQL} gv ON gv.code = r.village_code
         LEFT JOIN ${COURSE_PROGRESS_SQL} cp ON cp.resident_id = r.id AND cp.version_id = $2
        WHERE e.class_id = $1 AND e.withdrawn_at IS NULL`,
      [classId, versionId],
    );
  }

  /** The class sessions (not home visits) of a class, by day and number: the register's columns. */
  registerSessions(classId: string, manager?: EntityManager): Promise<RegisterSessionRow[]> {
    return this.m(manager).query(
      `SELECT id, date::text AS date, number FROM classes_sessions WHERE class_id = $1 AND kind = 'class' ORDER BY date, number`,
      [classId],
    );
  }

  /** For each class session and resident on its roster: the current mark (null when unmarked). */
  registerCells(classId: string, residentIds: readonly string[], manager?: EntityManager): Promise<RegisterCellRow[]> {
    return this.m(manager).query(
      `SELECT DISTINCT s.id AS "sessionId", e.resident_id AS "residentId", a.status
         FROM classes_sessions s
         JOIN classes_enrolments e ON ${ON_ROSTER_SQL}
         LEFT JOIN classes_attendance a ON a.session_id = s.id AND a.resident_id = e.resident_id
        WHERE s.class_id = $1 AND e.resident_id = ANY($2::uuid[])`,
      [classId, [...residentIds]],
    );
  }

  /**
   * Summaries of classes as of a day: people enrolled now and withdrawn, class sessions held (day on or
   * before `asOf`), home visits, the mean attendance rate of the people enrolled now (attendance-rate.ts),
   * how many of them meet the completion rule's minAttendanceShare, and completions credited to the class.
   */
  async summaries(classIds: readonly string[], asOf: string, manager?: EntityManager): Promise<Map<string, ClassSummaryRow>> {
    if (classIds.length === 0) return new Map();
    const rows: ClassSummaryRow[] = await this.m(manager).query(
      `WITH cls AS (
         SELECT c.id, (v.completion_rule ->> 'minAttendanceShare')::numeric AS min_share
           FROM classes_classes c JOIN ${COURSE_VERSIONS_SQL} v ON v.id = c.course_version_id
          WHERE c.id = ANY($1::uuid[])
       ),
       counts AS (
         SELECT s.class_id, e.resident_id,
                count(DISTINCT s.id) AS held,
                count(DISTINCT s.id) FILTER (WHERE a.status IN ${ATTENDED_STATUSES_SQL}) AS attended
           FROM classes_sessions s
           JOIN classes_enrolments e ON ${ON_ROSTER_SQL}
           LEFT JOIN classes_attendance a ON a.session_id = s.id AND a.resident_id = e.resident_id
          WHERE s.class_id = ANY($1::uuid[]) AND s.date <= $2::date
          GROUP BY s.class_id, e.resident_id
       ),
       rates AS (
         SELECT k.class_id, k.attended::numeric / k.held AS rate
           FROM counts k
          WHERE k.held > 0
            AND EXISTS (SELECT 1 FROM classes_enrolments e WHERE e.class_id = k.class_id AND e.resident_id = k.resident_id AND e.withdrawn_at IS NULL)
       )
       SELECT cls.id AS "classId",
              (SELECT count(*)::int FROM classes_enrolments e WHERE e.class_id = cls.id AND e.withdrawn_at IS NULL) AS enrolled,
              (SELECT count(DISTINCT e.resident_id)::int FROM classes_enrolments e
                WHERE e.class_id = cls.id AND e.withdrawn_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM classes_enrolments c2 WHERE c2.class_id = cls.id AND c2.resident_id = e.resident_id AND c2.withdrawn_at IS NULL)
              ) AS withdrawn,
              (SELECT count(*)::int FROM classes_sessions s WHERE s.class_id = cls.id AND s.kind = 'class' AND s.date <= $2::date) AS "sessionsHeld",
              (SELECT count(*)::int FROM classes_sessions s WHERE s.class_id = cls.id AND s.kind = 'home_visit') AS "homeVisits",
              (SELECT round(avg(r.rate), 4)::text FROM rates r WHERE r.class_id = cls.id) AS "averageAttendanceRate",
              cls.min_share::text AS "minAttendanceShare",
              CASE WHEN cls.min_share IS NULL THEN NULL
                   ELSE (SELECT count(*)::int FROM rates r WHERE r.class_id = cls.id AND r.rate >= cls.min_share) END AS "meetingAttendanceShare",
              (SELECT count(*)::int FROM ${COURSE_COMPLETIONS_SQL} k WHERE k.class_id = cls.id) AS completions
         FROM cls`,
      [[...classIds], asOf],
    );
    return new Map(rows.map((r) => [r.classId, r]));
  }
}
