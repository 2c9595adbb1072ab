import type { DataSource, EntityManager } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import { lessonContentHash } from '../courses/lesson-content-hash';
import { learningDataDir } from './learning-data-files';
import { CORE_FINAL_QUESTION_COUNT, readLearningReferenceData, type LearningReferenceData } from './learning-reference-data';

export const LEARNING_REFERENCE_DATASET = 'learning-core-content';

/** The shipped quizzes of the core course. */
export const CORE_LESSON_CHECK = { questionCount: 3, passPercent: 70 } as const;
export const CORE_FINAL_QUIZ = {
  title: 'Bài kiểm tra cuối khóa',
  questionCount: CORE_FINAL_QUESTION_COUNT,
  timeLimitS: 30 * 60,
  maxAttempts: 3,
  cooldownS: 10 * 60,
  passPercent: 70,
  onDeadline: 'auto_submit',
} as const;

/** Fixed namespace of the shipped content's ids: every database gets the same ids for it. */
const CONTENT_NAMESPACE = '0b7d6c3e-52a4-4f0e-9d1a-6e8c4b2f7a91';
const contentId = (...parts: Array<string | number>) => uuidv5(parts.join(':'), CONTENT_NAMESPACE);

export interface LearningImportResult {
  /** Nothing was written (the framework was up to date and the core course exists). */
  skipped: boolean;
  courseCode: string;
  domains: number;
  competencies: number;
  lessons: number;
  questions: number;
  quizzes: number;
}

/**
 * Loads the competency framework and the core course "Kỹ năng số cơ bản" (published as version 1 with
 * its lessons, question bank, one lesson check per lesson and the final assessment). The files are
 * checked first and a problem stops the import. Idempotent: the framework is upserted by code (nothing
 * changes when it is the same) and the course is written only when no course has its code, so a second
 * run writes nothing and a course edited through the API is never overwritten.
 */
export async function importLearningReferenceData(dataSource: DataSource, dir = learningDataDir()): Promise<LearningImportResult> {
  const data = readLearningReferenceData(dir);
  const competencies = data.framework.domains.flatMap((d) => d.competencies);
  const counts = {
    courseCode: data.course.code,
    domains: data.framework.domains.length,
    competencies: competencies.length,
    lessons: data.lessons.length,
    questions: data.questions.length,
    quizzes: data.lessons.length + 1,
  };
  return dataSource.transaction(async (tx) => {
    // Serialise concurrent imports (two processes starting together).
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LEARNING_REFERENCE_DATASET]);
    const frameworkChanges = await upsertFramework(tx, data);
    const [existing] = await tx.query('SELECT id FROM learning_courses WHERE code = $1', [data.course.code]);
    if (existing) return { skipped: frameworkChanges === 0, ...counts };
    await insertCoreCourse(tx, data);
    return { skipped: false, ...counts };
  });
}

async function upsertFramework(tx: EntityManager, data: LearningReferenceData): Promise<number> {
  const domains: unknown[] = await tx.query(
    `INSERT INTO learning_domains (code, name, description, position)
     SELECT r.code, r.name, r.description, r.position FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, description text, position integer)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, position = EXCLUDED.position
     WHERE (learning_domains.name, learning_domains.description, learning_domains.position)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.description, EXCLUDED.position)
     RETURNING code`,
    [JSON.stringify(data.framework.domains.map((d, i) => ({ code: d.code, name: d.name, description: d.description, position: i + 1 })))],
  );
  const competencies: unknown[] = await tx.query(
    `INSERT INTO learning_competencies (code, domain_code, name, position)
     SELECT r.code, r.domain_code, r.name, r.position FROM jsonb_to_recordset($1::jsonb) AS r(code text, domain_code text, name text, position integer)
     ON CONFLICT (code) DO UPDATE SET domain_code = EXCLUDED.domain_code, name = EXCLUDED.name, position = EXCLUDED.position
     WHERE (learning_competencies.domain_code, learning_competencies.name, learning_competencies.position)
       IS DISTINCT FROM (EXCLUDED.domain_code, EXCLUDED.name, EXCLUDED.position)
     RETURNING code`,
    [
      JSON.stringify(
        data.framework.domains.flatMap((d) => d.competencies.map((c, i) => ({ code: c.code, domain_code: d.code, name: c.name, position: i + 1 }))),
      ),
    ],
  );
  return domains.length + competencies.length;
}

