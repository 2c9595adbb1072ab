import { buildDataSourceOptions } from '@hvs/platform';
import { createTestDatabase, type TestDatabase } from '@hvs/testing';
import { DataSource } from 'typeorm';
import { lessonContentHash } from '../courses/lesson-content-hash';
import { importLearningReferenceData } from './learning-reference-import';

describe('learning reference data import', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase(); // cloned from the template, which already holds the content once
    ds = await new DataSource(buildDataSourceOptions({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: 4 })).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  /** Every learning table's rows, as text: a run that changes nothing leaves this equal. */
  const snapshot = async () => {
    const out: Record<string, unknown> = {};
    for (const table of [
      'learning_domains',
      'learning_competencies',
      'learning_courses',
      'learning_course_versions',
      'learning_lessons',
      'learning_lesson_competencies',
      'learning_questions',
      'learning_quizzes',
    ]) {
      out[table] = await ds.query(`SELECT t::text AS row FROM ${table} t ORDER BY 1`);
    }
    return out;
  };

  it('holds the framework and the core course published as version 1, answer keys apart from the options', async () => {
    const [counts] = await ds.query(
      `SELECT (SELECT count(*)::int FROM learning_domains) AS domains, (SELECT count(*)::int FROM learning_competencies) AS competencies,
              (SELECT count(*)::int FROM learning_lessons) AS lessons, (SELECT count(*)::int FROM learning_questions) AS questions,
              (SELECT count(*)::int FROM learning_quizzes WHERE kind = 'lesson_check') AS checks`,
    );
    expect(counts).toEqual({ domains: 7, competencies: 22, lessons: 10, questions: 74, checks: 10 });
    const [version] = await ds.query(
      `SELECT c.code, c.offered_by_province, v.number, v.status, v.title, v.sequential, v.published_at IS NOT NULL AS published
         FROM learning_courses c JOIN learning_course_versions v ON v.course_id = c.id`,
    );
    expect(version).toEqual({ code: 'KNS-CB', offered_by_province: null, number: 1, status: 'published', title: 'Kỹ năng số cơ bản', sequential: true, published: true });
    const [options] = await ds.query(`SELECT count(*)::int AS n FROM learning_questions WHERE options::text LIKE '%correct%'`);
    expect(options.n).toBe(0);
    const [dt01] = await ds.query(`SELECT options, correct_keys FROM learning_questions WHERE key = 'dt-01'`);
    expect(dt01.correct_keys).toEqual(['b']);
    expect(Object.keys(dt01.options[0]).sort()).toEqual(['key', 'text']);
    const [final] = await ds.query(`SELECT title, question_count, time_limit_s, max_attempts, cooldown_s, pass_percent, on_deadline, per_competency FROM learning_quizzes WHERE kind = 'final'`);
    expect(final).toEqual({
      title: 'Bài kiểm tra cuối khóa',
      question_count: 20,
      time_limit_s: 1800,
      max_attempts: 3,
      cooldown_s: 600,
      pass_percent: 70,
      on_deadline: 'auto_submit',
      per_competency: null,
    });
    // lessons with 5 questions get a check of 3; none has fewer
    const checks = await ds.query(`SELECT DISTINCT question_count, pass_percent, time_limit_s, max_attempts, cooldown_s FROM learning_quizzes WHERE kind = 'lesson_check'`);
    expect(checks).toEqual([{ question_count: 3, pass_percent: 70, time_limit_s: null, max_attempts: null, cooldown_s: 0 }]);
  });

  it('stores each lesson\'s ETag as the hash of its content and metadata', async () => {
    const lessons = await ds.query(
      `SELECT l.position, l.slug, l.title, l.estimated_minutes, l.content_md, l.content_hash,
              array(SELECT competency_code FROM learning_lesson_competencies WHERE lesson_id = l.id) AS competencies
         FROM learning_lessons l ORDER BY position`,
    );
    for (const l of lessons) {
      expect(l.content_hash).toBe(
        lessonContentHash({ position: l.position, slug: l.slug, title: l.title, estimatedMinutes: l.estimated_minutes, competencies: l.competencies, contentMd: l.content_md }),
      );
      expect(l.content_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('changes nothing when run again, even twice at once', async () => {
    const before = await snapshot();
    const results = await Promise.all([importLearningReferenceData(ds), importLearningReferenceData(ds)]);
    expect(results.map((r) => r.skipped)).toEqual([true, true]);
    expect(await snapshot()).toEqual(before);
  });

  it('repairs a framework name changed in the database, and leaves the course (edited through the api) alone', async () => {
    await ds.query(`UPDATE learning_competencies SET name = 'Tên sai' WHERE code = '4.3'`);
    await ds.query(`UPDATE learning_course_versions SET title = 'Tên do quản trị viên sửa'`);
    const result = await importLearningReferenceData(ds);
    expect(result.skipped).toBe(false);
    const [c] = await ds.query(`SELECT name FROM learning_competencies WHERE code = '4.3'`);
    expect(c.name).toBe('Nhận diện và phòng tránh lừa đảo trực tuyến');
    const [v] = await ds.query(`SELECT title FROM learning_course_versions`);
    expect(v.title).toBe('Tên do quản trị viên sửa');
  });
});
