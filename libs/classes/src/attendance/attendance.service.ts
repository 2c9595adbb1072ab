import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CourseCompletion, type CompletionPair } from '@hvs/learning';
import { AuditLog, Env, transactionWithRetry, type AuditEntry, type Caller } from '@hvs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { rosterOf } from '../classes/roster';
import { AttendanceErrors, MARK_REJECTIONS, type MarkRejection } from './attendance-errors';
import { jsonbOrder } from './jsonb-order';
import { AttendanceRepository, type MarkContextRow, type MarkerReach, type MarkWrite, type ReachedClass } from './attendance.repository';
import type { AttendanceHistoryView, CloseSessionView, MarkResultsView, MarkResultView, RosterMarksBody, SyncBody } from './attendance.dto';
import {
  becomesAttended,
  echoedId,
  isChange,
  normaliseRemark,
  parseSyncMark,
  planPairs,
  rosterProblem,
  windowProblem,
  type Candidate,
  type CurrentMark,
  type IncomingMark,
  type PairPlan,
} from './mark-rules';

/** Roles that take attendance: the class's staff (instructors, volunteers) and commune officers of its commune. */
export const ATTENDANCE_TAKERS = ['commune_officer', 'instructor'];

/** A transaction lost a race it cannot settle in place (a row or mark inserted meanwhile): run it again. */
class ConcurrentMarks extends Error {}

const MAX_ATTEMPTS = 4;

/** The key of an offline batch, claimed by the transaction that applies it. */
interface BatchClaim {
  accountId: string;
  key: string;
  requestHash: string;
}

/** One mark of a request: parsed, or what was wrong with its shape. */
interface RequestMark {
  ord: number;
  echo: string | null;
  /** Roster requests: the resident, echoed in the answer. */
  residentId?: string;
  mark?: IncomingMark;
  problem?: string;
}

/** What a request of marks did, per class, for the audit trail. */
interface ClassTally {
  classId: string;
  path: string;
  sessions: Set<string>;
  accepted: number;
  superseded: number;
  duplicate: number;
  rejected: number;
}

const currentView = (c: CurrentMark | null) => (c ? { status: c.status, deviceTime: c.deviceTime.toISOString() } : null);

