import type { EntityManager } from 'typeorm';
import { ON_ROSTER_SQL } from './roster';

/**
 * A resident's attendance in a class: of the class sessions held so far (date on or before `asOf`)
 * that were on their roster (roster.ts: enrolled that day, not withdrawn before it; home visits are not
 * class sessions), how many they attended. Present and late count as attended; excused, absent and
 * unmarked do not. One rule for rosters, summaries and the register.
 */
export interface AttendanceCount {
  residentId: string;
  /** Class sessions held on the resident's roster. */
  held: number;
  /** Of those, present or late. */
  attended: number;
}

/** SQL: the statuses that count as attended. */
export const ATTENDED_STATUSES_SQL = `('present', 'late')`;

/** Attendance counts of the given residents (every resident of the class with `residentIds` null) as of a day (YYYY-MM-DD). */
export async function attendanceCounts(
  manager: EntityManager,
  classId: string,
  asOf: string,
  residentIds: readonly string[] | null = null,
): Promise<Map<string, AttendanceCount>> {
  const rows: Array<{ residentId: string; held: number; attended: number }> = await manager.query(
    `SELECT e.resident_id AS "residentId",
            count(DISTINCT s.id)::int AS held,
            count(DISTINCT s.id) FILTER (WHERE a.status IN ${ATTENDED_STATUSES_SQL})::int AS attended
       FROM classes_sessions s
       JOIN classes_enrolments e ON ${ON_ROSTER_SQL}
       LEFT JOIN classes_attendance a ON a.session_id = s.id AND a.resident_id = e.resident_id
      WHERE s.class_id = $1 AND s.date <= $2::date AND ($3::uuid[] IS NULL OR e.resident_id = ANY($3::uuid[]))
      GROUP BY e.resident_id`,
    [classId, asOf, residentIds === null ? null : [...residentIds]],
  );
  return new Map(rows.map((r) => [r.residentId, r]));
}
