import { createHash, randomBytes } from 'node:crypto';
import type { CourseVersionStatus, DeadlinePolicy, QuestionType } from '@hvs/learning';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/**
 * Small courses for quiz tests, written straight into the learning tables (independent of the seeded
 * core course): 2 lessons, 12 questions of all three types, a lesson check on lesson 1 and a final.
 * Explanations carry a marker ("GIAI-THICH-…") so a test can prove they never leave the server early.
 */

export interface FixtureQuestion {
  id: string;
  key: string;
  lessonId: string;
  competency: string;
  type: QuestionType;
  prompt: string;
  options: Array<{ key: string; text: string }>;
  correctKeys: string[];
  explanation: string;
}

export interface FixtureQuiz {
  id: string;
  questionCount: number;
  timeLimitS: number | null;
  maxAttempts: number | null;
  cooldownS: number;
  passPercent: number;
  onDeadline: DeadlinePolicy;
  perCompetency: Record<string, number> | null;
}

export interface QuizCourse {
  courseId: string;
  versionId: string;
  lessons: Array<{ id: string; position: number; title: string }>;
  questions: FixtureQuestion[];
  byId: Map<string, FixtureQuestion>;
  lessonCheck: FixtureQuiz & { lessonId: string };
  final: FixtureQuiz;
}

export interface QuizCourseOptions {
  /** Offering province (null: national). */
  province?: string | null;
  status?: CourseVersionStatus;
  final?: Partial<FixtureQuiz>;
  lessonCheck?: Partial<FixtureQuiz>;
}

const FRAMEWORK = {
  domains: [
    { code: '0', name: 'Sử dụng thiết bị và phần mềm', position: 0 },
    { code: '2', name: 'Giao tiếp và hợp tác trên môi trường số', position: 2 },
    { code: '4', name: 'An toàn trên môi trường số', position: 4 },
  ],
  competencies: [
    { code: '0.1', domain: '0', name: 'Sử dụng thành thạo các thao tác cơ bản trên thiết bị số', position: 1 },
    { code: '2.2', domain: '2', name: 'Sử dụng dịch vụ công trực tuyến và giao dịch, thanh toán số', position: 2 },
    { code: '4.3', domain: '4', name: 'Nhận diện và phòng tránh lừa đảo trực tuyến', position: 3 },
  ],
};

let serial = 0;

