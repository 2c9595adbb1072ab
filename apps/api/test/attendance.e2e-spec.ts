import { randomUUID } from 'node:crypto';
import { bearer, createTestAppWithDemoData, registerTestResident, type TestApp } from '@hvs/testing';
import { SyncBatchRetention } from '@hvs/classes';
import { AppModule } from '../src/app.module';
import { classDbFixtures } from '@hvs/testing';
const { accountIdOf, coreCourse, createClass, createSession, createStaff, enrol, vietnamDay } = classDbFixtures;
type CoreCourse = classDbFixtures.CoreCourse;
type FixtureClass = classDbFixtures.FixtureClass;

type Auth = { authorization: string };
interface Mark {
  id: string;
  sessionId: string;
  residentId: string;
  status: string;
  deviceTime: string;
  remark?: string | null;
}
interface Result {
  id: string | null;
  residentId?: string;
  outcome: 'accepted' | 'duplicate' | 'superseded' | 'rejected';
  code?: string;
  message?: string;
  markOutcome?: string;
  current: { status: string; deviceTime: string } | null;
}

const API = '/api/v1';

/** An instant `minutes` before now, written as a phone in Vietnam writes it (+07:00). */
const deviceTime = (minutesAgo = 0, base = Date.now()) => new Date(base - minutesAgo * 60_000 + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
const utc = (iso: string) => new Date(iso).toISOString();

describe('attendance: roster marks, offline sync, conflicts, closing and history', () => {
  let t: TestApp;
  let admin: Auth;
  let officer: Auth;
  let instructor: Auth;
  let volunteer: Auth;
  let otherInstructor: Auth;
  let otherOfficer: Auth;
  let province: Auth;
  let residentAuth: Auth;
  let instructorId: string;
  let core: CoreCourse;
  let cls: FixtureClass;
  let otherClass: FixtureClass;
  let otherSession: string;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    admin = await bearer(t.http, 'admin');
    officer = await bearer(t.http, 'xa.baichay');
    instructor = await bearer(t.http, 'gv.baichay');
    province = await bearer(t.http, 'tinh.quangninh');
    instructorId = await accountIdOf(t, instructor);
    const vol = await createStaff(t, admin, { username: 'tnv.baichay', role: 'instructor', displayName: 'Tình nguyện viên Trần Văn Bình' });
    volunteer = vol.auth;
    otherInstructor = (await createStaff(t, admin, { username: 'gv.lopkhac', role: 'instructor' })).auth;
    otherOfficer = (await createStaff(t, admin, { username: 'xa.mongcai2', role: 'commune_officer', communeCode: '06709' })).auth;
    residentAuth = (await registerTestResident(t, admin)).auth as Auth;
    core = await coreCourse(t.db);
    cls = await createClass(t.db, { versionId: core.versionId, staff: [{ accountId: instructorId }, { accountId: vol.id, kind: 'volunteer' }] });
    const otherId = await accountIdOf(t, otherInstructor);
    otherClass = await createClass(t.db, { versionId: core.versionId, staff: [{ accountId: otherId }] });
    otherSession = await createSession(t.db, otherClass.id);
  });
  afterAll(() => t.close());

  /** Residents registered in the demo commune and enrolled in the class 40 days ago. */
  const enrolled = async (n: number, c: FixtureClass = cls): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await registerTestResident(t, admin, { withAccount: false });
      await enrol(t.db, c.id, r.id);
      ids.push(r.id);
    }
    return ids;
  };
  const mark = (sessionId: string, residentId: string, status: string, minutesAgo = 0, extra: Partial<Mark> = {}): Mark => ({
    id: randomUUID(),
    sessionId,
    residentId,
    status,
    deviceTime: deviceTime(minutesAgo),
    ...extra,
  });
  const sync = (auth: Auth, key: string | null, marks: unknown, deviceId?: string) => {
    const req = t.http.post(`${API}/attendance/sync`).set(auth);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(deviceId ? { deviceId, marks } : { marks });
  };
  const putRoster = (auth: Auth, classId: string, sessionId: string, marks: unknown) =>
    t.http.put(`${API}/classes/${classId}/sessions/${sessionId}/attendance`).set(auth).send({ marks });
  const history = (auth: Auth, classId: string, sessionId: string, residentId?: string) =>
    t.http.get(`${API}/classes/${classId}/sessions/${sessionId}/attendance/history${residentId ? `?residentId=${residentId}` : ''}`).set(auth);
  const closeSession = (auth: Auth, classId: string, sessionId: string) => t.http.post(`${API}/classes/${classId}/sessions/${sessionId}/close`).set(auth);
  const current = async (sessionId: string, residentId: string) =>
    (await t.db.query(`SELECT status, remark, mark_id, device_time FROM classes_attendance WHERE session_id = $1 AND resident_id = $2`, [sessionId, residentId]))[0] as
      | { status: string; remark: string | null; mark_id: string; device_time: Date }
      | undefined;
  const counts = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*)::int FROM classes_attendance) AS current, (SELECT count(*)::int FROM classes_attendance_marks) AS marks,
                (SELECT count(*)::int FROM classes_attendance_changes) AS changes, (SELECT count(*)::int FROM classes_sync_batches) AS batches,
                (SELECT count(*)::int FROM outbox_events) AS events, (SELECT count(*)::int FROM audit_events) AS audit`,
      )
    )[0] as Record<string, number>;

  describe('the whole roster in one request', () => {
    it('marks every resident of the session, with server ids and the request time', async () => {
      const residents = await enrolled(4);
      const session = await createSession(t.db, cls.id);
      const before = Date.now();
      const res = await putRoster(instructor, cls.id, session, [
        { residentId: residents[0], status: 'present' },
        { residentId: residents[1], status: 'late', remark: '  Đến muộn   15 phút ' },
        { residentId: residents[2], status: 'excused', remark: 'Ốm' },
        { residentId: residents[3], status: 'absent' },
      ]).expect(200);
      const results = res.body.results as Result[];
      expect(results.map((r) => [r.residentId, r.outcome, r.current?.status])).toEqual([
        [residents[0], 'accepted', 'present'],
        [residents[1], 'accepted', 'late'],
        [residents[2], 'accepted', 'excused'],
        [residents[3], 'accepted', 'absent'],
      ]);
      for (const r of results) {
        expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(new Date(r.current?.deviceTime as string).getTime()).toBeGreaterThanOrEqual(before - 1000);
      }
      expect(await current(session, residents[1])).toMatchObject({ status: 'late', remark: 'Đến muộn 15 phút', mark_id: results[1].id });
      const marks = await t.db.query(`SELECT source, outcome, recorded_by FROM classes_attendance_marks WHERE session_id = $1`, [session]);
      expect(marks).toHaveLength(4);
      expect(new Set(marks.map((m: { source: string; outcome: string; recorded_by: string }) => `${m.source}/${m.outcome}/${m.recorded_by}`))).toEqual(
        new Set([`roster/accepted/${instructorId}`]),
      );
      const audit = await t.db.query(`SELECT action, target_id, unit_path::text AS unit_path FROM audit_events WHERE action = 'attendance.mark_roster' AND target_id = $1`, [cls.id]);
      expect(audit[0]).toMatchObject({ target_id: cls.id, unit_path: cls.path });
    });

    it('rejects, one by one, residents not on the roster: withdrawn, enrolled after the session, not enrolled, staff', async () => {
      const [stays] = await enrolled(1);
      const day = vietnamDay(-3);
      const session = await createSession(t.db, cls.id, { day });
      const withdrawn = (await registerTestResident(t, admin, { withAccount: false })).id;
      await enrol(t.db, cls.id, withdrawn, { enrolledOn: vietnamDay(-20), withdrawnOn: vietnamDay(-5) });
      const late = (await registerTestResident(t, admin, { withAccount: false })).id;
      await enrol(t.db, cls.id, late, { enrolledOn: vietnamDay(-1) });
      const stranger = (await registerTestResident(t, admin, { withAccount: false })).id;
      const leftAfter = (await registerTestResident(t, admin, { withAccount: false })).id;
      await enrol(t.db, cls.id, leftAfter, { enrolledOn: vietnamDay(-20), withdrawnOn: vietnamDay(-1) }); // still on that day's roster

      const res = await putRoster(officer, cls.id, session, [
        { residentId: stays, status: 'present' },
        { residentId: withdrawn, status: 'present' },
        { residentId: late, status: 'present' },
        { residentId: stranger, status: 'present' },
        { residentId: instructorId, status: 'present' }, // a staff account is no resident of the roster
        { residentId: leftAfter, status: 'late' },
      ]).expect(200);
      expect((res.body.results as Result[]).map((r) => r.code ?? r.outcome)).toEqual([
        'accepted',
        'WITHDRAWN',
        'NOT_ENROLLED_YET',
        'NOT_ON_ROSTER',
        'NOT_ON_ROSTER',
        'accepted',
      ]);
      expect((res.body.results as Result[])[1].message).toBe('Người này đã rút khỏi lớp trước ngày của buổi học.');
      expect((await t.db.query(`SELECT resident_id FROM classes_attendance WHERE session_id = $1 ORDER BY resident_id`, [session])).map((r: { resident_id: string }) => r.resident_id)).toEqual(
        [stays, leftAfter].sort(),
      );
    });

    it('a home visit has one resident on its roster', async () => {
      const [visited, other] = await enrolled(2);
      const visit = await createSession(t.db, cls.id, { homeVisitOf: visited });
      const res = await putRoster(volunteer, cls.id, visit, [
        { residentId: visited, status: 'present' },
        { residentId: other, status: 'present' },
      ]).expect(200);
      expect((res.body.results as Result[]).map((r) => r.code ?? r.outcome)).toEqual(['accepted', 'NOT_ON_ROSTER']);
    });

    it('validates the request as a whole', async () => {
      const session = await createSession(t.db, cls.id);
      const [r] = await enrolled(1);
      expect((await putRoster(instructor, cls.id, session, []).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      expect((await putRoster(instructor, cls.id, session, [{ residentId: r, status: 'sick' }]).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      expect((await putRoster(instructor, cls.id, session, [{ residentId: r, status: 'present', remark: 'x'.repeat(301) }]).expect(400)).body.error.code).toBe(
        'VALIDATION_FAILED',
      );
      expect((await putRoster(instructor, cls.id, session, [{ residentId: r, status: 'present', extra: 1 }]).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      expect((await putRoster(instructor, 'khong-phai-uuid', session, [{ residentId: r, status: 'present' }]).expect(400)).body.error.code).toBe('INVALID_CLASS_ID');
      expect((await putRoster(instructor, cls.id, otherSession, [{ residentId: r, status: 'present' }]).expect(404)).body.error.code).toBe('SESSION_NOT_FOUND');
    });
  });

  describe('offline sync', () => {
    it('answers each mark in order; a batch sent again gets the identical answer and changes nothing', async () => {
      const residents = await enrolled(3);
      const session = await createSession(t.db, cls.id);
      const marks = residents.map((r, i) => mark(session, r, ['present', 'late', 'absent'][i], 30 - i));
      const key = `batch-${randomUUID()}`;
      const first = await sync(instructor, key, marks, 'android-lan').expect(200);
      expect((first.body.results as Result[]).map((r) => [r.id, r.outcome, r.current?.status])).toEqual([
        [marks[0].id, 'accepted', 'present'],
        [marks[1].id, 'accepted', 'late'],
        [marks[2].id, 'accepted', 'absent'],
      ]);
      expect((first.body.results as Result[])[0].current?.deviceTime).toBe(utc(marks[0].deviceTime));
      const before = await counts();
      for (let i = 0; i < 3; i++) {
        const again = await sync(instructor, key, marks, 'android-lan').expect(200);
        expect(again.text).toBe(first.text);
      }
      expect(await counts()).toEqual(before);
      const stored = await t.db.query(`SELECT device_id, source FROM classes_attendance_marks WHERE id = $1`, [marks[0].id]);
      expect(stored).toEqual([{ device_id: 'android-lan', source: 'sync' }]);
    });

    it('the same batch sent three times at once is applied once', async () => {
      const residents = await enrolled(3);
      const session = await createSession(t.db, cls.id);
      const marks = residents.map((r) => mark(session, r, 'present', 5));
      const key = `ruong-lua-${randomUUID()}`;
      const before = await counts();
      const answers = await Promise.all([1, 2, 3].map(() => sync(instructor, key, marks)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      const after = await counts();
      expect(after.marks - before.marks).toBe(3);
      expect(after.current - before.current).toBe(3);
      expect(after.changes - before.changes).toBe(3);
      expect(after.batches - before.batches).toBe(1);
    });

    it('needs an Idempotency-Key; the key with another body is a conflict', async () => {
      const [r] = await enrolled(1);
      const session = await createSession(t.db, cls.id);
      const marks = [mark(session, r, 'present')];
      expect((await sync(instructor, null, marks).expect(400)).body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
      expect((await sync(instructor, 'x'.repeat(101), marks).expect(400)).body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
      const key = `k-${randomUUID()}`;
      await sync(instructor, key, marks).expect(200);
      const reused = await sync(instructor, key, [mark(session, r, 'late')]).expect(409);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      // keys are per account: another device's account may use the same key
      expect((await sync(volunteer, key, [mark(session, r, 'late')]).expect(200)).body.results[0].outcome).toBe('accepted');
    });

    it('marks already received are duplicates in a new batch, answered with their first outcome and the current mark', async () => {
      const [a, b] = await enrolled(2);
      const session = await createSession(t.db, cls.id);
      const early = mark(session, a, 'absent', 60);
      const later = mark(session, a, 'present', 10);
      const other = mark(session, b, 'late', 5);
      await sync(instructor, `k-${randomUUID()}`, [later, other]).expect(200);
      await sync(volunteer, `k-${randomUUID()}`, [early]).expect(200); // superseded on arrival
      const before = await counts();
      const res = await sync(volunteer, `k-${randomUUID()}`, [early, later, other, { ...other }]).expect(200);
      expect(res.body.results).toEqual([
        { id: early.id, outcome: 'duplicate', markOutcome: 'superseded', current: { status: 'present', deviceTime: utc(later.deviceTime) } },
        { id: later.id, outcome: 'duplicate', markOutcome: 'accepted', current: { status: 'present', deviceTime: utc(later.deviceTime) } },
        { id: other.id, outcome: 'duplicate', markOutcome: 'accepted', current: { status: 'late', deviceTime: utc(other.deviceTime) } },
        { id: other.id, outcome: 'duplicate', markOutcome: 'accepted', current: { status: 'late', deviceTime: utc(other.deviceTime) } },
      ]);
      const after = await counts();
      expect({ ...after, batches: 0, audit: 0 }).toEqual({ ...before, batches: 0, audit: 0 });
      expect(after.batches).toBe(before.batches + 1);
    });

    it('a batch re-sent after the purge of its stored answer (past the retention) writes nothing again', async () => {
      const [a, b] = await enrolled(2);
      const session = await createSession(t.db, cls.id);
      const marks = [mark(session, a, 'present', 20), mark(session, b, 'late', 20)];
      const key = `k-${randomUUID()}`;
      const first = await sync(instructor, key, marks).expect(200);
      expect((first.body.results as Result[]).map((r) => r.outcome)).toEqual(['accepted', 'accepted']);
      const stored = () => t.db.query(`SELECT count(*)::int AS n FROM classes_sync_batches WHERE idempotency_key = $1`, [key]);
      expect(await stored()).toEqual([{ n: 1 }]);
      const retention = t.app.get(SyncBatchRetention);
      expect((await retention.purge()).deleted).toBe(0); // everything here is recent
      const purged = await retention.purge(new Date(Date.now() + 61 * 24 * 3600 * 1000));
      expect(purged.deleted).toBeGreaterThanOrEqual(1);
      expect(await stored()).toEqual([{ n: 0 }]);
      const before = await counts();
      const again = await sync(instructor, key, marks).expect(200);
      expect((again.body.results as Result[]).map((r) => [r.id, r.outcome, r.current?.status])).toEqual([
        [marks[0].id, 'duplicate', 'present'],
        [marks[1].id, 'duplicate', 'late'],
      ]);
      const after = await counts();
      expect({ ...after, batches: 0, audit: 0 }).toEqual({ ...before, batches: 0, audit: 0 });
      expect(after.batches).toBe(before.batches + 1); // the new answer is stored for the next retry
    });

    it('a mark repeated inside one batch is stored once', async () => {
      const [a] = await enrolled(1);
      const session = await createSession(t.db, cls.id);
      const m = mark(session, a, 'present', 3);
      const res = await sync(instructor, `k-${randomUUID()}`, [m, m]).expect(200);
      expect((res.body.results as Result[]).map((r) => [r.outcome, r.markOutcome])).toEqual([
        ['accepted', undefined],
        ['duplicate', 'accepted'],
      ]);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM classes_attendance_marks WHERE id = $1`, [m.id]))[0].n).toBe(1);
    });

    it('one bad mark never rejects the others', async () => {
      const [a, b, c] = await enrolled(3);
      const session = await createSession(t.db, cls.id);
      const good1 = mark(session, a, 'present', 2);
      const good2 = mark(session, c, 'excused', 2, { remark: 'Đi viện' });
      const unknownSession = mark(randomUUID(), b, 'present', 2);
      const foreignSession = mark(otherSession, b, 'present', 2);
      const noTime = { id: randomUUID(), sessionId: session, residentId: b, status: 'present' };
      const noOffset = { ...mark(session, b, 'present', 2), deviceTime: '2026-03-02T08:15:00' };
      const badStatus = mark(session, b, 'sick', 2);
      const extraField = { ...mark(session, b, 'present', 2), photo: 'x' };
      const notAnId = { ...mark(session, b, 'present', 2), id: 'abc' };
      const longRemark = mark(session, b, 'present', 2, { remark: 'x'.repeat(301) });
      const res = await sync(instructor, `k-${randomUUID()}`, [good1, unknownSession, foreignSession, noTime, noOffset, badStatus, extraField, notAnId, longRemark, good2]).expect(
        200,
      );
      const results = res.body.results as Result[];
      expect(results.map((r) => r.code ?? r.outcome)).toEqual([
        'accepted',
        'SESSION_NOT_FOUND',
        'SESSION_NOT_FOUND',
        'INVALID_MARK',
        'INVALID_MARK',
        'INVALID_MARK',
        'INVALID_MARK',
        'INVALID_MARK',
        'INVALID_MARK',
        'accepted',
      ]);
      expect(results.map((r) => r.id)).toEqual([good1.id, unknownSession.id, foreignSession.id, noTime.id, noOffset.id, badStatus.id, extraField.id, 'abc', longRemark.id, good2.id]);
      expect(results[2].current).toBeNull(); // nothing of another class leaks
      expect(results[4].message).toMatch(/deviceTime/);
      expect(await current(session, c)).toMatchObject({ status: 'excused', remark: 'Đi viện' });
      expect(await current(session, b)).toBeUndefined();
      expect(await current(otherSession, b)).toBeUndefined();
    });

    it('a batch of nothing but bad marks is answered, stored and replayed like any other', async () => {
      const key = `k-${randomUUID()}`;
      const marks = [{ id: randomUUID(), status: 'present' }, mark(randomUUID(), randomUUID(), 'present')];
      const first = await sync(instructor, key, marks).expect(200);
      expect((first.body.results as Result[]).map((r) => r.code)).toEqual(['INVALID_MARK', 'SESSION_NOT_FOUND']);
      const before = await counts();
      const again = await sync(instructor, key, marks).expect(200);
      expect(again.text).toBe(first.text);
      expect(await counts()).toEqual(before);
      expect((await sync(instructor, key, [marks[1]]).expect(409)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('refuses a body that is not a list of 1 to 500 objects, as a whole', async () => {
      const [a] = await enrolled(1);
      const session = await createSession(t.db, cls.id);
      for (const marks of [[], 'marks', [1, 2], [null], Array.from({ length: 501 }, () => mark(session, a, 'present'))]) {
        const res = await sync(instructor, `k-${randomUUID()}`, marks).expect(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      await t.http.post(`${API}/attendance/sync`).set(instructor).set('Idempotency-Key', 'k').send({ marks: [mark(session, a, 'present')], extra: true }).expect(400);
      const full = Array.from({ length: 500 }, () => mark(session, a, 'present', 1));
      const res = await sync(instructor, `k-${randomUUID()}`, full).expect(200);
      expect((res.body.results as Result[]).filter((r) => r.outcome === 'accepted')).toHaveLength(1); // the latest id wins the tie
    });

    it('rejects marks outside the window: sessions or device times too far ahead, sessions too long ago', async () => {
      const [a] = await enrolled(1);
      const today = await createSession(t.db, cls.id);
      const tomorrow = await createSession(t.db, cls.id, { day: vietnamDay(1) });
      const inThreeDays = await createSession(t.db, cls.id, { day: vietnamDay(3) });
      const monthAgo = await createSession(t.db, cls.id, { day: vietnamDay(-29) });
      const tooOld = await createSession(t.db, cls.id, { day: vietnamDay(-31) });
      const res = await sync(instructor, `k-${randomUUID()}`, [
        mark(today, a, 'present', -60 * 30), // device clock 30 h ahead
        mark(today, a, 'present', -60 * 2), // 2 h ahead: a phone's clock may be off
        mark(tomorrow, a, 'present'),
        mark(inThreeDays, a, 'present'),
        mark(monthAgo, a, 'late'),
        mark(tooOld, a, 'present'),
      ]).expect(200);
      expect((res.body.results as Result[]).map((r) => r.code ?? r.outcome)).toEqual([
        'MARK_TOO_FAR_IN_FUTURE',
        'accepted',
        'accepted',
        'MARK_TOO_FAR_IN_FUTURE',
        'accepted',
        'MARK_TOO_OLD',
      ]);
      const roster = await putRoster(officer, cls.id, tooOld, [{ residentId: a, status: 'present' }]).expect(200);
      expect(roster.body.results[0].code).toBe('MARK_TOO_OLD');
    });
  });

  describe('two devices marking the same residents', () => {
    it('the later device time wins whatever order the batches arrive in, concurrently; the loser is kept and shown in the history', async () => {
      const residents = await enrolled(8);
      const session = await createSession(t.db, cls.id);
      // device A (the instructor) marked everyone present at 08:00; device B (the volunteer) marked them at 08:05,
      // some late: B wins for all. The residents are sent in opposite orders to provoke lock-order trouble.
      const base = Date.now() - 3 * 3_600_000;
      const a = residents.map((r) => ({ ...mark(session, r, 'present'), deviceTime: deviceTime(0, base) }));
      const b = [...residents].reverse().map((r, i) => ({ ...mark(session, r, i % 2 ? 'late' : 'absent'), deviceTime: deviceTime(-5, base) }));
      const [resA, resB] = await Promise.all([sync(instructor, `a-${randomUUID()}`, a, 'phone-A'), sync(volunteer, `b-${randomUUID()}`, b, 'phone-B')]);
      expect([resA.status, resB.status]).toEqual([200, 200]);
      expect((resB.body.results as Result[]).every((r) => r.outcome === 'accepted')).toBe(true);
      for (const r of resA.body.results as Result[]) expect(['accepted', 'superseded']).toContain(r.outcome);
      for (const m of b) {
        const row = await current(session, m.residentId);
        expect(row).toMatchObject({ status: m.status, mark_id: m.id });
      }
      const stored = await t.db.query(`SELECT id, outcome FROM classes_attendance_marks WHERE session_id = $1`, [session]);
      expect(stored).toHaveLength(16);
      const outcome = new Map(stored.map((s: { id: string; outcome: string }) => [s.id, s.outcome]));
      for (const m of a) expect(outcome.get(m.id)).toBe('superseded');
      for (const m of b) expect(outcome.get(m.id)).toBe('accepted');

      const h = await history(officer, cls.id, session, residents[0]).expect(200);
      expect(h.body.superseded).toEqual([
        expect.objectContaining({ markId: a[0].id, residentId: residents[0], status: 'present', deviceId: 'phone-A', deviceTime: utc(a[0].deviceTime), source: 'sync' }),
      ]);
      expect(h.body.superseded[0].recordedBy).toEqual({ id: instructorId, displayName: 'Giảng viên Nguyễn Thị Lan' });
      const last = h.body.changes[h.body.changes.length - 1];
      expect(last).toMatchObject({ residentId: residents[0], newStatus: b[b.length - 1].status, markId: b[b.length - 1].id, deviceId: 'phone-B' });

      // the earlier device sends again later (its batch timed out): still superseded, answered with the winner
      const late = await sync(instructor, `a2-${randomUUID()}`, [{ ...a[1], id: randomUUID() }]).expect(200);
      const winner = b.find((m) => m.residentId === residents[1]) as Mark;
      expect(late.body.results[0]).toEqual({ id: expect.any(String), outcome: 'superseded', current: { status: winner.status, deviceTime: utc(winner.deviceTime) } });
    });

    it('a tie in device time goes to the larger mark id', async () => {
      const [r] = await enrolled(1);
      const session = await createSession(t.db, cls.id);
      const at = deviceTime(10);
      const low = { ...mark(session, r, 'present'), id: '00000000-0000-4000-8000-000000000001', deviceTime: at };
      const high = { ...mark(session, r, 'absent'), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff', deviceTime: at };
      await Promise.all([sync(instructor, `k-${randomUUID()}`, [high]), sync(volunteer, `k-${randomUUID()}`, [low])]);
      expect(await current(session, r)).toMatchObject({ status: 'absent', mark_id: high.id });
    });
  });

  describe('closing a session and editing past sessions', () => {
    it('closing marks the unmarked absent, once; later corrections are accepted and leave history', async () => {
      const cls = await createClass(t.db, { versionId: core.versionId, staff: [{ accountId: instructorId }, { accountId: await accountIdOf(t, volunteer), kind: 'volunteer' }] });
      const [came, missing1, missing2] = await enrolled(3, cls);
      const day = vietnamDay(-2);
      const session = await createSession(t.db, cls.id, { day });
      await putRoster(instructor, cls.id, session, [{ residentId: came, status: 'present' }]).expect(200);
      const closed = await closeSession(instructor, cls.id, session).expect(200);
      expect(closed.body).toMatchObject({ sessionId: session, status: 'closed', markedAbsent: 2, alreadyClosed: false });
      expect(await current(session, missing1)).toMatchObject({ status: 'absent' });
      expect(await current(session, came)).toMatchObject({ status: 'present' });
      const before = await counts();
      const again = await closeSession(officer, cls.id, session).expect(200);
      expect(again.body).toEqual({ sessionId: session, status: 'closed', closedAt: closed.body.closedAt, markedAbsent: 0, alreadyClosed: true });
      expect({ ...(await counts()), audit: 0 }).toEqual({ ...before, audit: 0 });
      const closeMarks = await t.db.query(`SELECT source, outcome FROM classes_attendance_marks WHERE session_id = $1 AND resident_id = $2`, [session, missing1]);
      expect(closeMarks).toEqual([{ source: 'close', outcome: 'accepted' }]);

      // a phone that was offline brings the real mark, taken during the session (before the closing): it replaces the stand-in absent
      const real = { ...mark(session, missing2, 'late'), deviceTime: `${day}T08:10:00+07:00` };
      const res = await sync(volunteer, `k-${randomUUID()}`, [real]).expect(200);
      expect(res.body.results[0]).toMatchObject({ outcome: 'accepted', current: { status: 'late' } });
      // an officer corrects a past session's mark: just another mark, in the history
      await putRoster(officer, cls.id, session, [{ residentId: came, status: 'excused', remark: 'Sửa: có giấy phép' }]).expect(200);
      const h = (await history(officer, cls.id, session).expect(200)).body;
      const lines = (h.changes as Array<Record<string, unknown>>).map((c) => [c.residentId, c.oldStatus, c.newStatus, c.source, (c.changedBy as { id: string }).id]);
      const officerId = await accountIdOf(t, officer);
      const volunteerId = await accountIdOf(t, volunteer);
      expect(lines).toEqual(
        expect.arrayContaining([
          [came, null, 'present', 'roster', instructorId],
          [missing1, null, 'absent', 'close', instructorId],
          [missing2, null, 'absent', 'close', instructorId],
          [missing2, 'absent', 'late', 'sync', volunteerId],
          [came, 'present', 'excused', 'roster', officerId],
        ]),
      );
      expect(lines).toHaveLength(5);
      const correction = (h.changes as Array<Record<string, unknown>>).find((c) => c.newStatus === 'excused');
      expect(correction).toMatchObject({ oldRemark: null, newRemark: 'Sửa: có giấy phép', changedBy: { id: officerId, displayName: 'Cán bộ phường Bãi Cháy' } });
      const onlyCame = (await history(instructor, cls.id, session, came).expect(200)).body;
      expect(onlyCame.changes.map((c: { newStatus: string }) => c.newStatus)).toEqual(['present', 'excused']);
    });

    it('closing while a phone synchronises: the phone\'s marks win, the others are absent, one current mark each', async () => {
      for (let round = 0; round < 3; round++) {
        const cls = await createClass(t.db, { versionId: core.versionId, staff: [{ accountId: instructorId }] });
        const residents = await enrolled(6, cls);
        const session = await createSession(t.db, cls.id, { day: vietnamDay(-1) });
        const phone = residents.slice(0, 3).map((r) => ({ ...mark(session, r, 'present'), deviceTime: `${vietnamDay(-1)}T08:00:00+07:00` }));
        const [closed, synced] = await Promise.all([closeSession(officer, cls.id, session), sync(instructor, `k-${randomUUID()}`, phone)]);
        expect([closed.status, synced.status]).toEqual([200, 200]);
        expect((synced.body.results as Result[]).map((r) => r.current?.status)).toEqual(['present', 'present', 'present']);
        const rows = await t.db.query(`SELECT resident_id, status FROM classes_attendance WHERE session_id = $1`, [session]);
        expect(new Map(rows.map((r: { resident_id: string; status: string }) => [r.resident_id, r.status]))).toEqual(
          new Map(residents.map((r, i) => [r, i < 3 ? 'present' : 'absent'])),
        );
      }
    });

    it('the same status again replaces the current mark but writes no history line', async () => {
      const [r] = await enrolled(1);
      const session = await createSession(t.db, cls.id);
      const first = await putRoster(instructor, cls.id, session, [{ residentId: r, status: 'present' }]).expect(200);
      const second = await putRoster(volunteer, cls.id, session, [{ residentId: r, status: 'present' }]).expect(200);
      const h = (await history(officer, cls.id, session, r).expect(200)).body;
      expect(h.changes).toHaveLength(1);
      expect(h.superseded.map((m: { markId: string }) => m.markId)).toEqual([first.body.results[0].id]);
      expect(await current(session, r)).toMatchObject({ mark_id: second.body.results[0].id });
    });
  });

  describe('invariants over everything written above', () => {
    it('one current mark per (session, resident), which is the one accepted mark of the pair; every other mark superseded', async () => {
      const broken = await t.db.query(
        `SELECT a.session_id, a.resident_id
           FROM classes_attendance a
          WHERE NOT EXISTS (SELECT 1 FROM classes_attendance_marks m WHERE m.id = a.mark_id AND m.outcome = 'accepted'
                              AND m.session_id = a.session_id AND m.resident_id = a.resident_id AND m.status = a.status)
             OR (SELECT count(*) FROM classes_attendance_marks m WHERE m.session_id = a.session_id AND m.resident_id = a.resident_id AND m.outcome = 'accepted') <> 1
         UNION ALL
         SELECT m.session_id, m.resident_id FROM classes_attendance_marks m
          WHERE NOT EXISTS (SELECT 1 FROM classes_attendance a WHERE a.session_id = m.session_id AND a.resident_id = m.resident_id)`,
      );
      expect(broken).toEqual([]);
      const [n] = await t.db.query(`SELECT count(*)::int AS n FROM classes_attendance`);
      expect(n.n).toBeGreaterThan(30);
    });
  });

  describe('who may take attendance', () => {
    it('instructors of another class and officers of another commune get 404; residents and other roles 403', async () => {
      const [r] = await enrolled(1);
      const session = await createSession(t.db, cls.id);
      const marks = [{ residentId: r, status: 'present' }];
      for (const who of [otherInstructor, otherOfficer]) {
        expect((await putRoster(who, cls.id, session, marks).expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
        expect((await closeSession(who, cls.id, session).expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
        expect((await history(who, cls.id, session).expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
        const res = await sync(who, `k-${randomUUID()}`, [mark(session, r, 'present')]).expect(200);
        expect(res.body.results[0]).toMatchObject({ outcome: 'rejected', code: 'SESSION_NOT_FOUND', current: null });
      }
      for (const who of [residentAuth, province, admin]) {
        await putRoster(who, cls.id, session, marks).expect(403);
        await sync(who, `k-${randomUUID()}`, [mark(session, r, 'present')]).expect(403);
        await closeSession(who, cls.id, session).expect(403);
        await history(who, cls.id, session).expect(403);
      }
      await t.http.post(`${API}/attendance/sync`).set('Idempotency-Key', 'k').send({ marks: [mark(session, r, 'present')] }).expect(401);
      expect(await current(session, r)).toBeUndefined();
      // the instructor of the other class works on theirs
      const [theirs] = await enrolled(1, otherClass);
      const ok = await putRoster(otherInstructor, otherClass.id, otherSession, [{ residentId: theirs, status: 'present' }]).expect(200);
      expect(ok.body.results[0].outcome).toBe('accepted');
    });

    it('commune officers work on every class of their commune, staff or not', async () => {
      const [r] = await enrolled(1, otherClass);
      const res = await sync(officer, `k-${randomUUID()}`, [mark(otherSession, r, 'late')]).expect(200);
      expect(res.body.results[0].outcome).toBe('accepted');
    });
  });
});
