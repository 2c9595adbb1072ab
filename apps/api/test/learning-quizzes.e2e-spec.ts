import { PasswordHasher } from '@hvs/identity';
import { drawAttempt } from '@hvs/learning';
import { bearer, createTestAppWithDemoData, type TestApp } from '@hvs/testing';
import type { Response } from 'supertest';
import { AppModule } from '../src/app.module';
import {
  createQuizCourse,
  createResidentLearner,
  createResidentWithoutAccount,
  wrongChoice,
  type QuizCourse,
  type ResidentLearner,
} from '@hvs/testing';

type Auth = { authorization: string };
interface ShownQuestion {
  id: string;
  type: string;
  prompt: string;
  competency: string;
  lessonId: string;
  options: Array<{ key: string; text: string }>;
}
interface AttemptBody {
  id: string;
  quizId: string;
  courseVersionId: string;
  kind: string;
  number: number;
  status: string;
  startedAt: string;
  deadlineAt: string | null;
  assisted: boolean;
  questions: ShownQuestion[];
  answers: Record<string, string[]>;
  result?: Record<string, unknown>;
}

const API = '/api/v1';
const PASSWORD = 'mat-khau-hoc-vien-2026';
const OTHER_PROVINCE_PASSWORD = 'mat-khau-ha-noi-2026';

