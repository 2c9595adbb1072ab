import { Injectable } from '@nestjs/common';
import { completionLockKey } from '@hvs/learning';
import { outboxInsertFrom, preparedIn, VIETNAM_TZ } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import { ACCOUNTS_SQL } from '@hvs/identity';
import { rosterStateSql, type RosterState } from '../classes/roster';
import type { AttendanceStatus, CurrentMark } from './mark-rules';

/** Who marks: their account, and (commune officers) the scope whose classes they reach; staff reach their own classes. */
export interface MarkerReach {
  accountId: string;
  /** Paths of the units whose classes an officer reaches (null: every unit); undefined: staff of the class only. */
  officerPaths?: readonly string[] | null;
}

/** A class the caller reaches. */
export interface ReachedClass {
  id: string;
  path: string;
  courseVersionId: string;
}

/** What the write of a mark needs to know about it, read in one statement (MarkContext per mark). */
export interface MarkContextRow {
  ord: number;
  /** The session exists and is in a class the caller reaches. */
  reachable: boolean;
  classId: string | null;
  versionId: string | null;
  classPath: string | null;
  /** The session's day, 00:00 Vietnam time. */
  sessionStart: Date | null;
  /** Days from the session's day to today (Vietnam): negative for a session ahead. */
  ageDays: number | null;
  rosterState: RosterState | null;
  /** The outcome stored for a mark with this id received before (a duplicate), else null. */
  receivedOutcome: 'accepted' | 'superseded' | null;
  /** The current mark of the (session, resident), its row locked until the transaction ends. */
  current: CurrentMark | null;
  now: Date;
}

/**
 * One mark of a write, with what it does to the current mark of its (session, resident): `current`
 * 'insert' (the pair's first mark) or 'update' (it replaces `replaces`, a mark that becomes superseded),
 * null when it does not become current; `change`: a history line from (oldStatus, oldRemark).
 */
export interface MarkToWrite {
  id: string;
  sessionId: string;
  residentId: string;
  status: AttendanceStatus;
  remark: string | null;
  deviceTime: Date;
  outcome: 'accepted' | 'superseded';
  current: 'insert' | 'update' | null;
  replaces: string | null;
  change: { oldStatus: string | null; oldRemark: string | null } | null;
}

/** One write of marks, in one statement. */
export interface MarkWrite {
  accountId: string;
  deviceId: string | null;
  source: 'sync' | 'roster' | 'close';
  marks: MarkToWrite[];
}

export interface HistoryChangeRow {
  residentId: string;
  oldStatus: string | null;
  newStatus: string;
  oldRemark: string | null;
  newRemark: string | null;
  markId: string;
  source: string | null;
  deviceId: string | null;
  deviceTime: Date | null;
  changedBy: string | null;
  changedByName: string | null;
  changedAt: Date;
}

export interface SupersededRow {
  markId: string;
  residentId: string;
  status: string;
  remark: string | null;
  deviceId: string | null;
  deviceTime: Date;
  source: string;
  recordedBy: string | null;
  recordedByName: string | null;
  receivedAt: Date;
}


/** SQL: the caller reaches class `c` (commune officer: its unit in their scope; otherwise: staff of it). */
function reachCondition(first: number): string {
  return `(($${first}::boolean AND ($${first + 1}::ltree[] IS NULL OR c.path <@ $${first + 1}::ltree[]))
           OR EXISTS (SELECT 1 FROM classes_staff st WHERE st.class_id = c.id AND st.account_id = $${first + 2}::uuid))`;
}

function reachValues(reach: MarkerReach): unknown[] {
  const officer = reach.officerPaths !== undefined;
  return [officer, officer && reach.officerPaths ? [...reach.officerPaths] : null, reach.accountId];
}


/**
 * All data access of attendance: current marks (classes_attendance), every mark received
 * (classes_attendance_marks), the history of changes (classes_attendance_changes) and the answers of
 * offline batches (classes_sync_batches). Set-based: a batch of marks is one statement per step,
 * whatever its size.
 */
@Injectable()
export class AttendanceRepository {
  // ---- reach ----

