import { randomUUID } from 'node:crypto';
import { authorTestCourse, bearer, createTestAppWithDemoData, registerTestResident, type TestApp, type TestResident } from '@hvs/testing';
import { AppModule } from '../src/app.module';
import { classDbFixtures } from '@hvs/testing';
const { accountIdOf, coreCourse, createClass, createSession, createStaff, enrol, vietnamDay } = classDbFixtures;
type CoreCourse = classDbFixtures.CoreCourse;
type FixtureClass = classDbFixtures.FixtureClass;
import { createQuizCourse } from '@hvs/testing';

type Auth = { authorization: string };
interface Attempt {
  id: string;
  questions: Array<{ id: string }>;
}
interface CompletionRow {
  via: string;
  class_id: string | null;
  path: string;
  completed_at: Date;
}
interface EventRow {
  dedupe_key: string;
  payload: Record<string, unknown>;
}

const API = '/api/v1';
const deviceTime = (minutesAgo = 0) => new Date(Date.now() - minutesAgo * 60_000 + 7 * 3_600_000).toISOString().replace('Z', '+07:00');

describe('course completion: the rule per version, fired exactly once whatever the order of the facts', () => {
  let t: TestApp;
  let admin: Auth;
  let instructor: Auth;
  let volunteer: Auth;
  let instructorId: string;
  let volunteerId: string;
  let core: CoreCourse;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    admin = await bearer(t.http, 'admin');
    instructor = await bearer(t.http, 'gv.baichay');
    instructorId = await accountIdOf(t, instructor);
    const vol = await createStaff(t, admin, { username: 'tnv.hoanthanh', role: 'instructor' });
    volunteer = vol.auth;
    volunteerId = vol.id;
    core = await coreCourse(t.db);
  });
  afterAll(() => t.close());

  const resident = (withAccount = true): Promise<TestResident> => registerTestResident(t, admin, { withAccount });
  /** A class of the core course (or `versionId`) with its sessions on the last `sessions` days; residents enrolled 40 days ago. */
  const classOf = async (residents: string[], sessions = 3, versionId = core.versionId): Promise<{ cls: FixtureClass; sessions: string[] }> => {
    const cls = await createClass(t.db, { versionId, staff: [{ accountId: instructorId }, { accountId: volunteerId, kind: 'volunteer' }] });
    for (const r of residents) await enrol(t.db, cls.id, r);
    const ids: string[] = [];
    for (let i = sessions; i >= 1; i--) ids.push(await createSession(t.db, cls.id, { day: vietnamDay(-i) }));
    return { cls, sessions: ids };
  };
  const sync = (auth: Auth, marks: Array<{ sessionId: string; residentId: string; status: string }>, minutesAgo = 0) =>
    t.http
      .post(`${API}/attendance/sync`)
      .set(auth)
      .set('Idempotency-Key', randomUUID())
      .send({ marks: marks.map((m) => ({ id: randomUUID(), ...m, deviceTime: deviceTime(minutesAgo) })) });
  const attend = async (sessions: string[], residentId: string, status = 'present') => {
    const res = await sync(instructor, sessions.map((sessionId) => ({ sessionId, residentId, status }))).expect(200);
    for (const r of res.body.results) expect(r.outcome).toBe('accepted');
  };
  const startFinal = async (auth: Auth, residentId?: string, quizId = core.finalQuizId): Promise<Attempt> =>
    (await t.http.post(`${API}/learning/quizzes/${quizId}/attempts`).set(auth).send(residentId ? { residentId } : {}).expect(201)).body as Attempt;
  const rightAnswers = (attempt: Attempt, key = core.answerKey) => attempt.questions.map((q) => ({ questionId: q.id, choices: key.get(q.id) as string[] }));
  const submit = (auth: Auth, attempt: Attempt, key = core.answerKey) =>
    t.http.post(`${API}/learning/attempts/${attempt.id}/submit`).set(auth).send({ answers: rightAnswers(attempt, key) });
  const passFinal = async (auth: Auth, residentId?: string) => {
    const res = await submit(auth, await startFinal(auth, residentId)).expect(200);
    expect(res.body.passed).toBe(true);
  };
  const completeLesson = (auth: Auth, lessonId: string) => t.http.put(`${API}/learning/lessons/${lessonId}/progress`).set(auth).send({ status: 'completed', timeSpentS: 60 });
  const completions = async (residentId: string, versionId = core.versionId): Promise<CompletionRow[]> =>
    t.db.query(`SELECT via, class_id, path::text AS path, completed_at FROM learning_course_completions WHERE resident_id = $1 AND version_id = $2`, [
      residentId,
      versionId,
    ]);
  const events = async (residentId: string): Promise<EventRow[]> =>
    t.db.query(`SELECT dedupe_key, payload FROM outbox_events WHERE topic = 'learning.course_completed' AND payload->>'residentId' = $1`, [residentId]);

  describe('the rule of a version', () => {
    it('shows in the version, is set on drafts only, and a new draft keeps it', async () => {
      const v = (await t.http.get(`${API}/learning/course-versions/${core.versionId}`).set(admin).expect(200)).body;
      expect(v.completionRule).toEqual({ minAttendanceShare: 0.7, requireFinalPassed: true, selfPaced: true });
      const refused = await t.http
        .patch(`${API}/learning/course-versions/${core.versionId}`)
        .set(admin)
        .send({ completionRule: { minAttendanceShare: 0.5, requireFinalPassed: true, selfPaced: false } })
        .expect(409);
      expect(refused.body.error.code).toBe('VERSION_NOT_DRAFT');

      const course = await authorTestCourse(t, admin, { publish: false });
      const rule = { minAttendanceShare: 0.8, requireFinalPassed: false, selfPaced: false };
      const updated = await t.http.patch(`${API}/learning/course-versions/${course.versionId}`).set(admin).send({ completionRule: rule }).expect(200);
      expect(updated.body.completionRule).toEqual(rule);
      const [row] = await t.db.query(`SELECT completion_rule FROM learning_course_versions WHERE id = $1`, [course.versionId]);
      expect(row.completion_rule).toEqual(rule);
      const noWay = await t.http
        .patch(`${API}/learning/course-versions/${course.versionId}`)
        .set(admin)
        .send({ completionRule: { minAttendanceShare: null, requireFinalPassed: false, selfPaced: false } })
        .expect(400);
      expect(noWay.body.error).toMatchObject({ code: 'INVALID_COMPLETION_RULE', details: { field: 'completionRule' } });
      for (const bad of [{ minAttendanceShare: 1.5, requireFinalPassed: true, selfPaced: true }, { minAttendanceShare: 0.5, requireFinalPassed: true }, { ...rule, extra: 1 }]) {
        const res = await t.http.patch(`${API}/learning/course-versions/${course.versionId}`).set(admin).send({ completionRule: bad }).expect(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      // the title alone leaves the rule as it was
      await t.http.patch(`${API}/learning/course-versions/${course.versionId}`).set(admin).send({ title: 'Tên mới của khóa học' }).expect(200);
      await t.http.post(`${API}/learning/course-versions/${course.versionId}/publish`).set(admin).expect(200);
      const draft = await t.http.post(`${API}/learning/courses/${course.courseId}/drafts`).set(admin).expect(201);
      expect(draft.body.completionRule).toEqual(rule);
    });
  });

  describe('in any order', () => {
    it('attendance first, then the final: completes through the class when the final is passed', async () => {
      const r = await resident();
      const { cls, sessions } = await classOf([r.id]);
      await attend(sessions.slice(0, 2), r.id);
      await attend(sessions.slice(2), r.id, 'late'); // late counts as attended
      expect(await completions(r.id)).toEqual([]);
      await passFinal(r.auth as Auth);
      const rows = await completions(r.id);
      expect(rows).toEqual([expect.objectContaining({ via: 'class', class_id: cls.id })]);
      const ev = await events(r.id);
      expect(ev).toEqual([
        {
          dedupe_key: `learning.course_completed:${r.id}:${core.versionId}`,
          payload: {
            residentId: r.id,
            courseId: core.courseId,
            courseVersionId: core.versionId,
            via: 'class',
            classId: cls.id,
            completedAt: rows[0].completed_at.toISOString(),
          },
        },
      ]);
      // more facts change nothing
      await attend(sessions, r.id, 'present');
      expect(await completions(r.id)).toHaveLength(1);
      expect(await events(r.id)).toHaveLength(1);
    });

    it('the final first, then attendance: completes with the mark that reaches the share, once', async () => {
      const r = await resident();
      const { cls, sessions } = await classOf([r.id]);
      await passFinal(r.auth as Auth);
      expect(await completions(r.id)).toEqual([]); // 0 of 3 sessions, lessons not done
      await attend(sessions.slice(0, 1), r.id);
      await attend(sessions.slice(1, 2), r.id, 'excused'); // excused is not attended
      expect(await completions(r.id)).toEqual([]); // 1 of 3
      await attend(sessions.slice(1, 2), r.id, 'present');
      expect(await completions(r.id)).toEqual([]); // 2 of 3 = 0.67 < 0.7
      await attend(sessions.slice(2), r.id);
      expect(await completions(r.id)).toEqual([expect.objectContaining({ via: 'class', class_id: cls.id })]);
      await attend(sessions.slice(2), r.id, 'late');
      expect(await events(r.id)).toHaveLength(1);
    });

    it('a final run by an instructor for a resident without a phone (assisted) completes too', async () => {
      const r = await resident(false);
      const { cls, sessions } = await classOf([r.id]);
      await attend(sessions, r.id);
      await passFinal(instructor, r.id);
      expect(await completions(r.id)).toEqual([expect.objectContaining({ via: 'class', class_id: cls.id })]);
    });

    it('self-paced: the final then every lesson, completing on the last lesson; no class needed', async () => {
      const r = await resident();
      const me = r.auth as Auth;
      await passFinal(me);
      for (const lesson of core.lessonIds.slice(0, -1)) await completeLesson(me, lesson).expect(200);
      expect(await completions(r.id)).toEqual([]);
      await completeLesson(me, core.lessonIds[core.lessonIds.length - 1]).expect(200);
      expect(await completions(r.id)).toEqual([expect.objectContaining({ via: 'self_paced', class_id: null })]);
      expect((await events(r.id))[0].payload).toMatchObject({ via: 'self_paced', classId: null });
      await completeLesson(me, core.lessonIds[0]).expect(200); // reported again: nothing more
      expect(await events(r.id)).toHaveLength(1);
    });

    it('self-paced: every lesson then the final', async () => {
      const r = await resident();
      const me = r.auth as Auth;
      for (const lesson of core.lessonIds) await completeLesson(me, lesson).expect(200);
      expect(await completions(r.id)).toEqual([]);
      await passFinal(me);
      expect(await completions(r.id)).toEqual([expect.objectContaining({ via: 'self_paced' })]);
    });

    it('follows each version\'s rule: attendance alone, and no self-paced completion when the rule says so', async () => {
      const course = await createQuizCourse(t.db);
      await t.db.query(`UPDATE learning_course_versions SET completion_rule = $2 WHERE id = $1`, [
        course.versionId,
        JSON.stringify({ minAttendanceShare: 0.5, requireFinalPassed: false, selfPaced: false }),
      ]);
      const [a, b] = [await resident(), await resident()];
      const { cls, sessions } = await classOf([a.id, b.id], 4, course.versionId);
      await attend(sessions.slice(0, 1), a.id);
      expect(await completions(a.id, course.versionId)).toEqual([]); // 1 of 4
      await attend(sessions.slice(1, 2), a.id);
      expect(await completions(a.id, course.versionId)).toEqual([expect.objectContaining({ via: 'class', class_id: cls.id })]); // 2 of 4, no final needed
      // b passes the final and completes every lesson: self-paced is off, so nothing
      const key = new Map(course.questions.map((q) => [q.id, q.correctKeys]));
      const attempt = (await t.http.post(`${API}/learning/quizzes/${course.final.id}/attempts`).set(b.auth as Auth).send({}).expect(201)).body as Attempt;
      expect((await submit(b.auth as Auth, attempt, key).expect(200)).body.passed).toBe(true);
      for (const l of course.lessons) await completeLesson(b.auth as Auth, l.id).expect(200);
      expect(await completions(b.id, course.versionId)).toEqual([]);
    });

    it('a rule that asks for no attendance: the final passed before the enrolment completes at the enrolment, once', async () => {
      const course = await createQuizCourse(t.db);
      await t.db.query(`UPDATE learning_course_versions SET completion_rule = $2 WHERE id = $1`, [
        course.versionId,
        JSON.stringify({ minAttendanceShare: null, requireFinalPassed: true, selfPaced: false }),
      ]);
      const r = await resident();
      const key = new Map(course.questions.map((q) => [q.id, q.correctKeys]));
      const attempt = (await t.http.post(`${API}/learning/quizzes/${course.final.id}/attempts`).set(r.auth as Auth).send({}).expect(201)).body as Attempt;
      expect((await submit(r.auth as Auth, attempt, key).expect(200)).body.passed).toBe(true);
      expect(await completions(r.id, course.versionId)).toEqual([]); // in no class yet, and not self-paced
      const cls = await createClass(t.db, { versionId: course.versionId, staff: [{ accountId: instructorId }] });
      const enrolled = await t.http.post(`${API}/classes/${cls.id}/enrolments`).set(instructor).send({ residentIds: [r.id] }).expect(200);
      expect(enrolled.body.results[0].outcome).toBe('enrolled');
      expect(await completions(r.id, course.versionId)).toEqual([expect.objectContaining({ via: 'class', class_id: cls.id })]);
      await t.http.post(`${API}/classes/${cls.id}/enrolments`).set(instructor).send({ residentIds: [r.id] }).expect(200);
      expect(await completions(r.id, course.versionId)).toHaveLength(1);
    });

    it("question difficulty per class counts only the class's people, for the class's staff", async () => {
      const [good, poor, outsider] = [await resident(), await resident(), await resident()];
      const { cls } = await classOf([good.id, poor.id], 1);
      const blank = new Map([...core.answerKey.keys()].map((id) => [id, [] as string[]]));
      await submit(good.auth as Auth, await startFinal(good.auth as Auth), core.answerKey).expect(200);
      const poorAttempt = await startFinal(poor.auth as Auth);
      await submit(poor.auth as Auth, poorAttempt, blank).expect(200);
      await submit(outsider.auth as Auth, await startFinal(outsider.auth as Auth), blank).expect(200);
      const res = await t.http.get(`${API}/classes/${cls.id}/question-stats`).set(instructor).expect(200);
      const items = res.body.items as Array<{ questionId: string; answered: number; wrong: number; wrongShare: number }>;
      expect(items.reduce((n, i) => n + i.answered, 0)).toBe(40); // two people of the class x 20 questions; the outsider is not counted
      const poorIds = new Set(poorAttempt.questions.map((q) => q.id));
      for (const i of items) expect(i.wrong).toBe(poorIds.has(i.questionId) ? 1 : 0);
      expect(items[0].wrongShare).toBeGreaterThanOrEqual(items[items.length - 1].wrongShare);
      // a class the demo instructor does not teach
      const other = await createClass(t.db, { versionId: core.versionId, staff: [{ accountId: volunteerId }] });
      const hidden = await t.http.get(`${API}/classes/${other.id}/question-stats`).set(instructor).expect(404);
      expect(hidden.body.error.code).toBe('CLASS_NOT_FOUND');
      await t.http.get(`${API}/classes/${cls.id}/question-stats`).set(good.auth as Auth).expect(403);
    });

    it('a withdrawn enrolment does not count', async () => {
      const r = await resident();
      const { cls, sessions } = await classOf([r.id]);
      await attend(sessions, r.id);
      await t.db.query(`UPDATE classes_enrolments SET withdrawn_at = now() WHERE class_id = $1 AND resident_id = $2`, [cls.id, r.id]);
      await passFinal(r.auth as Auth);
      expect(await completions(r.id)).toEqual([]);
    });
  });

  describe('concurrently', () => {
    it('the last attendance marks (two devices) and the final submission at the same moment: exactly one completion and one event per resident', async () => {
      const residents = await Promise.all([1, 2, 3, 4, 5, 6].map(() => resident()));
      const { sessions } = await classOf(residents.map((r) => r.id));
      const attempts = new Map<string, Attempt>();
      for (const r of residents) {
        await attend(sessions.slice(0, 2), r.id); // 2 of 3: one more makes the share
        const attempt = await startFinal(r.auth as Auth);
        await t.http.put(`${API}/learning/attempts/${attempt.id}/answers`).set(r.auth as Auth).send({ answers: rightAnswers(attempt) }).expect(200);
        attempts.set(r.id, attempt);
      }
      const last = sessions[2];
      const outcomes = await Promise.all(
        residents.flatMap((r) => [
          sync(instructor, [{ sessionId: last, residentId: r.id, status: 'present' }], 2),
          sync(volunteer, [{ sessionId: last, residentId: r.id, status: 'late' }], 1),
          t.http.post(`${API}/learning/attempts/${(attempts.get(r.id) as Attempt).id}/submit`).set(r.auth as Auth).send({}),
        ]),
      );
      expect(outcomes.map((o) => o.status)).toEqual(outcomes.map(() => 200));
      for (const r of residents) {
        expect(await completions(r.id)).toHaveLength(1);
        expect(await events(r.id)).toHaveLength(1);
      }
    });

    it('the last lesson and the final at the same moment (self-paced), and many submissions of the same attempt: exactly one', async () => {
      const residents = await Promise.all([1, 2, 3, 4, 5].map(() => resident()));
      const attempts = new Map<string, Attempt>();
      for (const r of residents) {
        for (const lesson of core.lessonIds.slice(0, -1)) await completeLesson(r.auth as Auth, lesson).expect(200);
        const attempt = await startFinal(r.auth as Auth);
        await t.http.put(`${API}/learning/attempts/${attempt.id}/answers`).set(r.auth as Auth).send({ answers: rightAnswers(attempt) }).expect(200);
        attempts.set(r.id, attempt);
      }
      const lastLesson = core.lessonIds[core.lessonIds.length - 1];
      const outcomes = await Promise.all(
        residents.flatMap((r) => {
          const submitIt = () => t.http.post(`${API}/learning/attempts/${(attempts.get(r.id) as Attempt).id}/submit`).set(r.auth as Auth).send({});
          return [completeLesson(r.auth as Auth, lastLesson), submitIt(), submitIt(), completeLesson(r.auth as Auth, lastLesson)];
        }),
      );
      expect(outcomes.map((o) => o.status)).toEqual(outcomes.map(() => 200));
      for (const r of residents) {
        expect(await completions(r.id)).toEqual([expect.objectContaining({ via: 'self_paced' })]);
        expect(await events(r.id)).toHaveLength(1);
      }
    });

    it('every completion has exactly one event, and no event lacks its completion', async () => {
      const [row] = await t.db.query(
        `SELECT (SELECT count(*)::int FROM learning_course_completions) AS completions,
                (SELECT count(*)::int FROM outbox_events WHERE topic = 'learning.course_completed') AS events,
                (SELECT count(*)::int FROM learning_course_completions c
                  WHERE NOT EXISTS (SELECT 1 FROM outbox_events o WHERE o.dedupe_key = 'learning.course_completed:' || c.resident_id || ':' || c.version_id)) AS orphans`,
      );
      expect(row.completions).toBeGreaterThan(0);
      expect(row).toEqual({ completions: row.completions, events: row.completions, orphans: 0 });
    });
  });
});
