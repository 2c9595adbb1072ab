import { UUID_FORMAT } from '@hvs/platform';
import type { RosterState } from '../classes/roster';
import type { MarkRejection } from './attendance-errors';

/**
 * The rules of attendance marks, without I/O: the shape of a mark sent by a phone, the window of
 * sessions that may be marked, who is markable (the roster), and which mark is current when several
 * devices mark the same resident at the same session (the later device time; tie: the larger mark id).
 */
export type AttendanceStatus = 'present' | 'late' | 'excused' | 'absent';
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['present', 'late', 'excused', 'absent'];
/** Statuses that count as attended (the completion rule's share, rosters' rates). */
export const ATTENDED: ReadonlySet<string> = new Set<AttendanceStatus>(['present', 'late']);

export const MAX_REMARK_LENGTH = 300;
export const MAX_SYNC_MARKS = 500;
export const MAX_ROSTER_MARKS = 200;

/** A mark as a device recorded it (id: the device's uuid; deviceTime: when it was recorded there). */
export interface IncomingMark {
  id: string;
  sessionId: string;
  residentId: string;
  status: AttendanceStatus;
  remark: string | null;
  deviceTime: Date;
}

/** A mark of a request, with its position in it (answers keep the input order). */
export interface Candidate extends IncomingMark {
  ord: number;
}

/** The current mark of a (session, resident). */
export interface CurrentMark {
  status: AttendanceStatus;
  remark: string | null;
  markId: string;
  deviceTime: Date;
  /** The `absent` a session's closing gave an unmarked resident: a stand-in, which any real mark replaces. */
  fromClose?: boolean;
}

const SYNC_MARK_FIELDS = new Set(['id', 'sessionId', 'residentId', 'status', 'remark', 'deviceTime']);
/** ISO 8601 date-time WITH an offset (a device's local time is meaningless without it). */
const ISO_WITH_OFFSET = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** A remark as stored: NFC, spaces collapsed and trimmed; empty means none. */
export function normaliseRemark(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

/** The id to echo in the answer for a mark, whatever its shape (null when it has no string id). */
export function echoedId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' ? id.slice(0, 100) : null;
}

/** Checks one mark of an offline batch: the mark, or what is wrong with it (a rejected mark, not a 400). */
export function parseSyncMark(raw: unknown): { mark: IncomingMark; problem?: undefined } | { mark?: undefined; problem: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: 'a mark must be an object' };
  const extra = Object.keys(raw).find((k) => !SYNC_MARK_FIELDS.has(k));
  if (extra !== undefined) return { problem: `field "${extra.slice(0, 40)}" is not allowed` };
  const m = raw as Record<string, unknown>;
  for (const field of ['id', 'sessionId', 'residentId'] as const) {
    if (typeof m[field] !== 'string' || !UUID_FORMAT.test(m[field] as string)) return { problem: `${field} must be a UUID` };
  }
  if (typeof m.status !== 'string' || !(ATTENDANCE_STATUSES as readonly string[]).includes(m.status)) {
    return { problem: `status must be one of ${ATTENDANCE_STATUSES.join(', ')}` };
  }
  if (m.remark !== undefined && m.remark !== null && (typeof m.remark !== 'string' || m.remark.length > MAX_REMARK_LENGTH)) {
    return { problem: `remark must be text of at most ${MAX_REMARK_LENGTH} characters` };
  }
  if (typeof m.deviceTime !== 'string' || !ISO_WITH_OFFSET.test(m.deviceTime)) {
    return { problem: 'deviceTime must be an ISO 8601 date-time with an offset, e.g. 2026-03-02T08:15:00+07:00' };
  }
  const deviceTime = new Date(m.deviceTime);
  if (Number.isNaN(deviceTime.getTime())) return { problem: 'deviceTime is not a real date-time' };
  return {
    mark: {
      id: (m.id as string).toLowerCase(),
      sessionId: (m.sessionId as string).toLowerCase(),
      residentId: (m.residentId as string).toLowerCase(),
      status: m.status as AttendanceStatus,
      remark: normaliseRemark(m.remark as string | null | undefined),
      deviceTime,
    },
  };
}