async function insertCoreCourse(tx: EntityManager, data: LearningReferenceData): Promise<void> {
  const code = data.course.code;
  const courseId = contentId('course', code);
  const versionId = contentId('course-version', code, 1);
  const lessonId = (slug: string) => contentId('lesson', code, 1, slug);
  await tx.query('INSERT INTO learning_courses (id, code, offered_by_province) VALUES ($1, $2, NULL)', [courseId, code]);
  await tx.query(
    `INSERT INTO learning_course_versions (id, course_id, number, status, title, summary, sequential, published_at)
     VALUES ($1, $2, 1, 'published', $3, $4, true, now())`,
    [versionId, courseId, data.course.title, data.course.summary],
  );
  const lessons = data.lessons.map((l, i) => ({
    id: lessonId(l.slug),
    version_id: versionId,
    position: i + 1,
    slug: l.slug,
    title: l.title,
    content_md: l.contentMd,
    estimated_minutes: l.estimatedMinutes,
    content_hash: lessonContentHash({ position: i + 1, slug: l.slug, title: l.title, estimatedMinutes: l.estimatedMinutes, competencies: l.competencies, contentMd: l.contentMd }),
  }));
  await tx.query(
    `INSERT INTO learning_lessons (id, version_id, position, slug, title, content_md, estimated_minutes, content_hash)
     SELECT r.id, r.version_id, r.position, r.slug, r.title, r.content_md, r.estimated_minutes, r.content_hash
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, version_id uuid, position integer, slug text, title text, content_md text,
       estimated_minutes integer, content_hash text)`,
    [JSON.stringify(lessons)],
  );
  await tx.query(
    `INSERT INTO learning_lesson_competencies (lesson_id, competency_code)
     SELECT r.lesson_id, r.competency_code FROM jsonb_to_recordset($1::jsonb) AS r(lesson_id uuid, competency_code text)`,
    [JSON.stringify(data.lessons.flatMap((l) => l.competencies.map((c) => ({ lesson_id: lessonId(l.slug), competency_code: c }))))],
  );
  await tx.query(
    `INSERT INTO learning_questions (id, version_id, key, lesson_id, competency_code, type, prompt, options, correct_keys, explanation)
     SELECT r.id, r.version_id, r.key, r.lesson_id, r.competency_code, r.type, r.prompt, r.options, r.correct_keys, r.explanation
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, version_id uuid, key text, lesson_id uuid, competency_code text, type text,
       prompt text, options jsonb, correct_keys text[], explanation text)`,
    [
      JSON.stringify(
        data.questions.map((q) => ({
          id: contentId('question', code, 1, q.key),
          version_id: versionId,
          key: q.key,
          lesson_id: lessonId(q.lesson),
          competency_code: q.competency,
          type: q.type,
          prompt: q.prompt,
          // the answer key is kept apart from what a learner is shown
          options: q.options.map((o) => ({ key: o.key, text: o.text })),
          correct_keys: q.options.filter((o) => o.correct).map((o) => o.key),
          explanation: q.explanation,
        })),
      ),
    ],
  );
  const bank = new Map<string, number>();
  for (const q of data.questions) bank.set(q.lesson, (bank.get(q.lesson) ?? 0) + 1);
  const quizzes = [
    ...data.lessons.map((l, i) => ({
      id: contentId('quiz', code, 1, 'lesson_check', l.slug),
      kind: 'lesson_check',
      lesson_id: lessonId(l.slug),
      title: `Kiểm tra nhanh bài ${i + 1}: ${l.title}`,
      question_count: Math.min(CORE_LESSON_CHECK.questionCount, bank.get(l.slug) ?? 0),
      time_limit_s: null,
      max_attempts: null,
      cooldown_s: 0,
      pass_percent: CORE_LESSON_CHECK.passPercent,
      on_deadline: 'auto_submit',
    })),
    {
      id: contentId('quiz', code, 1, 'final'),
      kind: 'final',
      lesson_id: null,
      title: CORE_FINAL_QUIZ.title,
      question_count: CORE_FINAL_QUIZ.questionCount,
      time_limit_s: CORE_FINAL_QUIZ.timeLimitS,
      max_attempts: CORE_FINAL_QUIZ.maxAttempts,
      cooldown_s: CORE_FINAL_QUIZ.cooldownS,
      pass_percent: CORE_FINAL_QUIZ.passPercent,
      on_deadline: CORE_FINAL_QUIZ.onDeadline,
    },
  ];
  await tx.query(
    `INSERT INTO learning_quizzes (id, version_id, kind, lesson_id, title, question_count, per_competency, time_limit_s, max_attempts,
       cooldown_s, pass_percent, on_deadline)
     SELECT r.id, $2, r.kind, r.lesson_id, r.title, r.question_count, NULL, r.time_limit_s, r.max_attempts, r.cooldown_s, r.pass_percent, r.on_deadline
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, kind text, lesson_id uuid, title text, question_count integer, time_limit_s integer,
       max_attempts integer, cooldown_s integer, pass_percent integer, on_deadline text)`,
    [JSON.stringify(quizzes), versionId],
  );
}
