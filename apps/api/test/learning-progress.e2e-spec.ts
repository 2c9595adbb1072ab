import { AccountRepository, PasswordHasher } from '@hvs/identity';
import { authorTestCourse, bearer, createTestAppWithDemoData, registerTestResident, TEST_PASSWORD, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';

type Auth = { authorization: string };
const api = (path: string) => `/api/v1/learning${path}`;
const ANSWER_KEY = /correctKeys|correct_keys|"correct"|explanation/;

describe('learning: lesson progress', () => {
  let t: TestApp;
  const as: Record<string, Auth> = {};
  let core: { id: string; versionId: string; lessons: string[]; finalQuizId: string };

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    for (const u of ['admin', 'tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) as[u] = await bearer(t.http, u);
    const list = await t.http.get(api('/courses')).set(as.admin).expect(200);
    const id = list.body.items.find((c: { code: string }) => c.code === 'KNS-CB').id as string;
    const detail = (await t.http.get(api(`/courses/${id}`)).set(as.admin).expect(200)).body;
    core = {
      id,
      versionId: detail.version.id,
      lessons: detail.version.lessons.map((l: { id: string }) => l.id),
      finalQuizId: detail.version.quizzes.find((q: { kind: string }) => q.kind === 'final').id,
    };
  });
  afterAll(() => t.close());

  const resident = (communeCode = '06673') => registerTestResident(t, as.admin, { communeCode });
  const report = (who: Auth, lessonId: string, body: Record<string, unknown>) => t.http.put(api(`/lessons/${lessonId}/progress`)).set(who).send(body);
  const mine = async (who: Auth, courseId = core.id) => (await t.http.get(`/api/v1/me/learning/courses/${courseId}`).set(who).expect(200)).body;
  const courseRow = async (residentId: string, versionId = core.versionId) =>
    (await t.db.query('SELECT lessons_completed, started_at FROM learning_course_progress WHERE resident_id = $1 AND version_id = $2', [residentId, versionId]))[0];

  it('opens the core course\'s lessons one after the other', async () => {
    const r = await resident();
    const me = r.auth as Auth;
    const [first, second, third] = core.lessons;
    const locked = await t.http.get(api(`/lessons/${second}`)).set(me).expect(409);
    expect(locked.body.error).toMatchObject({ code: 'LESSON_LOCKED', message: 'Bạn cần hoàn thành bài học trước để mở bài này.', details: { previousLessonId: first } });
    expect((await report(me, second, { status: 'in_progress' }).expect(409)).body.error.code).toBe('LESSON_LOCKED');
    expect(await courseRow(r.id)).toBeUndefined(); // a refused report starts nothing

    const started = await report(me, first, { status: 'in_progress', timeSpentS: 120 }).expect(200);
    expect(started.body).toEqual({ lessonId: first, status: 'in_progress', timeSpentS: 120, startedAt: expect.any(String), completedAt: null });
    await t.http.get(api(`/lessons/${second}`)).set(me).expect(409); // started is not completed
    const done = await report(me, first, { status: 'completed', timeSpentS: 300 }).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', timeSpentS: 420, startedAt: started.body.startedAt, completedAt: expect.any(String) });
    await t.http.get(api(`/lessons/${second}`)).set(me).expect(200);
    expect((await t.http.get(api(`/lessons/${third}`)).set(me).expect(409)).body.error.details).toEqual({ previousLessonId: second });

    // completed stays completed; time still adds up
    const back = await report(me, first, { status: 'in_progress', timeSpentS: 60 }).expect(200);
    expect(back.body).toMatchObject({ status: 'completed', timeSpentS: 480, completedAt: done.body.completedAt });

    const standing = await mine(me);
    expect(standing).toMatchObject({ courseId: core.id, versionId: core.versionId, completedLessons: 1, totalLessons: 10 });
    expect(standing.lessons.slice(0, 3)).toEqual([
      { lessonId: first, position: 1, title: 'Làm quen với điện thoại thông minh và cài đặt ứng dụng', status: 'completed', timeSpentS: 480, completedAt: done.body.completedAt },
      expect.objectContaining({ lessonId: second, position: 2, status: 'not_started', timeSpentS: 0, completedAt: null }),
      expect.objectContaining({ lessonId: third, status: 'locked' }),
    ]);
    expect(standing.lessons.filter((l: { status: string }) => l.status === 'locked')).toHaveLength(8);
    expect(standing.final).toEqual({ quizId: core.finalQuizId, attemptsUsed: 0, maxAttempts: 3, bestScorePercent: null, passed: false, passedAt: null });
    expect(JSON.stringify(standing)).not.toMatch(ANSWER_KEY);
    expect(await courseRow(r.id)).toMatchObject({ lessons_completed: 1 });

    // staff read every lesson, without order
    for (const who of ['gv.baichay', 'xa.baichay', 'admin']) await t.http.get(api(`/lessons/${core.lessons[9]}`)).set(as[who]).expect(200);
  });

  it('counts a completion once when the same report arrives many times at once', async () => {
    const r = await resident();
    const results = await Promise.all(Array.from({ length: 8 }, () => report(r.auth as Auth, core.lessons[0], { status: 'completed', timeSpentS: 10 })));
    expect(results.map((res) => res.status)).toEqual(Array(8).fill(200));
    expect(await courseRow(r.id)).toMatchObject({ lessons_completed: 1 });
    const [row] = await t.db.query('SELECT status, time_spent_s, path::text AS path FROM learning_progress WHERE resident_id = $1', [r.id]);
    expect(row).toEqual({ status: 'completed', time_spent_s: 80, path: expect.stringMatching(/^22\.06673/) });
    expect(new Set(results.map((res) => res.body.completedAt)).size).toBe(1); // completed once, then kept
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM learning_progress WHERE resident_id = $1', [r.id]);
    expect(n).toBe(1);
    // and a second lesson makes it two
    await report(r.auth as Auth, core.lessons[1], { status: 'completed' }).expect(200);
    expect(await courseRow(r.id)).toMatchObject({ lessons_completed: 2 });
    expect((await mine(r.auth as Auth)).completedLessons).toBe(2);
  });

  it('lets an instructor or commune officer record progress for a resident in their scope, audited, and nobody else', async () => {
    const withoutPhone = await registerTestResident(t, as['xa.baichay'], { communeCode: '06673', withAccount: false });
    const recorded = await report(as['gv.baichay'], core.lessons[0], { status: 'completed', timeSpentS: 900, residentId: withoutPhone.id }).expect(200);
    expect(recorded.body).toMatchObject({ lessonId: core.lessons[0], status: 'completed', timeSpentS: 900 });
    await report(as['xa.baichay'], core.lessons[1], { status: 'in_progress', residentId: withoutPhone.id }).expect(200);
    const [audit] = await t.db.query(
      `SELECT a.actor_role, a.unit_path::text AS path, a.details FROM audit_events a WHERE a.action = 'learning.progress_record' AND a.target_id = $1 ORDER BY a.id LIMIT 1`,
      [withoutPhone.id],
    );
    expect(audit).toMatchObject({ actor_role: 'instructor', path: expect.stringMatching(/^22\.06673/), details: { lessonId: core.lessons[0], status: 'completed' } });

    const hanoi = await resident('00004');
    for (const who of ['gv.baichay', 'xa.baichay']) {
      const res = await report(as[who], core.lessons[0], { status: 'completed', residentId: hanoi.id }).expect(404);
      expect(res.body.error.code).toBe('RESIDENT_NOT_FOUND');
    }
    for (const who of ['admin', 'tinh.quangninh', 'khuvuc.halong']) await report(as[who], core.lessons[0], { status: 'completed', residentId: withoutPhone.id }).expect(403);
    expect((await report(as['gv.baichay'], core.lessons[0], { status: 'completed' }).expect(400)).body.error.code).toBe('RESIDENT_REQUIRED');
    // a resident acts only for themselves
    await report(hanoi.auth as Auth, core.lessons[0], { status: 'completed', residentId: withoutPhone.id }).expect(403);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM learning_progress WHERE resident_id = $1', [hanoi.id]);
    expect(n).toBe(0);
  });

  it('shows staff in scope a resident\'s progress, and answers 404 RESIDENT_NOT_FOUND outside it', async () => {
    const baichay = await resident('06673');
    const hanoi = await resident('00004');
    await report(baichay.auth as Auth, core.lessons[0], { status: 'completed', timeSpentS: 200 }).expect(200);
    await report(hanoi.auth as Auth, core.lessons[0], { status: 'in_progress', timeSpentS: 50 }).expect(200);
    const progressOf = (who: string, residentId: string) => t.http.get(api(`/residents/${residentId}/courses/${core.id}/progress`)).set(as[who]);
    for (const who of ['admin', 'tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) {
      const res = await progressOf(who, baichay.id).expect(200);
      expect(res.body).toMatchObject({ courseId: core.id, versionId: core.versionId, completedLessons: 1, totalLessons: 10 });
      expect(res.body.lessons[0]).toMatchObject({ status: 'completed', timeSpentS: 200 });
      expect(res.body.lessons[1].status).toBe('not_started');
    }
    for (const who of ['tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) {
      const res = await progressOf(who, hanoi.id).expect(404);
      expect(res.body.error.code).toBe('RESIDENT_NOT_FOUND');
    }
    expect((await progressOf('admin', hanoi.id).expect(200)).body.lessons[0]).toMatchObject({ status: 'in_progress', timeSpentS: 50 });
    await t.http.get(api(`/residents/${baichay.id}/courses/${core.id}/progress`)).set(baichay.auth as Auth).expect(403);
    await t.http.get(`/api/v1/me/learning/courses/${core.id}`).set(as['gv.baichay']).expect(403);
  });

  it('lets a course that is not sequential be taken in any order', async () => {
    const course = await authorTestCourse(t, as.admin, { sequential: false, lessons: 3 });
    const r = await resident();
    const me = r.auth as Auth;
    await t.http.get(api(`/lessons/${course.lessonIds[2]}`)).set(me).expect(200);
    await report(me, course.lessonIds[2], { status: 'completed', timeSpentS: 30 }).expect(200);
    const standing = await mine(me, course.courseId);
    expect(standing.lessons.map((l: { status: string }) => l.status)).toEqual(['not_started', 'not_started', 'completed']);
    expect(standing).toMatchObject({ completedLessons: 1, totalLessons: 3, final: { quizId: course.finalQuizId, maxAttempts: 3 } });
    // the same course, sequential: the third lesson is locked
    const ordered = await authorTestCourse(t, as.admin, { lessons: 3 });
    expect((await t.http.get(api(`/lessons/${ordered.lessonIds[2]}`)).set(me).expect(409)).body.error.details.previousLessonId).toBe(ordered.lessonIds[1]);
    expect((await mine(me, ordered.courseId)).lessons.map((l: { status: string }) => l.status)).toEqual(['not_started', 'locked', 'locked']);
  });

  it('keeps a resident on the version they started; others follow the new one; drafts take no progress', async () => {
    const course = await authorTestCourse(t, as.admin, { lessons: 2 });
    const starter = await resident();
    const latecomer = await resident();
    await report(starter.auth as Auth, course.lessonIds[0], { status: 'completed' }).expect(200);
    const draft = await t.http.post(api(`/courses/${course.courseId}/drafts`)).set(as.admin).expect(201);
    const draftLesson = draft.body.lessons[0].id as string;
    expect((await report(starter.auth as Auth, draftLesson, { status: 'completed' }).expect(404)).body.error.code).toBe('LESSON_NOT_FOUND');
    await t.http.get(api(`/lessons/${draftLesson}`)).set(starter.auth as Auth).expect(404);
    await t.http.post(api(`/course-versions/${draft.body.id}/publish`)).set(as.admin).expect(200);

    // the starter goes on with version 1 (retired)
    await report(starter.auth as Auth, course.lessonIds[1], { status: 'completed' }).expect(200);
    expect(await mine(starter.auth as Auth, course.courseId)).toMatchObject({ versionId: course.versionId, completedLessons: 2 });
    // someone who never started version 1 cannot start it now
    const late = await report(latecomer.auth as Auth, course.lessonIds[0], { status: 'in_progress' }).expect(409);
    expect(late.body.error.code).toBe('COURSE_VERSION_RETIRED');
    expect(await mine(latecomer.auth as Auth, course.courseId)).toMatchObject({ versionId: draft.body.id, completedLessons: 0 });
    await report(latecomer.auth as Auth, draftLesson, { status: 'completed' }).expect(200);
    expect(await mine(latecomer.auth as Auth, course.courseId)).toMatchObject({ versionId: draft.body.id, completedLessons: 1 });
  });

  it('hides a province\'s course from residents of other provinces', async () => {
    const course = await authorTestCourse(t, as['tinh.quangninh'], { offeredByProvince: '22', lessons: 1 });
    const hanoi = await resident('00004');
    const baichay = await resident('06673');
    expect((await report(hanoi.auth as Auth, course.lessonIds[0], { status: 'completed' }).expect(404)).body.error.code).toBe('LESSON_NOT_FOUND');
    expect((await t.http.get(`/api/v1/me/learning/courses/${course.courseId}`).set(hanoi.auth as Auth).expect(404)).body.error.code).toBe('COURSE_NOT_FOUND');
    await report(baichay.auth as Auth, course.lessonIds[0], { status: 'completed' }).expect(200);
  });

  it('refuses bad reports with 400 and writes nothing', async () => {
    const r = await resident();
    const me = r.auth as Auth;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ status: 'done' }, 'status'],
      [{ status: 'completed', timeSpentS: 14_401 }, 'timeSpentS'],
      [{ status: 'completed', timeSpentS: -1 }, 'timeSpentS'],
      [{ status: 'completed', timeSpentS: 1.5 }, 'timeSpentS'],
      [{ status: 'completed', completedAt: '2026-01-01T00:00:00Z' }, 'completedAt'],
      [{ status: 'completed', residentId: 'abc' }, 'residentId'],
      [{}, 'status'],
    ];
    for (const [body, field] of cases) {
      const res = await report(me, core.lessons[0], body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await report(me, 'nope', { status: 'completed' }).expect(400)).body.error.code).toBe('INVALID_LESSON_ID');
    const [{ n }] = await t.db.query(
      'SELECT (SELECT count(*) FROM learning_progress WHERE resident_id = $1) + (SELECT count(*) FROM learning_course_progress WHERE resident_id = $1) AS n',
      [r.id],
    );
    expect(Number(n)).toBe(0);
  });

  it('shows a resident account without a resident record only national courses, with every later lesson locked', async () => {
    const hasher = t.app.get(PasswordHasher);
    await t.app.get(AccountRepository).create({ role: 'resident', username: 'dan.khong.ho.so', displayName: 'Người dân thử', passwordHash: await hasher.hash(TEST_PASSWORD) });
    const me = await bearer(t.http, 'dan.khong.ho.so');
    const list = await t.http.get(api('/courses')).set(me).expect(200);
    expect(list.body.items.every((c: { offeredByProvince: string | null }) => c.offeredByProvince === null)).toBe(true);
    await t.http.get(api(`/lessons/${core.lessons[0]}`)).set(me).expect(200);
    await t.http.get(api(`/lessons/${core.lessons[1]}`)).set(me).expect(409);
    expect((await report(me, core.lessons[0], { status: 'completed' }).expect(404)).body.error.code).toBe('RESIDENT_NOT_FOUND');
  });
});