/** True when mark `a` wins over `b`: a later device time, or the same time and a larger id. */
export function isLater(a: { deviceTime: Date; id: string }, b: { deviceTime: Date; id: string }): boolean {
  const d = a.deviceTime.getTime() - b.deviceTime.getTime();
  return d > 0 || (d === 0 && a.id > b.id);
}

/** What may not be marked now: a session (its day's start, Vietnam time) or device time too far ahead, or a session too long ago. */
export function windowProblem(
  deviceTime: Date,
  session: { start: Date; ageDays: number },
  now: Date,
  window: { futureH: number; pastDays: number },
): 'MARK_TOO_FAR_IN_FUTURE' | 'MARK_TOO_OLD' | null {
  const limit = now.getTime() + window.futureH * 3_600_000;
  if (deviceTime.getTime() > limit || session.start.getTime() > limit) return 'MARK_TOO_FAR_IN_FUTURE';
  if (session.ageDays > window.pastDays) return 'MARK_TOO_OLD';
  return null;
}

/** Only residents on the session's roster are marked (roster.ts). */
export function rosterProblem(state: RosterState): MarkRejection | null {
  switch (state) {
    case 'on_roster':
      return null;
    case 'not_enrolled_yet':
      return 'NOT_ENROLLED_YET';
    case 'withdrawn':
      return 'WITHDRAWN';
    default:
      return 'NOT_ON_ROSTER';
  }
}

/** What becomes of one (session, resident) marked in a request. */
export interface PairPlan {
  sessionId: string;
  residentId: string;
  /** The current mark before (read with its row locked). */
  previous: CurrentMark | null;
  /** The request's mark that becomes current (null: the previous one stays). */
  winner: Candidate | null;
  /** The current mark after. */
  next: CurrentMark | null;
}

/**
 * Later wins: per (session, resident), the request's latest mark becomes current when it is later than
 * the current one (`currentOf`, read under lock), or when the current one is the stand-in `absent` of a
 * session's closing (a phone that synchronises after the session was closed brings the real marks,
 * recorded before); every other mark of the request is superseded (kept in the history). Pairs come
 * out ordered by session then resident, the order rows are written in.
 */
export function planPairs(
  candidates: readonly Candidate[],
  currentOf: (sessionId: string, residentId: string) => CurrentMark | null,
): { outcomes: Map<number, 'accepted' | 'superseded'>; pairs: PairPlan[] } {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = `${c.sessionId}:${c.residentId}`;
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  const outcomes = new Map<number, 'accepted' | 'superseded'>();
  const pairs: PairPlan[] = [];
  for (const list of groups.values()) {
    const { sessionId, residentId } = list[0];
    const best = list.reduce((a, b) => (isLater(b, a) ? b : a));
    const previous = currentOf(sessionId, residentId);
    const wins = previous === null || previous.fromClose === true || isLater(best, { deviceTime: previous.deviceTime, id: previous.markId });
    for (const c of list) outcomes.set(c.ord, wins && c === best ? 'accepted' : 'superseded');
    const next = wins ? { status: best.status, remark: best.remark, markId: best.id, deviceTime: best.deviceTime } : previous;
    pairs.push({ sessionId, residentId, previous, winner: wins ? best : null, next });
  }
  pairs.sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : a.residentId < b.residentId ? -1 : a.residentId > b.residentId ? 1 : 0));
  return { outcomes, pairs };
}

/** A change of the current mark worth a line of history: a first mark, or a different status or remark. */
export function isChange(plan: PairPlan): boolean {
  if (!plan.winner) return false;
  const before = plan.previous;
  return before === null || before.status !== plan.winner.status || before.remark !== plan.winner.remark;
}

/** The change can make the completion rule true: the session becomes attended (it was not). */
export function becomesAttended(plan: PairPlan): boolean {
  return plan.winner !== null && ATTENDED.has(plan.winner.status) && !(plan.previous && ATTENDED.has(plan.previous.status));
}