  /** The class, if the caller reaches it. */
  async reachedClass(manager: EntityManager, classId: string, reach: MarkerReach): Promise<ReachedClass | null> {
    const rows: ReachedClass[] = await manager.query(
      `SELECT c.id, c.path::text AS path, c.course_version_id AS "courseVersionId" FROM classes_classes c WHERE c.id = $1 AND ${reachCondition(2)}`,
      [classId, ...reachValues(reach)],
    );
    return rows[0] ?? null;
  }

  /**
   * The session of the class, or null. With `lock`, its row is locked until the transaction ends
   * (closing: one close at a time), FOR NO KEY UPDATE, which does not stop marks from being written
   * meanwhile (their foreign-key checks take KEY SHARE).
   */
  async sessionOf(manager: EntityManager, classId: string, sessionId: string, lock = false): Promise<{ id: string; status: string; closedAt: Date | null } | null> {
    const rows: Array<{ id: string; status: string; closedAt: Date | null }> = await manager.query(
      `SELECT id, status, closed_at AS "closedAt" FROM classes_sessions WHERE id = $1 AND class_id = $2 ${lock ? 'FOR NO KEY UPDATE' : ''}`,
      [sessionId, classId],
    );
    return rows[0] ?? null;
  }

  // ---- offline batches ----

  /** The batch stored under (account, key): its request's hash and its answer. */
  async storedBatch(tx: EntityManager, accountId: string, key: string): Promise<{ requestHash: string; response: unknown } | null> {
    const rows: Array<{ requestHash: string; response: unknown }> = await tx.query(
      `SELECT request_hash AS "requestHash", response FROM classes_sync_batches WHERE account_id = $1 AND idempotency_key = $2`,
      [accountId, key],
    );
    return rows[0] ?? null;
  }

