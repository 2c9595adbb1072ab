import { VIETNAM_TZ } from '@hvs/platform';
import type { EntityManager } from 'typeorm';

/**
 * Who is on the roster of a session, the one rule every part of classes uses (rosters, attendance
 * marks, rates, completion):
 * - a class session: the residents with an enrolment in the class that was current on the session's
 *   day (enrolled on or before that day, not withdrawn before it); withdrawn people are not on it
 *   (their marks stay in the history), staff never are (they are accounts, not enrolments);
 * - a resident enrolled AFTER the session's day is "not enrolled yet" for it: not absent, not counted;
 * - a home visit: the visited resident only.
 * Days are Vietnam's calendar days (Asia/Ho_Chi_Minh).
 */
export type RosterState = 'on_roster' | 'not_enrolled_yet' | 'withdrawn' | 'not_enrolled';


/** SQL: the enrolment e (classes_enrolments) is on the roster of session s (classes_sessions). */
export const ON_ROSTER_SQL = `(e.class_id = s.class_id AND s.kind = 'class'
  AND (e.enrolled_at AT TIME ZONE '${VIETNAM_TZ}')::date <= s.date
  AND (e.withdrawn_at IS NULL OR (e.withdrawn_at AT TIME ZONE '${VIETNAM_TZ}')::date > s.date))`;

export interface RosterEntry {
  residentId: string;
  fromElsewhere: boolean;
}

/** The roster of a session (class session: enrolments current that day; home visit: the visited resident). */
export async function rosterOf(manager: EntityManager, sessionId: string): Promise<RosterEntry[]> {
  const rows: Array<{ residentId: string; fromElsewhere: boolean }> = await manager.query(
    `SELECT e.resident_id AS "residentId", e.from_elsewhere AS "fromElsewhere"
       FROM classes_sessions s JOIN classes_enrolments e ON ${ON_ROSTER_SQL}
      WHERE s.id = $1
     UNION
     SELECT s.visited_resident_id, false FROM classes_sessions s WHERE s.id = $1 AND s.kind = 'home_visit'`,
    [sessionId],
  );
  return rows;
}

/**
 * SQL: the roster state (a RosterState) of the resident `residentSql` at the session `s`
 * (classes_sessions; NULL when `s` is NULL, e.g. an unknown session of a LEFT JOIN). The one
 * definition of the rule above as SQL: rosterStates and the attendance marks' context use it.
 */
export function rosterStateSql(residentSql: string): string {
  return `CASE
    WHEN s.id IS NULL THEN NULL
    WHEN s.kind = 'home_visit' THEN CASE WHEN s.visited_resident_id = ${residentSql} THEN 'on_roster' ELSE 'not_enrolled' END
    WHEN EXISTS (SELECT 1 FROM classes_enrolments e WHERE e.resident_id = ${residentSql} AND ${ON_ROSTER_SQL}) THEN 'on_roster'
    WHEN EXISTS (SELECT 1 FROM classes_enrolments e WHERE e.resident_id = ${residentSql} AND e.class_id = s.class_id
                   AND (e.enrolled_at AT TIME ZONE '${VIETNAM_TZ}')::date > s.date) THEN 'not_enrolled_yet'
    WHEN EXISTS (SELECT 1 FROM classes_enrolments e WHERE e.resident_id = ${residentSql} AND e.class_id = s.class_id) THEN 'withdrawn'
    ELSE 'not_enrolled'
  END`;
}

const ROSTER_STATES_SQL = `SELECT r.id AS "residentId", ${rosterStateSql('r.id')} AS state
   FROM classes_sessions s CROSS JOIN unnest($2::uuid[]) AS r(id)
  WHERE s.id = $1`;

/** Where each of these residents stands with respect to the session's roster. */
export async function rosterStates(manager: EntityManager, sessionId: string, residentIds: readonly string[]): Promise<Map<string, RosterState>> {
  const rows: Array<{ residentId: string; state: RosterState }> = await manager.query(ROSTER_STATES_SQL, [sessionId, residentIds]);
  return new Map(rows.map((r) => [r.residentId, r.state]));
}