/**
 * Attendance: the whole roster marked in one request, offline batches from phones (idempotent per
 * Idempotency-Key, every mark once per device uuid, later device time wins, losers kept), closing a
 * session (unmarked residents become absent), and the history of a session's marks.
 *
 * A request of marks is ONE transaction of four statements whatever its size (besides BEGIN/COMMIT):
 * 1. context (markContext): the batch's key claimed (sync), the course-completion locks of the
 *    (resident, version) pairs taken, the current marks locked, and what each mark needs (reach,
 *    session day, roster state, received before);
 * 2. write: current marks, every mark with its outcome, history lines, the batch's answer (sync);
 * 3. the course-completion rule for the residents whose session became attended (CourseCompletion,
 *    a fresh snapshot under the locks of step 1);
 * 4. the audit entry.
 * A race it cannot settle in place (two devices inserting the first mark of the same resident at once,
 * the same mark in two batches at once, a deadlock) rolls it back and runs it again.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly repo: AttendanceRepository,
    private readonly completion: CourseCompletion,
    private readonly audit: AuditLog,
    private readonly env: Env,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  // ---- offline sync ----

  /**
   * An offline batch. The same batch again (same account and key, same body) gets the stored answer and
   * changes nothing; the key with another body is 409 IDEMPOTENCY_KEY_REUSED.
   */
  async sync(idempotencyKey: string | undefined, body: SyncBody, caller: Caller): Promise<MarkResultsView> {
    if (typeof idempotencyKey !== 'string' || idempotencyKey.length < 1 || idempotencyKey.length > 100) throw AttendanceErrors.idempotencyKeyRequired();
    const key = idempotencyKey;
    const requestHash = createHash('sha256')
      .update(JSON.stringify({ deviceId: body.deviceId ?? null, marks: body.marks }))
      .digest('base64url');
    const requestMarks: RequestMark[] = body.marks.map((raw, ord) => {
      const parsed = parseSyncMark(raw);
      return { ord, echo: echoedId(raw), mark: parsed.mark, problem: parsed.problem };
    });
    const accountId = caller.account.id;
    return this.inTransaction(async (tx) => {
      const applied = await this.applyMarks(tx, caller, requestMarks, 'sync', body.deviceId ?? null, { accountId, key, requestHash });
      if (!applied.claimed) {
        const stored = await this.repo.storedBatch(tx, accountId, key);
        if (!stored) throw new ConcurrentMarks('the batch that held the key rolled back');
        if (stored.requestHash !== requestHash) throw AttendanceErrors.idempotencyKeyReused();
        return stored.response as MarkResultsView;
      }
      await this.audit.record(caller, this.auditEntries('attendance.sync', applied.tallies, { idempotencyKey: key, deviceId: body.deviceId ?? null }), tx);
      return applied.answer;
    });
  }

  // ---- the roster in one request ----

  /** Marks residents of one session (the phone's "take attendance" screen): server mark ids, device time now. */
  async markRoster(classId: string, sessionId: string, body: RosterMarksBody, caller: Caller): Promise<MarkResultsView> {
    return this.inTransaction(async (tx) => {
      const cls = await this.reachedClass(tx, classId, caller);
      if (!(await this.repo.sessionOf(tx, cls.id, sessionId))) throw AttendanceErrors.sessionNotFound(sessionId);
      const now = new Date();
      const requestMarks: RequestMark[] = body.marks.map((m, ord) => {
        const id = uuidv7();
        const residentId = m.residentId.toLowerCase();
        return { ord, echo: id, residentId, mark: { id, sessionId, residentId, status: m.status, remark: normaliseRemark(m.remark), deviceTime: now } };
      });
      const applied = await this.applyMarks(tx, caller, requestMarks, 'roster', null);
      if (!applied.claimed) throw new Error('a roster request claims no batch');
      await this.audit.record(caller, this.auditEntries('attendance.mark_roster', applied.tallies, {}), tx);
      return { results: applied.results };
    });
  }

  // ---- closing a session ----

  /** Closes the session; residents of its roster without a mark become absent. Closing a closed session changes nothing. */
  async close(classId: string, sessionId: string, caller: Caller): Promise<CloseSessionView> {
    return this.inTransaction(async (tx) => {
      const cls = await this.reachedClass(tx, classId, caller);
      const session = await this.repo.sessionOf(tx, cls.id, sessionId, true);
      if (!session) throw AttendanceErrors.sessionNotFound(sessionId);
      if (session.status === 'closed') {
        return { sessionId, status: 'closed', closedAt: (session.closedAt as Date).toISOString(), markedAbsent: 0, alreadyClosed: true };
      }
      const roster = await rosterOf(tx, sessionId);
      const done = await this.repo.close(
        tx,
        sessionId,
        roster.map((r) => ({ residentId: r.residentId, markId: uuidv7() })),
        caller.account.id,
        new Date(),
      );
      await this.audit.record(
        caller,
        { action: 'class_session.close', targetType: 'class_session', targetId: sessionId, unitPath: cls.path, details: { classId: cls.id, markedAbsent: done.absent } },
        tx,
      );
      return { sessionId, status: 'closed', closedAt: done.closedAt.toISOString(), markedAbsent: done.absent, alreadyClosed: false };
    });
  }

  // ---- history ----

  /** Every change of the session's current marks (old -> new, who, when) and the superseded marks (conflicting devices). */
  async history(classId: string, sessionId: string, residentId: string | undefined, caller: Caller): Promise<AttendanceHistoryView> {
    const manager = this.dataSource.manager;
    const cls = await this.reachedClass(manager, classId, caller);
    if (!(await this.repo.sessionOf(manager, cls.id, sessionId))) throw AttendanceErrors.sessionNotFound(sessionId);
    const only = residentId ? residentId.toLowerCase() : null;
    const [changes, superseded] = await Promise.all([this.repo.changes(manager, sessionId, only), this.repo.superseded(manager, sessionId, only)]);
    const who = (id: string | null, name: string | null) => (id ? { id, displayName: name } : null);
    return {
      sessionId,
      changes: changes.map((c) => ({
        residentId: c.residentId,
        oldStatus: c.oldStatus,
        newStatus: c.newStatus,
        oldRemark: c.oldRemark,
        newRemark: c.newRemark,
        markId: c.markId,
        source: c.source,
        deviceId: c.deviceId,
        deviceTime: c.deviceTime ? c.deviceTime.toISOString() : null,
        changedBy: who(c.changedBy, c.changedByName),
        changedAt: c.changedAt.toISOString(),
      })),
      superseded: superseded.map((m) => ({
        markId: m.markId,
        residentId: m.residentId,
        status: m.status,
        remark: m.remark,
        deviceId: m.deviceId,
        deviceTime: m.deviceTime.toISOString(),
        source: m.source,
        recordedBy: who(m.recordedBy, m.recordedByName),
        receivedAt: m.receivedAt.toISOString(),
      })),
    };
  }

  // ---- the write of marks ----

  /**
   * Applies the marks of one request in the caller's transaction: each mark is rejected (shape, session
   * out of reach, window, roster), a duplicate (its id received before), accepted (now current) or
   * superseded (stored, a later mark is current). Answers in input order. With `batch` (offline sync),
   * the batch's key is claimed in the statement that reads the marks' context, and the answer stored
   * in the statement that writes them; `claimed: false` when the key was taken (nothing was done).
   */
  private async applyMarks(
    tx: EntityManager,
    caller: Caller,
    requestMarks: readonly RequestMark[],
    source: 'sync' | 'roster',
    deviceId: string | null,
    batch?: BatchClaim,
  ): Promise<{ claimed: false } | { claimed: true; results: MarkResultView[]; answer: MarkResultsView; tallies: Map<string, ClassTally> }> {
    // a mark id repeated inside the request: its first occurrence is the mark, the others answer as duplicates of it
    const firstOrd = new Map<string, number>();
    const unique: Array<RequestMark & { mark: IncomingMark }> = [];
    for (const r of requestMarks) {
      if (!r.mark || firstOrd.has(r.mark.id)) continue;
      firstOrd.set(r.mark.id, r.ord);
      unique.push(r as RequestMark & { mark: IncomingMark });
    }
    const uniqueByOrd = new Map(unique.map((u) => [u.ord, u]));
    const { rows: context, claimed } = await this.repo.markContext(
      tx,
      unique.map((r) => ({ ord: r.ord, id: r.mark.id, sessionId: r.mark.sessionId, residentId: r.mark.residentId })),
      this.reachOf(caller),
      batch,
    );
    if (!claimed) return { claimed: false };
    const contextOf = new Map<number, MarkContextRow>(context.map((c) => [c.ord, c]));
    const lockedCurrent = new Map<string, CurrentMark | null>();
    const versionOf = new Map<string, string>();
    const results = new Map<number, MarkResultView>();
    const candidates: Candidate[] = [];
    const window = { futureH: this.env.ATTENDANCE_FUTURE_WINDOW_H, pastDays: this.env.ATTENDANCE_PAST_WINDOW_DAYS };

    for (const r of unique) {
      const c = contextOf.get(r.ord) as MarkContextRow;
      if (!c.reachable) {
        results.set(r.ord, rejected(r, 'SESSION_NOT_FOUND'));
        continue;
      }
      lockedCurrent.set(pairKey(r.mark), c.current);
      versionOf.set(pairKey(r.mark), c.versionId as string);
      if (c.receivedOutcome) {
        results.set(r.ord, resultOf(r, { outcome: 'duplicate', markOutcome: c.receivedOutcome }));
        continue;
      }
      const problem =
        windowProblem(r.mark.deviceTime, { start: c.sessionStart as Date, ageDays: c.ageDays as number }, c.now, window) ??
        rosterProblem(c.rosterState ?? 'not_enrolled');
      if (problem) results.set(r.ord, rejected(r, problem));
      else candidates.push({ ...r.mark, ord: r.ord });
    }

    const plan = planPairs(candidates, (sessionId, residentId) => lockedCurrent.get(`${sessionId}:${residentId}`) ?? null);
    for (const c of candidates) results.set(c.ord, resultOf(uniqueByOrd.get(c.ord) as RequestMark, { outcome: plan.outcomes.get(c.ord) as 'accepted' | 'superseded' }));

    // the answers, in input order, with each pair's current mark after the request
    const after = new Map<string, CurrentMark | null>(lockedCurrent);
    for (const p of plan.pairs) after.set(pairKey(p), p.next);
    const tallies = new Map<string, ClassTally>();
    const out: MarkResultView[] = [];
    for (const r of requestMarks) {
      let result: MarkResultView;
      if (!r.mark) {
        result = rejected(r, 'INVALID_MARK', r.problem);
      } else if (firstOrd.get(r.mark.id) !== r.ord) {
        // repeated inside the request: answered like its first occurrence, as a duplicate when that one was stored
        const first = results.get(firstOrd.get(r.mark.id) as number) as MarkResultView;
        result = first.outcome === 'rejected' ? { ...first, id: r.echo } : resultOf(r, { outcome: 'duplicate', markOutcome: first.markOutcome ?? first.outcome }, first.current);
      } else {
        result = results.get(r.ord) as MarkResultView;
        if (result.code !== 'SESSION_NOT_FOUND') result.current = currentView(after.get(pairKey(r.mark)) ?? null);
        this.tally(tallies, contextOf.get(r.ord), r.mark.sessionId, result.outcome);
      }
      out.push(result);
    }

    // one statement: current marks, every mark, history (and the batch's answer)
    const winners = new Map<number, PairPlan>();
    for (const p of plan.pairs) if (p.winner) winners.set(p.winner.ord, p);
    const write: MarkWrite = {
      accountId: caller.account.id,
      deviceId,
      source,
      marks: candidates.map((c) => {
        const p = winners.get(c.ord);
        return {
          ...c,
          outcome: plan.outcomes.get(c.ord) as 'accepted' | 'superseded',
          current: p ? (p.previous ? 'update' : 'insert') : null,
          replaces: p?.previous?.markId ?? null,
          change: p && isChange(p) ? { oldStatus: p.previous?.status ?? null, oldRemark: p.previous?.remark ?? null } : null,
        };
      }),
    };
    const inserts = write.marks.filter((m) => m.current === 'insert').length;
    // as stored (jsonb's key order), so that the answer replayed from the store is the same, byte for byte
    const answer = jsonbOrder({ results: out });
    if (write.marks.length > 0 || batch) {
      const done = await this.repo.write(tx, write, batch ? { ...batch, response: answer } : undefined);
      // a first mark inserted, or this very mark received, by another transaction since markContext: run again
      if (done.inserted !== inserts || done.marks !== write.marks.length) throw new ConcurrentMarks('marks raced with another request');
    }

    // the course-completion rule, for the residents whose session became attended (the only change that can make it
    // true), under the completion locks markContext took before it read anything
    const completionPairs: CompletionPair[] = plan.pairs
      .filter(becomesAttended)
      .map((p) => ({ residentId: p.residentId, versionId: versionOf.get(pairKey(p)) as string }));
    await this.completion.evaluate(tx, completionPairs, { alreadyLocked: true });
    return { claimed: true, results: out, answer, tallies };
  }

  private tally(tallies: Map<string, ClassTally>, c: MarkContextRow | undefined, sessionId: string, outcome: string): void {
    if (!c?.reachable || !c.classId) return;
    const t = tallies.get(c.classId) ?? { classId: c.classId, path: c.classPath as string, sessions: new Set<string>(), accepted: 0, superseded: 0, duplicate: 0, rejected: 0 };
    tallies.set(c.classId, t);
    t.sessions.add(sessionId);
    t[outcome as 'accepted' | 'superseded' | 'duplicate' | 'rejected']++;
  }

  // ---- helpers ----

  private reachOf(caller: Caller): MarkerReach {
    if (caller.account.role !== 'commune_officer') return { accountId: caller.account.id };
    return { accountId: caller.account.id, officerPaths: caller.scope.kind === 'all' ? null : caller.scope.paths };
  }

  private async reachedClass(manager: EntityManager, classId: string, caller: Caller): Promise<ReachedClass> {
    const cls = await this.repo.reachedClass(manager, classId, this.reachOf(caller));
    if (!cls) throw AttendanceErrors.classNotFound(classId);
    return cls;
  }

  private auditEntries(action: string, tallies: Map<string, ClassTally>, extra: Record<string, unknown>): AuditEntry[] {
    return [...tallies.values()].map((t) => ({
      action,
      targetType: 'class',
      targetId: t.classId,
      unitPath: t.path,
      details: { ...extra, sessions: [...t.sessions], accepted: t.accepted, superseded: t.superseded, duplicate: t.duplicate, rejected: t.rejected },
    }));
  }

  /**
   * Runs the work in a transaction, again (up to MAX_ATTEMPTS) when it lost a race it could not settle
   * in place: a deadlock or serialization failure (the shared retry), or ConcurrentMarks.
   */
  private inTransaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return transactionWithRetry(this.dataSource, work, { name: 'attendance marks', attempts: MAX_ATTEMPTS, retryIf: (err) => err instanceof ConcurrentMarks });
  }
}

const pairKey = (m: { sessionId: string; residentId: string }) => `${m.sessionId}:${m.residentId}`;

function resultOf(r: RequestMark, fields: Pick<MarkResultView, 'outcome' | 'code' | 'message' | 'markOutcome'>, current: MarkResultView['current'] = null): MarkResultView {
  return { id: r.echo, ...(r.residentId ? { residentId: r.residentId } : {}), ...fields, current };
}

function rejected(r: RequestMark, code: MarkRejection, reason?: string): MarkResultView {
  return resultOf(r, { outcome: 'rejected', code, message: reason ? `${MARK_REJECTIONS[code]} (${reason})` : MARK_REJECTIONS[code] });
}