  /**
   * Deletes up to `limit` batches stored before `before` (oldest first, through the created_at index);
   * returns how many. In chunks, so that a large backlog never holds one long transaction.
   */
  async purgeSyncBatches(manager: EntityManager, before: Date, limit: number): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `WITH gone AS (
         DELETE FROM classes_sync_batches b
          USING (SELECT account_id, idempotency_key FROM classes_sync_batches
                  WHERE created_at < $1 ORDER BY created_at LIMIT $2) old
          WHERE b.account_id = old.account_id AND b.idempotency_key = old.idempotency_key
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before, limit],
    );
    return rows[0].n;
  }

  // ---- marks ----

  /**
   * For every mark (ord, id, session, resident): whether the caller reaches its session, the class and
   * version, the session's day, the resident's roster state, whether the mark id was received before,
   * and the current mark of the (session, resident), whose row is LOCKED until the transaction ends,
   * after the course-completion lock of each (resident, version) of the batch (see markContextSql).
   *
   * With `claim` (an offline batch), the same statement first claims (account, key) for this
   * transaction: `claimed` is false when the key is taken. A concurrent request with the same key waits
   * on the key's unique index until the first one's transaction ends, then finds it taken (and reads the
   * stored answer); the context it read is then unused.
   */
  async markContext(
    tx: EntityManager,
    marks: ReadonlyArray<{ ord: number; id: string; sessionId: string; residentId: string }>,
    reach: MarkerReach,
    claim?: { accountId: string; key: string; requestHash: string },
  ): Promise<{ rows: MarkContextRow[]; claimed: boolean }> {
    type Row = Omit<MarkContextRow, 'current'> & {
      claimed: boolean;
      status: AttendanceStatus | null;
      remark: string | null;
      markId: string | null;
      deviceTime: Date | null;
      fromClose: boolean | null;
    };
    const values = [
      marks.map((m) => m.ord),
      marks.map((m) => m.id),
      marks.map((m) => m.sessionId),
      marks.map((m) => m.residentId),
      [...new Set(marks.map((m) => m.sessionId))],
      ...reachValues(reach),
    ];
    const rows = claim
      ? await preparedIn<Row>(tx, 'classes_mark_context_claim', MARK_CONTEXT_CLAIM_SQL, [...values, claim.accountId, claim.key, claim.requestHash])
      : marks.length
        ? await preparedIn<Row>(tx, 'classes_mark_context', MARK_CONTEXT_SQL, values)
        : [];
    const claimed = claim ? rows.length > 0 && rows[0].claimed : true;
    return {
      claimed,
      rows: rows
        .filter((r) => r.ord !== null)
        .map((r) => ({
          ord: r.ord,
          reachable: r.reachable,
          classId: r.classId,
          versionId: r.versionId,
          classPath: r.classPath,
          sessionStart: r.sessionStart,
          ageDays: r.ageDays,
          rosterState: r.rosterState,
          receivedOutcome: r.receivedOutcome,
          now: r.now,
          current: r.status && r.markId && r.deviceTime ? { status: r.status, remark: r.remark, markId: r.markId, deviceTime: r.deviceTime, fromClose: r.fromClose === true } : null,
        })),
    };
  }

  /**
   * Writes a planned batch in one statement, each mark sent once (with what it does): new current rows
   * (ON CONFLICT DO NOTHING: a row inserted meanwhile by another transaction is not overwritten, the
   * caller retries), replaced current rows (locked by markContext) with the marks they replace now
   * superseded, every mark with its outcome (ON CONFLICT DO NOTHING: a mark received meanwhile through
   * another batch), the history lines and (offline sync) the batch's answer under its key, claimed by
   * markContext. Returns how many current rows and marks were inserted, so the caller can tell a race
   * from success.
   */
  async write(tx: EntityManager, w: MarkWrite, answer?: { accountId: string; key: string; response: unknown }): Promise<{ inserted: number; marks: number }> {
    const m = w.marks;
    const [row] = await preparedIn<{ inserted: number; marks: number }>(tx, 'classes_marks_write', WRITE_SQL, [
      w.accountId,
      w.deviceId,
      w.source,
      m.map((x) => x.id),
      m.map((x) => x.sessionId),
      m.map((x) => x.residentId),
      m.map((x) => x.status),
      m.map((x) => x.remark),
      m.map((x) => x.deviceTime.toISOString()),
      m.map((x) => x.outcome),
      m.map((x) => (x.current === 'insert' ? 1 : x.current === 'update' ? 2 : 0)),
      m.map((x) => x.replaces),
      m.map((x) => x.change !== null),
      m.map((x) => x.change?.oldStatus ?? null),
      m.map((x) => x.change?.oldRemark ?? null),
      answer?.accountId ?? null,
      answer?.key ?? null,
      answer ? JSON.stringify(answer.response) : null,
    ]);
    return row;
  }

  // ---- closing a session ----

  /**
   * Closes the session: the residents of its roster (rosterOf) who still have no current mark get
   * `absent` (source 'close', device time now, a history line each); a mark that arrived meanwhile is
   * kept (ON CONFLICT DO NOTHING).
   */
  async close(tx: EntityManager, sessionId: string, absent: ReadonlyArray<{ residentId: string; markId: string }>, accountId: string, at: Date): Promise<{ absent: number; closedAt: Date }> {
    const [row]: Array<{ absent: number; closedAt: Date }> = await tx.query(
      `WITH ins AS (
         INSERT INTO classes_attendance (session_id, resident_id, status, mark_id, device_time, recorded_by)
         SELECT $1, t.resident_id, 'absent', t.mark_id, $4, $3 FROM unnest($2::uuid[], $5::uuid[]) AS t(resident_id, mark_id)
          ORDER BY t.resident_id
         ON CONFLICT (session_id, resident_id) DO NOTHING
         RETURNING resident_id, mark_id
       ), marks AS (
         INSERT INTO classes_attendance_marks (id, session_id, resident_id, status, device_time, source, outcome, recorded_by)
         SELECT i.mark_id, $1, i.resident_id, 'absent', $4, 'close', 'accepted', $3 FROM ins i
       ), changes AS (
         INSERT INTO classes_attendance_changes (session_id, resident_id, old_status, new_status, mark_id, changed_by)
         SELECT $1, i.resident_id, NULL, 'absent', i.mark_id, $3 FROM ins i
       ), closed AS (
         UPDATE classes_sessions SET status = 'closed', closed_at = now(), closed_by = $3 WHERE id = $1 RETURNING closed_at
       )
       SELECT (SELECT count(*) FROM ins)::int AS absent, (SELECT closed_at FROM closed) AS "closedAt"`,
      [sessionId, absent.map((a) => a.residentId), accountId, at.toISOString(), absent.map((a) => a.markId)],
    );
    return row;
  }

  // ---- history ----

  async changes(manager: EntityManager, sessionId: string, residentId: string | null): Promise<HistoryChangeRow[]> {
    return manager.query(
      `SELECT h.resident_id AS "residentId", h.old_status AS "oldStatus", h.new_status AS "newStatus", h.old_remark AS "oldRemark",
              h.new_remark AS "newRemark", h.mark_id AS "markId", m.source, m.device_id AS "deviceId", m.device_time AS "deviceTime",
              h.changed_by AS "changedBy", acc.display_name AS "changedByName", h.changed_at AS "changedAt"
         FROM classes_attendance_changes h
         LEFT JOIN classes_attendance_marks m ON m.id = h.mark_id
         LEFT JOIN ${ACCOUNTS_SQL} acc ON acc.id = h.changed_by
        WHERE h.session_id = $1 AND ($2::uuid IS NULL OR h.resident_id = $2::uuid)
        ORDER BY h.id`,
      [sessionId, residentId],
    );
  }

  async superseded(manager: EntityManager, sessionId: string, residentId: string | null): Promise<SupersededRow[]> {
    return manager.query(
      `SELECT m.id AS "markId", m.resident_id AS "residentId", m.status, m.remark, m.device_id AS "deviceId", m.device_time AS "deviceTime",
              m.source, m.recorded_by AS "recordedBy", acc.display_name AS "recordedByName", m.received_at AS "receivedAt"
         FROM classes_attendance_marks m
         LEFT JOIN ${ACCOUNTS_SQL} acc ON acc.id = m.recorded_by
        WHERE m.session_id = $1 AND m.outcome = 'superseded' AND ($2::uuid IS NULL OR m.resident_id = $2::uuid)
        ORDER BY m.resident_id, m.device_time, m.id`,
      [sessionId, residentId],
    );
  }
}

/**
 * The statement of markContext: $1-$4 the marks (ord, id, session, resident), $5 their distinct
 * sessions, $6-$8 the reach; with the claim, $9-$11 (account, key, request hash).
 *
 * Locks, in this order (a gating condition on each step makes it wait for the previous one):
 * 1. (offline sync) the batch's key: a concurrent request with the same key waits here for the first
 *    one to end, then finds the key taken; a key taken before locks nothing more (a replay);
 * 2. the course-completion lock of every (resident, course version) of the batch, in key order
 *    (completionLockKey, the lock CourseCompletion evaluates under): every current mark of a pair
 *    belongs to one such lock, so two batches touching the same resident are serialised here and
 *    never wait for each other's row locks;
 * 3. the current marks of the batch's pairs (FOR UPDATE, in (session, resident) order).
 * Row locks of other writers of completion facts (attempts, course progress) are never taken after
 * the completion lock by this transaction, so no cycle: no deadlock.
 */
function markContextSql(withClaim: boolean): string {
  const claimed = withClaim ? '(SELECT count(*) FROM claim) = 1' : 'true';
  return `WITH ${
    withClaim
      ? `claim AS (
     INSERT INTO classes_sync_batches (account_id, idempotency_key, request_hash, response) VALUES ($9::uuid, $10::text, $11::text, 'null'::jsonb)
     ON CONFLICT DO NOTHING RETURNING 1
   ), `
      : ''
  }input AS (
     SELECT * FROM unnest($1::int[], $2::uuid[], $3::uuid[], $4::uuid[]) AS m(ord, id, session_id, resident_id)
   ), reach AS MATERIALIZED (
     SELECT s.id, s.class_id, s.kind, s.visited_resident_id, s.date, c.course_version_id, c.path
       FROM classes_sessions s JOIN classes_classes c ON c.id = s.class_id
      WHERE s.id = ANY($5::uuid[]) AND ${reachCondition(6)}
   ), completion_locks AS MATERIALIZED (
     SELECT count(pg_advisory_xact_lock(k.key))::int AS n
       FROM (SELECT DISTINCT ${completionLockKey('i.resident_id', 'r.course_version_id')} AS key
               FROM input i JOIN reach r ON r.id = i.session_id
              WHERE ${claimed}
              ORDER BY 1) AS k
   ), locked AS MATERIALIZED (
     SELECT a.session_id, a.resident_id, a.status, a.remark, a.mark_id, a.device_time
       FROM classes_attendance a
      WHERE (SELECT n FROM completion_locks) >= 0 AND ${claimed}
        AND (a.session_id, a.resident_id) IN (SELECT i.session_id, i.resident_id FROM input i JOIN reach r ON r.id = i.session_id)
      ORDER BY a.session_id, a.resident_id
        FOR UPDATE
   )
   SELECT ${withClaim ? `${claimed} AS claimed, ` : ''}m.ord, s.id IS NOT NULL AS reachable, s.class_id AS "classId", s.course_version_id AS "versionId",
          s.path::text AS "classPath",
          (s.date::timestamp AT TIME ZONE '${VIETNAM_TZ}') AS "sessionStart",
          ((now() AT TIME ZONE '${VIETNAM_TZ}')::date - s.date) AS "ageDays",
          ${rosterStateSql('m.resident_id')} AS "rosterState",
          pm.outcome AS "receivedOutcome",
          l.status, l.remark, l.mark_id AS "markId", l.device_time AS "deviceTime",
          (SELECT cm.source = 'close' FROM classes_attendance_marks cm WHERE cm.id = l.mark_id) AS "fromClose", now() AS now
     FROM ${withClaim ? '(SELECT 1) AS one LEFT JOIN input m ON true' : 'input m'}
     LEFT JOIN reach s ON s.id = m.session_id
     LEFT JOIN classes_attendance_marks pm ON pm.id = m.id
     LEFT JOIN locked l ON l.session_id = m.session_id AND l.resident_id = m.resident_id
    ORDER BY m.ord`;
}

const MARK_CONTEXT_SQL = markContextSql(false);
const MARK_CONTEXT_CLAIM_SQL = markContextSql(true);

/** The statement of write: $1-$3 who, device, source; $4-$15 the marks, one array per field; $16-$18 the batch's answer. */
const WRITE_SQL = `WITH k AS MATERIALIZED (
     SELECT * FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::timestamptz[], $10::text[],
                          $11::int[], $12::uuid[], $13::boolean[], $14::text[], $15::text[])
              AS k(id, session_id, resident_id, status, remark, device_time, outcome, current, replaces, change, old_status, old_remark)
   ), ins AS (
     INSERT INTO classes_attendance (session_id, resident_id, status, remark, mark_id, device_time, recorded_by)
     SELECT k.session_id, k.resident_id, k.status, k.remark, k.id, k.device_time, $1::uuid FROM k WHERE k.current = 1
      ORDER BY k.session_id, k.resident_id
     ON CONFLICT (session_id, resident_id) DO NOTHING
     RETURNING 1
   ), upd AS (
     UPDATE classes_attendance a
        SET status = k.status, remark = k.remark, mark_id = k.id, device_time = k.device_time, recorded_by = $1::uuid, updated_at = now()
       FROM k
      WHERE k.current = 2 AND a.session_id = k.session_id AND a.resident_id = k.resident_id
   ), lost AS (
     UPDATE classes_attendance_marks SET outcome = 'superseded'
      WHERE id IN (SELECT k.replaces FROM k WHERE k.replaces IS NOT NULL) AND outcome = 'accepted'
   ), marks AS (
     INSERT INTO classes_attendance_marks (id, session_id, resident_id, status, remark, device_time, device_id, source, outcome, recorded_by)
     SELECT k.id, k.session_id, k.resident_id, k.status, k.remark, k.device_time, $2::text, $3::text, k.outcome, $1::uuid FROM k
     ON CONFLICT (id) DO NOTHING
     RETURNING 1
   ), changes AS (
     INSERT INTO classes_attendance_changes (session_id, resident_id, old_status, new_status, old_remark, new_remark, mark_id, changed_by)
     SELECT k.session_id, k.resident_id, k.old_status, k.status, k.old_remark, k.remark, k.id, $1::uuid FROM k WHERE k.change
   ), coverage AS (
     ${outboxInsertFrom(
       `SELECT 'classes.residents_changed', 'classes.residents_changed:' || gen_random_uuid(), jsonb_build_object('residentIds', array_agg(DISTINCT k.resident_id))
          FROM k WHERE k.current IN (1, 2) HAVING count(*) > 0`,
     )}
   ), answer AS (
     UPDATE classes_sync_batches SET response = $18::jsonb WHERE account_id = $16::uuid AND idempotency_key = $17::text AND $16::uuid IS NOT NULL
   )
   SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM marks)::int AS marks`;