describe('learning: quiz attempts, scoring, deadlines, limits and difficulty figures', () => {
  let t: TestApp;
  let admin: Auth;
  let officer: Auth;
  let instructor: Auth;
  let province: Auth;
  let area: Auth;
  let otherProvince: Auth;
  let instructorId: string;
  let login: { password: string; passwordHash: string };
  let course: QuizCourse;
  /** Every response body of an attempt still in progress (and errors), for the answer-key scan. */
  const beforeSubmission: string[] = [];
  /** Every fixture course, for the scan. */
  const courses: QuizCourse[] = [];

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    admin = await bearer(t.http, 'admin');
    officer = await bearer(t.http, 'xa.baichay');
    instructor = await bearer(t.http, 'gv.baichay');
    province = await bearer(t.http, 'tinh.quangninh');
    area = await bearer(t.http, 'khuvuc.halong');
    await t.http
      .post(`${API}/accounts`)
      .set(admin)
      .send({ username: 'tinh.hanoi', role: 'province_officer', displayName: 'Cán bộ tỉnh Hà Nội', password: OTHER_PROVINCE_PASSWORD, provinceCode: '01' })
      .expect(201);
    otherProvince = await bearer(t.http, 'tinh.hanoi', OTHER_PROVINCE_PASSWORD);
    instructorId = (await t.http.get(`${API}/auth/me`).set(instructor).expect(200)).body.id;
    login = { password: PASSWORD, passwordHash: await t.app.get(PasswordHasher).hash(PASSWORD) };
    course = await newCourse();
  });
  afterAll(() => t.close());

  const newCourse = async (options: Parameters<typeof createQuizCourse>[1] = {}) => {
    const c = await createQuizCourse(t.db, options);
    courses.push(c);
    return c;
  };
  const learner = (communeCode = '06673'): Promise<ResidentLearner> => createResidentLearner(t.http, admin, t.db, login, communeCode);

  const keep = (res: Response) => {
    beforeSubmission.push(res.text);
    return res;
  };
  /** For supertest's `.expect(fn)`: keeps the body and asserts nothing, so `.expect(status)` still chains. */
  const kept = (res: Response) => void keep(res);
  const start = (quizId: string, auth: Auth, body: Record<string, unknown> = {}) =>
    t.http.post(`${API}/learning/quizzes/${quizId}/attempts`).set(auth).send(body).expect(kept);
  const save = (attemptId: string, auth: Auth, answers: unknown) =>
    t.http.put(`${API}/learning/attempts/${attemptId}/answers`).set(auth).send({ answers }).expect(kept);
  const submit = (attemptId: string, auth: Auth, answers?: unknown) =>
    t.http.post(`${API}/learning/attempts/${attemptId}/submit`).set(auth).send(answers === undefined ? {} : { answers });
  const view = (attemptId: string, auth: Auth) => t.http.get(`${API}/learning/attempts/${attemptId}`).set(auth);

  const answersFor = (c: QuizCourse, attempt: AttemptBody, pick: 'right' | 'wrong') =>
    attempt.questions.map((q) => {
      const fixture = c.byId.get(q.id);
      if (!fixture) throw new Error(`question ${q.id} is not of the course`);
      return { questionId: q.id, choices: pick === 'right' ? fixture.correctKeys : wrongChoice(fixture) };
    });
  const attemptRow = async (id: string) => (await t.db.query(`SELECT * FROM learning_attempts WHERE id = $1`, [id]))[0];
  const attemptsOf = async (residentId: string, quizId: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM learning_attempts WHERE resident_id = $1 AND quiz_id = $2`, [residentId, quizId]))[0].n as number;
  const passEvents = async (residentId: string) =>
    (await t.db.query(
      `SELECT payload, dedupe_key FROM outbox_events WHERE topic = 'learning.final_passed' AND payload->>'residentId' = $1`,
      [residentId],
    )) as Array<{ payload: Record<string, unknown>; dedupe_key: string }>;
  const standing = async (residentId: string, versionId: string) =>
    (await t.db.query(`SELECT final_attempts, best_score_percent, final_passed_at FROM learning_course_progress WHERE resident_id = $1 AND version_id = $2`, [
      residentId,
      versionId,
    ]))[0] as { final_attempts: number; best_score_percent: string; final_passed_at: Date | null } | undefined;
  const expire = (attemptId: string) => t.db.query(`UPDATE learning_attempts SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [attemptId]);

  describe('starting, drawing and resuming', () => {
    it('draws the final from the whole bank, reproducibly from the stored seed, and shows the questions in that order', async () => {
      const me = await learner();
      const res = await start(course.final.id, me.auth).expect(201);
      const attempt = res.body as AttemptBody;
      expect(attempt).toMatchObject({
        quizId: course.final.id,
        courseVersionId: course.versionId,
        kind: 'final',
        number: 1,
        status: 'in_progress',
        assisted: false,
        answers: {},
      });
      expect(attempt.questions).toHaveLength(8);
      expect(attempt.result).toBeUndefined();
      const startedAt = new Date(attempt.startedAt).getTime();
      expect(new Date(attempt.deadlineAt as string).getTime() - startedAt).toBe(600_000);
      for (const q of attempt.questions) {
        const fixture = course.byId.get(q.id);
        expect(q).toMatchObject({ type: fixture?.type, prompt: fixture?.prompt, competency: fixture?.competency, lessonId: fixture?.lessonId });
        expect([...q.options].sort((a, b) => a.key.localeCompare(b.key))).toEqual([...(fixture?.options ?? [])].sort((a, b) => a.key.localeCompare(b.key)));
      }
      const row = await attemptRow(attempt.id);
      expect(row).toMatchObject({ number: 1, status: 'in_progress', question_count: 8, assisted_by: null, resident_id: me.id });
      expect(Number.isInteger(row.seed)).toBe(true);
      const pool = course.questions.map((q) => ({ id: q.id, key: q.key, competencyCode: q.competency, type: q.type, options: q.options }));
      expect(drawAttempt(pool, { questionCount: 8, perCompetency: null }, row.seed)).toEqual(row.questions);
      expect(attempt.questions.map((q) => ({ id: q.id, options: q.options.map((o) => o.key) }))).toEqual(row.questions);
    });

    it('draws a lesson check from its lesson only', async () => {
      const me = await learner();
      const attempt = (await start(course.lessonCheck.id, me.auth).expect(201)).body as AttemptBody;
      expect(attempt.kind).toBe('lesson_check');
      expect(attempt.questions).toHaveLength(4);
      expect(new Set(attempt.questions.map((q) => q.lessonId))).toEqual(new Set([course.lessonCheck.lessonId]));
      expect(attempt.deadlineAt).toBeNull();
    });

    it('draws per competency when the quiz says so', async () => {
      const c = await newCourse({ final: { questionCount: 5, perCompetency: { '0.1': 3, '4.3': 2 } } });
      const me = await learner();
      const attempt = (await start(c.final.id, me.auth).expect(201)).body as AttemptBody;
      const competencies = attempt.questions.map((q) => q.competency).sort();
      expect(competencies).toEqual(['0.1', '0.1', '0.1', '4.3', '4.3']);
    });

    it('resumes after a dropped connection: starting again returns the same attempt, in the stored order, with the saved answers', async () => {
      const me = await learner();
      const first = (await start(course.final.id, me.auth).expect(201)).body as AttemptBody;
      const some = answersFor(course, first, 'right').slice(0, 3);
      const saved = await save(first.id, me.auth, some).expect(200);
      expect(saved.body).toEqual({
        attemptId: first.id,
        answers: Object.fromEntries(some.map((a) => [a.questionId, a.choices])),
        deadlineAt: first.deadlineAt,
      });
      // a later save merges (the latest answer to a question wins)
      const changed = { questionId: some[0].questionId, choices: [] as string[] };
      await save(first.id, me.auth, [changed]).expect(200);
      const again = await start(course.final.id, me.auth).expect(200);
      expect(again.body.id).toBe(first.id);
      expect(again.body.questions).toEqual(first.questions);
      expect(again.body.answers).toEqual({ [some[0].questionId]: [], [some[1].questionId]: some[1].choices, [some[2].questionId]: some[2].choices });
      const read = await view(first.id, me.auth).expect(200);
      keep(read);
      expect(read.body).toEqual(again.body);
      expect(await attemptsOf(me.id, course.final.id)).toBe(1);
    });

    it('two simultaneous starts give one attempt', async () => {
      const me = await learner();
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => start(course.final.id, me.auth)));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(await attemptsOf(me.id, course.final.id)).toBe(1);
    });

    it('answers 404 for an unknown quiz, a draft, and a course of another province; 409 for a retired version not begun', async () => {
      const me = await learner();
      const unknown = await start('01900000-0000-7000-8000-000000000000', me.auth).expect(404);
      expect(unknown.body.error.code).toBe('QUIZ_NOT_FOUND');
      expect((await start('not-a-uuid', me.auth).expect(400)).body.error.code).toBe('INVALID_QUIZ_ID');

      const draft = await newCourse({ status: 'draft' });
      expect((await start(draft.final.id, me.auth).expect(404)).body.error.code).toBe('QUIZ_NOT_FOUND');

      const hanoi = await newCourse({ province: '01' });
      expect((await start(hanoi.final.id, me.auth).expect(404)).body.error.code).toBe('QUIZ_NOT_FOUND');
      // the same course is there for a resident of Hà Nội
      const hanoian = await learner('00004');
      await start(hanoi.final.id, hanoian.auth).expect(201);
      // and a province's course for its own residents
      const quangNinh = await newCourse({ province: '22' });
      await start(quangNinh.lessonCheck.id, me.auth).expect(201);

      const retired = await newCourse({ status: 'retired' });
      const refused = await start(retired.final.id, me.auth).expect(409);
      expect(refused.body.error.code).toBe('COURSE_VERSION_RETIRED');
      // a resident who had begun that version may go on with it
      const begun = await learner();
      await t.db.query(`INSERT INTO learning_course_progress (resident_id, version_id, path) SELECT id, $2, path FROM identity_residents WHERE id = $1`, [
        begun.id,
        retired.versionId,
      ]);
      await start(retired.final.id, begun.auth).expect(201);

      const counts = await t.db.query(`SELECT count(*)::int AS n FROM learning_attempts WHERE resident_id = $1`, [me.id]);
      expect(counts[0].n).toBe(1); // only the lesson check of the Quảng Ninh course
    });
  });

  describe('answers', () => {
    let me: ResidentLearner;
    let attempt: AttemptBody;
    beforeAll(async () => {
      me = await learner();
      attempt = (await start(course.final.id, me.auth).expect(201)).body;
    });
    const byType = (type: string) => attempt.questions.find((q) => course.byId.get(q.id)?.type === type) as ShownQuestion;
    const answersInDb = async () => (await attemptRow(attempt.id)).answers;

    it.each([
      ['an unknown question', () => [{ questionId: '01900000-0000-7000-8000-000000000001', choices: ['a'] }], 'UNKNOWN_QUESTION'],
      ['a question of the bank not drawn for this attempt', () => [{ questionId: course.questions.find((q) => !attempt.questions.some((s) => s.id === q.id))?.id, choices: ['a'] }], 'UNKNOWN_QUESTION'],
      ['an option that is not of the question', () => [{ questionId: byType('single').id, choices: ['z'] }], 'UNKNOWN_OPTION'],
      ['a true/false answer with a letter', () => [{ questionId: byType('true_false').id, choices: ['a'] }], 'UNKNOWN_OPTION'],
      ['two choices for a single-choice question', () => [{ questionId: byType('single').id, choices: ['a', 'b'] }], 'TOO_MANY_CHOICES'],
      ['both answers of a true/false question', () => [{ questionId: byType('true_false').id, choices: ['dung', 'sai'] }], 'TOO_MANY_CHOICES'],
      ['more choices than options', () => [{ questionId: byType('multiple').id, choices: ['a', 'b', 'c', 'd', 'e'] }], 'TOO_MANY_CHOICES'],
      ['the same question twice', () => [{ questionId: byType('single').id, choices: ['a'] }, { questionId: byType('single').id, choices: ['b'] }], 'DUPLICATE_QUESTION'],
      ['a good answer next to a bad one', () => [{ questionId: byType('single').id, choices: ['a'] }, { questionId: byType('multiple').id, choices: ['x'] }], 'UNKNOWN_OPTION'],
      ['a duplicate key', () => [{ questionId: byType('multiple').id, choices: ['a', 'a'] }], 'VALIDATION_FAILED'],
      ['choices that are not a list', () => [{ questionId: byType('single').id, choices: 'a' }], 'VALIDATION_FAILED'],
      ['a key that is not a string', () => [{ questionId: byType('single').id, choices: [1] }], 'VALIDATION_FAILED'],
      ['a question id that is not a UUID', () => [{ questionId: 'q1', choices: ['a'] }], 'VALIDATION_FAILED'],
      ['an unknown field', () => [{ questionId: byType('single').id, choices: ['a'], correct: true }], 'VALIDATION_FAILED'],
      ['no answers', () => [], 'VALIDATION_FAILED'],
      ['not a list', () => 'a', 'VALIDATION_FAILED'],
    ])('refuses %s with 400 and stores nothing', async (_name, answers, code) => {
      const res = await save(attempt.id, me.auth, answers()).expect(400);
      expect(res.body.error.code).toBe(code);
      expect(await answersInDb()).toEqual({});
    });

    it('refuses unknown top-level fields and too many answers', async () => {
      const one = { questionId: byType('single').id, choices: ['a'] };
      const extra = await t.http.put(`${API}/learning/attempts/${attempt.id}/answers`).set(me.auth).send({ answers: [one], score: 100 }).then(keep);
      expect(extra.status).toBe(400);
      expect(extra.body.error.code).toBe('VALIDATION_FAILED');
      const many = Array.from({ length: 101 }, () => one);
      expect((await save(attempt.id, me.auth, many).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      expect(await answersInDb()).toEqual({});
    });

    it('a submission with a bad answer is refused as a whole: nothing saved, still open', async () => {
      const res = await submit(attempt.id, me.auth, [{ questionId: byType('single').id, choices: ['a', 'b'] }]).then(keep);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('TOO_MANY_CHOICES');
      const row = await attemptRow(attempt.id);
      expect(row).toMatchObject({ status: 'in_progress', answers: {}, submitted_at: null, results: null });
      expect(await standing(me.id, course.versionId)).toBeUndefined();
    });

    it('accepts a valid set, including several keys of a multiple-choice question and an empty (cleared) answer', async () => {
      const answers = [
        { questionId: byType('multiple').id, choices: ['d', 'a'] },
        { questionId: byType('single').id, choices: [] },
      ];
      const res = await save(attempt.id, me.auth, answers).expect(200);
      expect(res.body.answers).toEqual({ [byType('multiple').id]: ['d', 'a'], [byType('single').id]: [] });
      expect(await answersInDb()).toEqual(res.body.answers);
    });
  });

  describe('scoring and results', () => {
    it('all right: 100%, passed, counted in the course standing, one learning.final_passed event', async () => {
      const me = await learner();
      const attempt = (await start(course.final.id, me.auth).expect(201)).body as AttemptBody;
      const res = await submit(attempt.id, me.auth, answersFor(course, attempt, 'right')).expect(200);
      expect(res.body).toMatchObject({
        attemptId: attempt.id,
        scorePercent: 100,
        correctCount: 8,
        questionCount: 8,
        passPercent: 70,
        passed: true,
        autoSubmitted: false,
        studyNext: [],
      });
      expect(typeof res.body.submittedAt).toBe('string');
      expect(res.body.questions.map((q: { id: string }) => q.id)).toEqual(attempt.questions.map((q) => q.id));
      for (const q of res.body.questions) {
        const fixture = course.byId.get(q.id);
        expect(q).toEqual({
          id: q.id,
          prompt: fixture?.prompt,
          options: attempt.questions.find((s) => s.id === q.id)?.options,
          chosen: fixture?.correctKeys,
          correctKeys: fixture?.correctKeys,
          correct: true,
          explanation: fixture?.explanation,
        });
      }
      const totals = res.body.breakdown as Array<{ competency: string; name: string; correct: number; total: number }>;
      expect(totals.reduce((s, b) => s + b.total, 0)).toBe(8);
      expect(totals.every((b) => b.correct === b.total && b.name.length > 0)).toBe(true);
      expect(totals.map((b) => b.competency)).toEqual([...totals.map((b) => b.competency)].sort());

      const row = await attemptRow(attempt.id);
      expect(row).toMatchObject({ status: 'submitted', correct_count: 8, score_percent: '100.00', passed: true, auto_submitted: false });
      expect(row.results).toEqual(attempt.questions.map((q) => ({ id: q.id, correct: true })));
      expect(await standing(me.id, course.versionId)).toMatchObject({ final_attempts: 1, best_score_percent: '100.00', final_passed_at: expect.any(Date) });
      const events = await passEvents(me.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toEqual({
        dedupe_key: `learning.final_passed:${me.id}:${course.versionId}`,
        payload: {
          residentId: me.id,
          courseId: course.courseId,
          courseVersionId: course.versionId,
          attemptId: attempt.id,
          scorePercent: 100,
          passedAt: res.body.submittedAt,
          assistedBy: null,
        },
      });
      // the result stays readable with the attempt
      const read = await view(attempt.id, me.auth).expect(200);
      expect(read.body.status).toBe('submitted');
      expect(read.body.result).toEqual(res.body);
    });

    it('all wrong: 0%, failed, the lessons to study again in lesson order, no event', async () => {
      const me = await learner();
      const attempt = (await start(course.final.id, me.auth).expect(201)).body as AttemptBody;
      const res = await submit(attempt.id, me.auth, answersFor(course, attempt, 'wrong')).expect(200);
      expect(res.body).toMatchObject({ scorePercent: 0, correctCount: 0, passed: false });
      const lessons = course.lessons.filter((l) => attempt.questions.some((q) => q.lessonId === l.id));
      expect(res.body.studyNext).toEqual(lessons.map((l) => ({ lessonId: l.id, position: l.position, title: l.title })));
      expect(res.body.questions.every((q: { correct: boolean }) => !q.correct)).toBe(true);
      expect(await passEvents(me.id)).toHaveLength(0);
      expect(await standing(me.id, course.versionId)).toMatchObject({ final_attempts: 1, best_score_percent: '0.00', final_passed_at: null });
    });

    it('part of a multiple-choice answer is wrong; unanswered questions are wrong; the score is rounded to 2 decimals', async () => {
      const me = await learner();
      const attempt = (await start(course.final.id, me.auth).expect(201)).body as AttemptBody;
      const answers = answersFor(course, attempt, 'right').map((a) =>
        course.byId.get(a.questionId)?.type === 'multiple' ? { questionId: a.questionId, choices: a.choices.slice(0, 1) } : a,
      );
      const unanswered = answers.pop(); // the last question stays unanswered
      await save(attempt.id, me.auth, answers.slice(0, 4)).expect(200);
      const res = await submit(attempt.id, me.auth, answers.slice(4)).expect(200); // the rest with the submission
      const expectedRight = answers.filter((a) => course.byId.get(a.questionId)?.type !== 'multiple').length;
      expect(res.body.correctCount).toBe(expectedRight);
      expect(res.body.scorePercent).toBe(Math.round((10_000 * expectedRight) / 8) / 100);
      expect(res.body.passed).toBe(res.body.scorePercent >= 70);
      for (const q of res.body.questions) {
        const type = course.byId.get(q.id)?.type;
        expect(q.correct).toBe(type !== 'multiple' && q.id !== unanswered?.questionId);
        if (q.id === unanswered?.questionId) expect(q.chosen).toEqual([]);
      }
    });

    it('a lesson check is scored but does not touch the course standing nor emit events, and may be retaken after a pass', async () => {
      const me = await learner();
      const attempt = (await start(course.lessonCheck.id, me.auth).expect(201)).body as AttemptBody;
      const res = await submit(attempt.id, me.auth, answersFor(course, attempt, 'right')).expect(200);
      expect(res.body).toMatchObject({ scorePercent: 100, passed: true, passPercent: 75 });
      expect(await standing(me.id, course.versionId)).toBeUndefined();
      expect(await passEvents(me.id)).toHaveLength(0);
      const again = await start(course.lessonCheck.id, me.auth).expect(201);
      expect(again.body.number).toBe(2);
    });

    it('a repeated submission returns the same stored result; five at once give one result, one event, one counted attempt', async () => {
      const me = await learner();
      const attempt = (await start(course.final.id, me.auth).expect(201)).body as AttemptBody;
      await save(attempt.id, me.auth, answersFor(course, attempt, 'right')).expect(200);
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => submit(attempt.id, me.auth)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      for (const r of results) expect(r.body).toEqual(results[0].body);
      expect(results[0].body).toMatchObject({ scorePercent: 100, passed: true });
      // later, with other answers: still the same result
      const later = await submit(attempt.id, me.auth, answersFor(course, attempt, 'wrong')).expect(200);
      expect(later.body).toEqual(results[0].body);
      expect(await passEvents(me.id)).toHaveLength(1);
      expect(await standing(me.id, course.versionId)).toMatchObject({ final_attempts: 1 });
      expect(await attemptsOf(me.id, course.final.id)).toBe(1);
      // saving answers to a submitted attempt
      const closed = await save(attempt.id, me.auth, answersFor(course, attempt, 'wrong').slice(0, 1)).expect(409);
      expect(closed.body.error.code).toBe('ATTEMPT_ALREADY_SUBMITTED');
    });

    it('a pass after a fail emits one event; a final once passed cannot be started again', async () => {
      const c = await newCourse();
      const me = await learner();
      const failed = (await start(c.final.id, me.auth).expect(201)).body as AttemptBody;
      await submit(failed.id, me.auth, answersFor(c, failed, 'wrong')).expect(200);
      expect(await passEvents(me.id)).toHaveLength(0);
      const second = (await start(c.final.id, me.auth).expect(201)).body as AttemptBody;
      expect(second.number).toBe(2);
      await submit(second.id, me.auth, answersFor(c, second, 'right')).expect(200);
      expect(await passEvents(me.id)).toHaveLength(1);
      const again = await start(c.final.id, me.auth).expect(409);
      expect(again.body.error.code).toBe('QUIZ_ALREADY_PASSED');
      expect(await attemptsOf(me.id, c.final.id)).toBe(2);
      expect(await standing(me.id, c.versionId)).toMatchObject({ final_attempts: 2, best_score_percent: '100.00' });
    });
  });

  describe('attempt limits and cooldown', () => {
    it('refuses a start once maxAttempts are used', async () => {
      const c = await newCourse({ final: { maxAttempts: 2 } });
      const me = await learner();
      for (let i = 1; i <= 2; i++) {
        const a = (await start(c.final.id, me.auth).expect(201)).body as AttemptBody;
        await submit(a.id, me.auth, answersFor(c, a, 'wrong')).expect(200);
      }
      const res = await start(c.final.id, me.auth).expect(409);
      expect(res.body.error).toMatchObject({ code: 'ATTEMPTS_EXHAUSTED', details: { maxAttempts: 2 } });
      expect(await attemptsOf(me.id, c.final.id)).toBe(2);
    });

    it('refuses a start inside the cooldown with the seconds to wait (details and Retry-After), and allows it after', async () => {
      const c = await newCourse({ final: { cooldownS: 3600 } });
      const me = await learner();
      const a = (await start(c.final.id, me.auth).expect(201)).body as AttemptBody;
      await submit(a.id, me.auth, answersFor(c, a, 'wrong')).expect(200);
      const res = await start(c.final.id, me.auth).expect(409);
      expect(res.body.error.code).toBe('ATTEMPT_COOLDOWN');
      const wait = res.body.error.details.retryAfterS as number;
      expect(wait).toBeGreaterThan(3500);
      expect(wait).toBeLessThanOrEqual(3600);
      expect(res.headers['retry-after']).toBe(String(wait));
      expect(res.body.error.message).toContain('chờ thêm 1 giờ');
      expect(await attemptsOf(me.id, c.final.id)).toBe(1);
      await t.db.query(`UPDATE learning_attempts SET submitted_at = submitted_at - interval '2 hours' WHERE id = $1`, [a.id]);
      expect((await start(c.final.id, me.auth).expect(201)).body.number).toBe(2);
    });
  });

  describe('deadlines', () => {
    it("auto_submit: after the deadline the attempt is finalised as of it with the answers saved before; late answers are ignored", async () => {
      const c = await newCourse({ final: { timeLimitS: 60, onDeadline: 'auto_submit' } });
      const me = await learner();
      const a = (await start(c.final.id, me.auth).expect(201)).body as AttemptBody;
      const right = answersFor(c, a, 'right');
      await save(a.id, me.auth, right.slice(0, 6)).expect(200); // 6 of 8 right = 75%
      await expire(a.id);
      const late = await save(a.id, me.auth, right.slice(6)).expect(409);
      expect(late.body.error.code).toBe('ATTEMPT_ALREADY_SUBMITTED');
      const row = await attemptRow(a.id);
      expect(row).toMatchObject({ status: 'submitted', auto_submitted: true, correct_count: 6, score_percent: '75.00', passed: true });
      expect(row.submitted_at.getTime()).toBe(row.deadline_at.getTime());
      const res = await submit(a.id, me.auth, right).expect(200);
      expect(res.body).toMatchObject({ scorePercent: 75, correctCount: 6, passed: true, autoSubmitted: true, submittedAt: row.submitted_at.toISOString() });
      expect(await passEvents(me.id)).toHaveLength(1);
    });

    it('auto_submit: a late submission itself gets the result of the saved answers', async () => {
      const c = await newCourse({ final: { timeLimitS: 60, onDeadline: 'auto_submit' } });
      const me = await learner();
      const a = (await start(c.final.id, me.auth).expect(201)).body as AttemptBody;
      await save(a.id, me.auth, answersFor(c, a, 'right').slice(0, 2)).expect(200);
      await expire(a.id);
      const res = await submit(a.id, me.auth, answersFor(c, a, 'right')).expect(200);
      expect(res.body).toMatchObject({ correctCount: 2, scorePercent: 25, passed: false, autoSubmitted: true });
    });

    it('an expired attempt does not block a new one: starting closes it (scored, counted) and draws a new attempt', async () => {
      const c = await newCourse({ final: { timeLimitS: 60 } });
      const me = await learner();
      const a = (await start(c.final.id, me.auth).expect(201)).body as AttemptBody;
      await save(a.id, me.auth, answersFor(c, a, 'wrong')).expect(200);
      await expire(a.id);
      const next = await start(c.final.id, me.auth).expect(201);
      expect(next.body).toMatchObject({ number: 2, status: 'in_progress' });
      expect(await attemptRow(a.id)).toMatchObject({ status: 'submitted', auto_submitted: true, correct_count: 0 });
      expect(await standing(me.id, c.versionId)).toMatchObject({ final_attempts: 1 });
      // reading an expired attempt also shows it closed, with its result
      await expire(next.body.id);
      const read = await view(next.body.id, me.auth).expect(200);
      expect(read.body).toMatchObject({ status: 'submitted', result: { autoSubmitted: true, correctCount: 0 } });
    });

    it("refuse: a late submission is 409 ATTEMPT_DEADLINE_PASSED, the attempt is closed with the answers saved in time and counts toward the limit", async () => {
      const c = await newCourse({ final: { timeLimitS: 60, onDeadline: 'refuse', maxAttempts: 1 } });
      const me = await learner();
      const a = (await start(c.final.id, me.auth).expect(201)).body as AttemptBody;
      const right = answersFor(c, a, 'right');
      await save(a.id, me.auth, right.slice(0, 3)).expect(200);
      await expire(a.id);
      const res = await submit(a.id, me.auth, right).expect(409);
      expect(res.body.error.code).toBe('ATTEMPT_DEADLINE_PASSED');
      const row = await attemptRow(a.id);
      expect(row).toMatchObject({ status: 'submitted', auto_submitted: true, correct_count: 3, passed: false });
      expect(Object.keys(row.answers)).toHaveLength(3);
      expect(row.submitted_at.getTime()).toBe(row.deadline_at.getTime());
      expect(await standing(me.id, c.versionId)).toMatchObject({ final_attempts: 1 });
      // again: still refused, nothing new
      expect((await submit(a.id, me.auth, right).expect(409)).body.error.code).toBe('ATTEMPT_DEADLINE_PASSED');
      expect((await start(c.final.id, me.auth).expect(409)).body.error.code).toBe('ATTEMPTS_EXHAUSTED');
      // the result is there to read
      const read = await view(a.id, me.auth).expect(200);
      expect(read.body.result).toMatchObject({ correctCount: 3, autoSubmitted: true });
    });

    it('refuse: a late save is 409 ATTEMPT_DEADLINE_PASSED and closes the attempt', async () => {
      const c = await newCourse({ final: { timeLimitS: 60, onDeadline: 'refuse' } });
      const me = await learner();
      const a = (await start(c.final.id, me.auth).expect(201)).body as AttemptBody;
      await expire(a.id);
      const res = await save(a.id, me.auth, answersFor(c, a, 'right').slice(0, 1)).expect(409);
      expect(res.body.error.code).toBe('ATTEMPT_DEADLINE_PASSED');
      expect(await attemptRow(a.id)).toMatchObject({ status: 'submitted', answers: {}, correct_count: 0 });
    });
  });

  describe('who may do what', () => {
    it('an instructor runs an assisted attempt for a resident of their commune (recorded and audited)', async () => {
      const residentId = await createResidentWithoutAccount(t.http, officer);
      const res = await start(course.final.id, instructor, { residentId }).expect(201);
      const attempt = res.body as AttemptBody;
      expect(attempt.assisted).toBe(true);
      expect(await attemptRow(attempt.id)).toMatchObject({ resident_id: residentId, assisted_by: instructorId });
      // the instructor resumes, answers and submits with the resident
      expect((await start(course.final.id, instructor, { residentId }).expect(200)).body.id).toBe(attempt.id);
      await save(attempt.id, instructor, answersFor(course, attempt, 'right')).expect(200);
      const result = await submit(attempt.id, instructor).expect(200);
      expect(result.body.passed).toBe(true);
      const audit = await t.db.query(
        `SELECT action, actor_account_id, unit_path::text AS unit_path, details FROM audit_events WHERE target_id = $1 ORDER BY id`,
        [attempt.id],
      );
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['learning.attempt_start', 'learning.attempt_answers', 'learning.attempt_submit']);
      expect(audit[0]).toMatchObject({ actor_account_id: instructorId, details: { quizId: course.final.id, residentId, number: 1 } });
      expect(audit[0].unit_path.startsWith('22.06673')).toBe(true);
      expect((await passEvents(residentId))[0].payload).toMatchObject({ assistedBy: instructorId, attemptId: attempt.id });
      // the commune officer (scope) can read it
      await view(attempt.id, officer).expect(200);
    });

    it('staff cannot reach a resident outside their scope (404) and must name one (400); other roles may not start (403)', async () => {
      const faraway = await createResidentWithoutAccount(t.http, admin, '00004');
      const res = await start(course.final.id, instructor, { residentId: faraway }).expect(404);
      expect(res.body.error.code).toBe('RESIDENT_NOT_FOUND');
      expect((await start(course.final.id, officer, { residentId: faraway }).expect(404)).body.error.code).toBe('RESIDENT_NOT_FOUND');
      expect((await start(course.final.id, instructor).expect(400)).body.error.code).toBe('RESIDENT_REQUIRED');
      for (const auth of [admin, province, area, otherProvince]) {
        expect((await start(course.final.id, auth, { residentId: faraway }).expect(403)).body.error.code).toBe('FORBIDDEN');
      }
      const [row] = await t.db.query(`SELECT count(*)::int AS n FROM learning_attempts WHERE resident_id = $1`, [faraway]);
      expect(row.n).toBe(0);
      const noToken = await t.http.post(`${API}/learning/quizzes/${course.final.id}/attempts`).send({});
      expect(noToken.status).toBe(401);
    });

    it("a resident acts only for themselves and reaches only their own attempts (others' answer 404)", async () => {
      const me = await learner();
      const other = await learner();
      const faraway = await learner('00004');
      expect((await start(course.final.id, me.auth, { residentId: other.id }).expect(403)).body.error.code).toBe('FORBIDDEN');
      const mine = (await start(course.final.id, me.auth, { residentId: me.id }).expect(201)).body as AttemptBody;
      for (const stranger of [other.auth]) {
        expect((await view(mine.id, stranger).expect(404)).body.error.code).toBe('ATTEMPT_NOT_FOUND');
        expect((await save(mine.id, stranger, answersFor(course, mine, 'right').slice(0, 1)).expect(404)).body.error.code).toBe('ATTEMPT_NOT_FOUND');
        expect((await submit(mine.id, stranger).expect(404)).body.error.code).toBe('ATTEMPT_NOT_FOUND');
      }
      // staff: in scope they read; out of scope 404; write only commune officers and instructors in scope
      for (const auth of [admin, province, area, officer, instructor]) await view(mine.id, auth).expect(200);
      expect((await view(mine.id, otherProvince).expect(404)).body.error.code).toBe('ATTEMPT_NOT_FOUND');
      for (const auth of [admin, province, area]) {
        expect((await submit(mine.id, auth).expect(403)).body.error.code).toBe('FORBIDDEN');
        expect((await save(mine.id, auth, [{ questionId: mine.questions[0].id, choices: [] }]).expect(403)).body.error.code).toBe('FORBIDDEN');
      }
      // an instructor of 06673 may not touch the attempt of a resident of Hà Nội
      const far = (await start(course.final.id, faraway.auth).expect(201)).body as AttemptBody;
      expect((await view(far.id, instructor).expect(404)).body.error.code).toBe('ATTEMPT_NOT_FOUND');
      expect((await submit(far.id, instructor).expect(404)).body.error.code).toBe('ATTEMPT_NOT_FOUND');
      expect((await attemptRow(mine.id)).status).toBe('in_progress');
      expect((await attemptRow(far.id)).status).toBe('in_progress');
      expect((await view('01900000-0000-7000-8000-000000000009', me.auth).expect(404)).body.error.code).toBe('ATTEMPT_NOT_FOUND');
      expect((await view('nope', me.auth).expect(400)).body.error.code).toBe('INVALID_ATTEMPT_ID');
    });

    it("lists a resident's own attempts, optionally of one quiz; staff may not use it", async () => {
      const me = await learner();
      const a = (await start(course.final.id, me.auth).expect(201)).body as AttemptBody;
      await submit(a.id, me.auth, answersFor(course, a, 'wrong')).expect(200);
      const b = (await start(course.final.id, me.auth).expect(201)).body as AttemptBody;
      const check = (await start(course.lessonCheck.id, me.auth).expect(201)).body as AttemptBody;
      const all = await t.http.get(`${API}/me/learning/attempts`).set(me.auth).expect(200).then(keep);
      expect(all.body.items.map((i: { id: string }) => i.id).sort()).toEqual([a.id, b.id, check.id].sort());
      const finals = await t.http.get(`${API}/me/learning/attempts`).query({ quizId: course.final.id }).set(me.auth).expect(200).then(keep);
      expect(finals.body.items).toEqual([
        { id: b.id, quizId: course.final.id, number: 2, status: 'in_progress', scorePercent: null, passed: null, startedAt: b.startedAt, submittedAt: null },
        { id: a.id, quizId: course.final.id, number: 1, status: 'submitted', scorePercent: 0, passed: false, startedAt: a.startedAt, submittedAt: expect.any(String) },
      ]);
      await t.http.get(`${API}/me/learning/attempts`).set(officer).expect(403);
      expect((await t.http.get(`${API}/me/learning/attempts`).query({ quizId: 'x' }).set(me.auth).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('question difficulty', () => {
    let c: QuizCourse;
    const drawn: Record<'good' | 'bad' | 'far', AttemptBody | undefined> = { good: undefined, bad: undefined, far: undefined };
    beforeAll(async () => {
      c = await newCourse();
      const takers = { good: await learner(), bad: await learner(), far: await learner('00004') };
      for (const [who, pick] of [['good', 'right'], ['bad', 'wrong'], ['far', 'wrong']] as const) {
        const a = (await start(c.final.id, takers[who].auth).expect(201)).body as AttemptBody;
        await submit(a.id, takers[who].auth, answersFor(c, a, pick)).expect(200);
        drawn[who] = a;
      }
      // an attempt in progress does not count
      await start(c.final.id, (await learner()).auth).expect(201);
    });

    /** What the figures must be over the given takers' attempts. */
    const expected = (who: Array<'good' | 'bad' | 'far'>) => {
      const counts = new Map<string, { answered: number; wrong: number }>();
      for (const w of who) {
        for (const q of drawn[w]?.questions ?? []) {
          const e = counts.get(q.id) ?? { answered: 0, wrong: 0 };
          e.answered++;
          if (w !== 'good') e.wrong++;
          counts.set(q.id, e);
        }
      }
      return [...counts.entries()]
        .map(([questionId, e]) => {
          const q = c.byId.get(questionId);
          return { questionId, key: q?.key, prompt: q?.prompt, lessonId: q?.lessonId, ...e, wrongShare: Math.round((10_000 * e.wrong) / e.answered) / 10_000 };
        })
        .sort((a, b) => b.wrongShare - a.wrongShare || b.answered - a.answered || String(a.key).localeCompare(String(b.key)));
    };
    const stats = (auth: Auth, query: Record<string, string> = {}) =>
      t.http.get(`${API}/learning/course-versions/${c.versionId}/question-stats`).query(query).set(auth);

    it('counts, per question, the submitted attempts that drew it and got it wrong, hardest first, within the scope', async () => {
      const everyone = await stats(admin).expect(200);
      expect(everyone.body.items).toEqual(expected(['good', 'bad', 'far']));
      const shares = everyone.body.items.map((i: { wrongShare: number }) => i.wrongShare);
      expect(shares).toEqual([...shares].sort((a, b) => b - a));
      for (const auth of [province, area, officer, instructor]) {
        expect((await stats(auth).expect(200)).body.items).toEqual(expected(['good', 'bad']));
      }
      expect((await stats(officer, { communeCode: '06673' }).expect(200)).body.items).toEqual(expected(['good', 'bad']));
      expect((await stats(admin, { communeCode: '00004' }).expect(200)).body.items).toEqual(expected(['far']));
      expect((await stats(admin, { quizId: c.final.id }).expect(200)).body.items).toEqual(expected(['good', 'bad', 'far']));
      expect((await stats(admin, { quizId: c.lessonCheck.id }).expect(200)).body.items).toEqual([]);
    });

    it("an officer of another province sees no figures of 06673's residents", async () => {
      const res = await stats(otherProvince).expect(200);
      expect(res.body.items).toEqual(expected(['far']));
      expect(res.body.items.every((i: { answered: number }) => i.answered === 1)).toBe(true);
      expect((await stats(otherProvince, { communeCode: '06673' }).expect(403)).body.error.code).toBe('OUTSIDE_SCOPE');
      expect((await stats(officer, { communeCode: '00004' }).expect(403)).body.error.code).toBe('OUTSIDE_SCOPE');
      expect((await stats(instructor, { communeCode: '06709' }).expect(403)).body.error.code).toBe('OUTSIDE_SCOPE');
      expect((await stats(officer, { communeCode: '99999' }).expect(404)).body.error.code).toBe('COMMUNE_NOT_FOUND');
    });

    it('answers 404 for an unknown version, a quiz of another version or a course of another province; 403 for residents', async () => {
      expect((await t.http.get(`${API}/learning/course-versions/01900000-0000-7000-8000-000000000002/question-stats`).set(admin).expect(404)).body.error.code).toBe(
        'COURSE_VERSION_NOT_FOUND',
      );
      expect((await stats(admin, { quizId: course.final.id }).expect(404)).body.error.code).toBe('QUIZ_NOT_FOUND');
      const hanoi = await newCourse({ province: '01' });
      const res = await t.http.get(`${API}/learning/course-versions/${hanoi.versionId}/question-stats`).set(officer);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('COURSE_VERSION_NOT_FOUND');
      await t.http.get(`${API}/learning/course-versions/${hanoi.versionId}/question-stats`).set(otherProvince).expect(200);
      const resident = await learner();
      expect((await stats(resident.auth).expect(403)).body.error.code).toBe('FORBIDDEN');
      expect((await stats(admin, { communeCode: 'abc' }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('the answer key', () => {
    it('never appears in a response before submission (start, resume, saves, reads, lists, errors), and does after', async () => {
      // one more complete flow, then the scan over every body kept from all the flows above
      const me = await learner();
      const a = (await start(course.final.id, me.auth).expect(201)).body as AttemptBody;
      await save(a.id, me.auth, answersFor(course, a, 'wrong').slice(0, 2)).expect(200);
      await start(course.final.id, me.auth).expect(200);
      keep(await view(a.id, me.auth).expect(200));
      keep(await view(a.id, instructor).expect(200));
      expect(beforeSubmission.length).toBeGreaterThan(50);
      const leaks: string[] = [];
      for (const text of beforeSubmission) {
        for (const c of courses) {
          for (const q of c.questions) if (text.includes(q.explanation) || text.includes(q.explanation.split(':')[0])) leaks.push(q.key);
        }
        if (/"(correctKeys|correct_keys|correct|explanation|results|seed|result)"\s*:/.test(text)) leaks.push(text.slice(0, 200));
      }
      expect(leaks).toEqual([]);
      // the scan does find the key once submitted
      const result = await submit(a.id, me.auth).expect(200);
      const marker = course.byId.get(a.questions[0].id)?.explanation as string;
      expect(result.text).toContain(marker);
      expect(result.text).toContain('"correctKeys"');
      expect((await view(a.id, me.auth).expect(200)).text).toContain(marker);
    });
  });
});
