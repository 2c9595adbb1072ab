import { Logger } from '@nestjs/common';
import { bearer, createTestAppWithDemoData, registerTestResident, type TestApp, type TestResident } from '@hvs/testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { classDbFixtures } from '@hvs/testing';
const { coreCourse } = classDbFixtures;
type CoreCourse = classDbFixtures.CoreCourse;

type Auth = { authorization: string };
interface Attempt {
  id: string;
  questions: Array<{ id: string }>;
}

const API = '/api/v1';

/**
 * The race of the self-paced rule: a resident's last lesson and their passed final arrive at the same
 * moment. Both transactions write the resident's course standing (learning_course_progress) and take
 * the completion lock of (resident, version); they must take them in the same order, or each waits for
 * the other (a deadlock: 500 without the shared retry, a retry logged with it). First forced
 * deterministically, round after round, then left to chance many times.
 */
describe('course completion: the last lesson and the final at the same moment', () => {
  let t: TestApp;
  let admin: Auth;
  let core: CoreCourse;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    admin = await bearer(t.http, 'admin');
    core = await coreCourse(t.db);
  });
  afterAll(() => t.close());

  const lastLesson = () => core.lessonIds[core.lessonIds.length - 1];
  const completeLesson = (auth: Auth, lessonId: string) => t.http.put(`${API}/learning/lessons/${lessonId}/progress`).set(auth).send({ status: 'completed', timeSpentS: 60 });
  const answers = (attempt: Attempt) => attempt.questions.map((q) => ({ questionId: q.id, choices: core.answerKey.get(q.id) as string[] }));
  const submit = (auth: Auth, attempt: Attempt) => t.http.post(`${API}/learning/attempts/${attempt.id}/submit`).set(auth).send({ answers: answers(attempt) });

  /**
   * The resident as just before the race: no trace of the version, then every lesson but the last
   * completed (written directly, the lesson reports are tested elsewhere) and a final attempt started.
   */
  async function readyForTheLastStep(r: TestResident): Promise<Attempt> {
    const params = [r.id, core.versionId];
    await t.db.query(`DELETE FROM learning_course_completions WHERE resident_id = $1 AND version_id = $2`, params);
    await t.db.query(`DELETE FROM outbox_events WHERE dedupe_key IN ('learning.course_completed:' || $1 || ':' || $2, 'learning.final_passed:' || $1 || ':' || $2)`, params);
    await t.db.query(`DELETE FROM learning_attempts WHERE resident_id = $1 AND version_id = $2`, params);
    await t.db.query(`DELETE FROM learning_progress WHERE resident_id = $1 AND version_id = $2`, params);
    await t.db.query(`DELETE FROM learning_course_progress WHERE resident_id = $1 AND version_id = $2`, params);
    await t.db.query(
      `WITH r AS (SELECT id, path FROM identity_residents WHERE id = $1),
            cp AS (INSERT INTO learning_course_progress (resident_id, version_id, path, lessons_completed)
                   SELECT r.id, $2, r.path, cardinality($3::uuid[]) FROM r)
       INSERT INTO learning_progress (resident_id, lesson_id, version_id, path, status, time_spent_s, completed_at)
       SELECT r.id, l, $2, r.path, 'completed', 60, now() FROM r, unnest($3::uuid[]) AS l`,
      [r.id, core.versionId, core.lessonIds.slice(0, -1)],
    );
    return (await t.http.post(`${API}/learning/quizzes/${core.finalQuizId}/attempts`).set(r.auth as Auth).send({}).expect(201)).body as Attempt;
  }

  const completions = async (residentId: string): Promise<Array<{ via: string }>> =>
    t.db.query(`SELECT via FROM learning_course_completions WHERE resident_id = $1 AND version_id = $2`, [residentId, core.versionId]);
  const events = async (residentId: string): Promise<unknown[]> =>
    t.db.query(`SELECT 1 FROM outbox_events WHERE dedupe_key = 'learning.course_completed:' || $1 || ':' || $2`, [residentId, core.versionId]);

  /** Waits until `n` sessions of the test database wait for a lock. */
  async function lockWaiters(n: number): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const [row] = await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      if (row.n >= n) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`never saw ${n} session(s) waiting for a lock`);
  }

  it('forced, 8 times: the lesson holds the standing while the final closes its attempt; both 200, one completion, no deadlock', async () => {
    const r = await registerTestResident(t, admin);
    const retries = jest.spyOn(Logger.prototype, 'warn');
    const blocker = new Client({ connectionString: t.database.url });
    await blocker.connect();
    try {
      for (let round = 0; round < 8; round++) {
        const attempt = await readyForTheLastStep(r);
        // another transaction holds the last lesson's progress row: the lesson report locks the standing, then waits here
        await blocker.query('BEGIN');
        await blocker.query(
          `INSERT INTO learning_progress (resident_id, lesson_id, version_id, path, status, time_spent_s)
           SELECT id, $2, $3, path, 'in_progress', 0 FROM identity_residents WHERE id = $1`,
          [r.id, lastLesson(), core.versionId],
        );
        const lesson = completeLesson(r.auth as Auth, lastLesson()).then((res) => res);
        await lockWaiters(1);
        // the final is submitted meanwhile: it closes the attempt, then needs the standing the lesson holds
        const final = submit(r.auth as Auth, attempt).then((res) => res);
        await lockWaiters(2);
        await blocker.query('ROLLBACK');
        const [lessonRes, finalRes] = await Promise.all([lesson, final]);
        expect([lessonRes.status, finalRes.status]).toEqual([200, 200]);
        expect(finalRes.body.passed).toBe(true);
        expect(await completions(r.id)).toEqual([{ via: 'self_paced' }]);
        expect(await events(r.id)).toHaveLength(1);
      }
      // not even rescued by the shared retry: the two transactions take their locks in one order
      expect(retries.mock.calls.filter(([fields]) => (fields as { transaction?: string } | undefined)?.transaction)).toEqual([]);
    } finally {
      retries.mockRestore();
      await blocker.end();
    }
  });

  it('looped: 25 rounds of 6 residents, each sending the last lesson twice and the final twice at once', async () => {
    const residents: TestResident[] = [];
    for (let i = 0; i < 6; i++) residents.push(await registerTestResident(t, admin));
    const failures: string[] = [];
    for (let round = 0; round < 25; round++) {
      const attempts = await Promise.all(residents.map((r) => readyForTheLastStep(r)));
      const outcomes = await Promise.all(
        residents.flatMap((r, i) => [completeLesson(r.auth as Auth, lastLesson()), submit(r.auth as Auth, attempts[i]), submit(r.auth as Auth, attempts[i]), completeLesson(r.auth as Auth, lastLesson())]),
      );
      for (const o of outcomes) if (o.status !== 200) failures.push(`round ${round}: ${o.status} ${JSON.stringify(o.body)}`);
      for (const r of residents) {
        expect(await completions(r.id)).toEqual([{ via: 'self_paced' }]);
        expect(await events(r.id)).toHaveLength(1);
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);
});