/** The part of the framework the fixtures use (kept when the template already has it). */
async function ensureFramework(db: DataSource): Promise<void> {
  for (const d of FRAMEWORK.domains) {
    await db.query(`INSERT INTO learning_domains (code, name, position) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`, [d.code, d.name, d.position]);
  }
  for (const c of FRAMEWORK.competencies) {
    await db.query(
      `INSERT INTO learning_competencies (code, domain_code, name, position) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
      [c.code, c.domain, c.name, c.position],
    );
  }
}

function questionsOf(lessonNo: number, lessonId: string, competencies: [string, string]): FixtureQuestion[] {
  const abcd = (key: string) => ['a', 'b', 'c', 'd'].map((k) => ({ key: k, text: `Phương án ${k.toUpperCase()} của câu ${key}` }));
  const tf = [
    { key: 'dung', text: 'Đúng' },
    { key: 'sai', text: 'Sai' },
  ];
  const specs: Array<{ type: QuestionType; correct: string[]; competency: string }> = [
    { type: 'single', correct: ['b'], competency: competencies[0] },
    { type: 'single', correct: ['d'], competency: competencies[1] },
    { type: 'multiple', correct: ['a', 'c'], competency: competencies[0] },
    { type: 'multiple', correct: ['b', 'c', 'd'], competency: competencies[1] },
    { type: 'true_false', correct: ['dung'], competency: competencies[0] },
    { type: 'true_false', correct: ['sai'], competency: competencies[1] },
  ];
  return specs.map((s, i) => {
    const key = `l${lessonNo}-q${i + 1}`;
    return {
      id: uuidv7(),
      key,
      lessonId,
      competency: s.competency,
      type: s.type,
      prompt: `Câu hỏi ${key}: bà con nên làm gì khi nhận được tin nhắn lạ?`,
      options: s.type === 'true_false' ? tf : abcd(key),
      correctKeys: s.correct,
      explanation: `GIAI-THICH-${key}-${randomBytes(3).toString('hex')}: không bấm vào đường link lạ.`,
    };
  });
}

/** Inserts a course with one version (published unless told), its lessons, bank and two quizzes. */
export async function createQuizCourse(db: DataSource, options: QuizCourseOptions = {}): Promise<QuizCourse> {
  await ensureFramework(db);
  const n = ++serial;
  const courseId = uuidv7();
  const versionId = uuidv7();
  const status = options.status ?? 'published';
  await db.query(`INSERT INTO learning_courses (id, code, offered_by_province) VALUES ($1, $2, $3)`, [
    courseId,
    `QZ-${process.pid % 100_000}-${n}`,
    options.province ?? null,
  ]);
  await db.query(
    `INSERT INTO learning_course_versions (id, course_id, number, status, title, summary, sequential, published_at)
     VALUES ($1, $2, 1, $3, $4, 'Khóa học dùng cho kiểm thử bài kiểm tra.', false, CASE WHEN $3 = 'draft' THEN NULL ELSE now() END)`,
    [versionId, courseId, status, `Khóa kiểm thử ${n}`],
  );
  const lessons = [
    { id: uuidv7(), position: 1, title: 'Làm quen với điện thoại thông minh', slug: 'dien-thoai' },
    { id: uuidv7(), position: 2, title: 'Nhận diện lừa đảo trên mạng', slug: 'lua-dao' },
  ];
  for (const l of lessons) {
    const content = `# ${l.title}\n\nNội dung bài học.`;
    await db.query(
      `INSERT INTO learning_lessons (id, version_id, position, slug, title, content_md, estimated_minutes, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, 20, $7)`,
      [l.id, versionId, l.position, l.slug, l.title, content, createHash('sha256').update(content).digest('base64url')],
    );
  }
  await db.query(`INSERT INTO learning_lesson_competencies (lesson_id, competency_code) VALUES ($1, '0.1'), ($1, '2.2'), ($2, '4.3'), ($2, '2.2')`, [
    lessons[0].id,
    lessons[1].id,
  ]);
  const questions = [...questionsOf(1, lessons[0].id, ['0.1', '2.2']), ...questionsOf(2, lessons[1].id, ['4.3', '2.2'])];
  for (const q of questions) {
    await db.query(
      `INSERT INTO learning_questions (id, version_id, key, lesson_id, competency_code, type, prompt, options, correct_keys, explanation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
      [q.id, versionId, q.key, q.lessonId, q.competency, q.type, q.prompt, JSON.stringify(q.options), q.correctKeys, q.explanation],
    );
  }
  const final: FixtureQuiz = {
    id: uuidv7(),
    questionCount: 8,
    timeLimitS: 600,
    maxAttempts: null,
    cooldownS: 0,
    passPercent: 70,
    onDeadline: 'auto_submit',
    perCompetency: null,
    ...options.final,
  };
  const lessonCheck: FixtureQuiz & { lessonId: string } = {
    id: uuidv7(),
    questionCount: 4,
    timeLimitS: null,
    maxAttempts: null,
    cooldownS: 0,
    passPercent: 75,
    onDeadline: 'auto_submit',
    perCompetency: null,
    ...options.lessonCheck,
    lessonId: lessons[0].id,
  };
  for (const [quiz, kind, lessonId, title] of [
    [final, 'final', null, 'Bài kiểm tra cuối khóa'],
    [lessonCheck, 'lesson_check', lessonCheck.lessonId, 'Kiểm tra nhanh bài 1'],
  ] as const) {
    await db.query(
      `INSERT INTO learning_quizzes (id, version_id, kind, lesson_id, title, question_count, per_competency, time_limit_s, max_attempts, cooldown_s, pass_percent, on_deadline)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12)`,
      [
        quiz.id,
        versionId,
        kind,
        lessonId,
        title,
        quiz.questionCount,
        quiz.perCompetency ? JSON.stringify(quiz.perCompetency) : null,
        quiz.timeLimitS,
        quiz.maxAttempts,
        quiz.cooldownS,
        quiz.passPercent,
        quiz.onDeadline,
      ],
    );
  }
  return {
    courseId,
    versionId,
    lessons: lessons.map(({ id, position, title }) => ({ id, position, title })),
    questions,
    byId: new Map(questions.map((q) => [q.id, q])),
    lessonCheck,
    final,
  };
}

/** A wrong answer to a question (one wrong key; for a multiple-choice question, one of the right ones only counts as wrong too). */
export function wrongChoice(q: FixtureQuestion): string[] {
  const wrong = q.options.find((o) => !q.correctKeys.includes(o.key));
  return [wrong ? wrong.key : q.options[0].key];
}

export interface ResidentLearner {
  id: string;
  phone: string;
  auth: { authorization: string };
}

let phoneSerial = 0;

/**
 * Registers a resident with a phone (so they get a resident account), sets the account's password
 * straight in the database (instead of the one-time-code flow) and logs in by phone.
 */
export async function createResidentLearner(
  http: TestAgent,
  registrar: { authorization: string },
  db: DataSource,
  login: { password: string; passwordHash: string },
  communeCode = '06673',
): Promise<ResidentLearner> {
  const n = ++phoneSerial;
  const phone = `0915${String((process.pid % 100) * 10_000 + n).padStart(6, '0')}`;
  const birthDate = new Date(Date.UTC(1955, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const res = await http
    .post('/api/v1/residents')
    .set(registrar)
    .send({ fullName: 'Người Học Thử', birthDate, sex: 'female', phone, communeCode, consent: { purposes: ['training_records'], method: 'assisted' } });
  if (res.status !== 201) throw new Error(`register resident: ${res.status} ${JSON.stringify(res.body)}`);
  const id = res.body.id as string;
  const [linked]: Array<{ account_id: string | null }> = await db.query(`SELECT account_id FROM identity_residents WHERE id = $1`, [id]);
  if (!linked?.account_id) throw new Error('the resident got no account');
  await db.query(`UPDATE identity_accounts SET password_hash = $2 WHERE id = $1`, [linked.account_id, login.passwordHash]);
  const session = await http.post('/api/v1/auth/login').send({ username: phone, password: login.password });
  if (session.status !== 200) throw new Error(`login as resident ${phone}: ${session.status} ${JSON.stringify(session.body)}`);
  return { id, phone, auth: { authorization: `Bearer ${session.body.accessToken as string}` } };
}

/** Registers a resident without phone or account (for assisted attempts). */
export async function createResidentWithoutAccount(http: TestAgent, registrar: { authorization: string }, communeCode = '06673'): Promise<string> {
  const n = ++phoneSerial;
  const birthDate = new Date(Date.UTC(1940, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const res = await http
    .post('/api/v1/residents')
    .set(registrar)
    .send({ fullName: 'Cụ Bà Học Thử', birthDate, sex: 'female', noSmartphone: true, communeCode, consent: { purposes: ['training_records'], method: 'paper_form' } });
  if (res.status !== 201) throw new Error(`register resident: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
