import { PasswordHasher } from '@hvs/identity';
import type { TestApp } from './test-app';
import { bearer } from './auth-helpers';

type Auth = { authorization: string };

/** A resident registered through the API, with a login when they have a phone. */
export interface TestResident {
  id: string;
  phone: string | null;
  /** The resident's own session (null without a phone, hence without an account). */
  auth: Auth | null;
}

export const TEST_RESIDENT_PASSWORD = 'mat-khau-hoc-vien-2026';
let residentSerial = 0;

/**
 * Registers a resident in a commune (as `registrar`, who must have it in scope). With a phone (the
 * default) the resident gets an account; its password is set straight in the database, instead of the
 * one-time-code flow, and the resident logs in by phone.
 */
export async function registerTestResident(
  t: TestApp,
  registrar: Auth,
  options: { communeCode?: string; withAccount?: boolean } = {},
): Promise<TestResident> {
  const n = ++residentSerial;
  const withAccount = options.withAccount ?? true;
  const phone = withAccount ? `0916${String((process.pid % 100) * 10_000 + n).padStart(6, '0')}` : null;
  const birthDate = new Date(Date.UTC(1960, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const res = await t.http
    .post('/api/v1/residents')
    .set(registrar)
    .send({
      fullName: 'Người Học Kiểm Thử',
      birthDate,
      sex: n % 2 ? 'female' : 'male',
      ...(phone ? { phone } : { noSmartphone: true }),
      communeCode: options.communeCode ?? '06673',
      consent: { purposes: ['training_records'], method: 'assisted' },
    });
  if (res.status !== 201) throw new Error(`register resident: ${res.status} ${JSON.stringify(res.body)}`);
  const id = res.body.id as string;
  if (!phone) return { id, phone, auth: null };
  const hash = await t.app.get(PasswordHasher).hash(TEST_RESIDENT_PASSWORD);
  const updated: [unknown[], number] = await t.db.query(
    `UPDATE identity_accounts SET password_hash = $2 WHERE id = (SELECT account_id FROM identity_residents WHERE id = $1)`,
    [id, hash],
  );
  if (updated[1] !== 1) throw new Error('the resident got no account');
  return { id, phone, auth: await bearer(t.http, phone, TEST_RESIDENT_PASSWORD) };
}

/** A course authored and (unless told) published through the API. */
export interface AuthoredCourse {
  courseId: string;
  versionId: string;
  lessonIds: string[];
  questionIds: string[];
  finalQuizId: string;
}

let courseSerial = 0;

/**
 * Authors a small course through the API as `author`: `lessons` lessons (competency 4.3), two
 * single-choice questions per lesson, a final assessment drawing every question, then publishes it.
 */
export async function authorTestCourse(
  t: TestApp,
  author: Auth,
  options: { code?: string; offeredByProvince?: string; sequential?: boolean; lessons?: number; publish?: boolean } = {},
): Promise<AuthoredCourse> {
  const ok = async (res: Promise<{ status: number; body: Record<string, unknown> }>, status: number, what: string) => {
    const r = await res;
    if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Record<string, unknown> & { id: string };
  };
  const code = options.code ?? `KT-${process.pid % 10_000}-${++courseSerial}`;
  const created = await ok(
    t.http.post('/api/v1/learning/courses').set(author).send({
      code,
      title: `Khóa học kiểm thử ${code}`,
      summary: 'Khóa học ngắn để kiểm thử.',
      ...(options.offeredByProvince ? { offeredByProvince: options.offeredByProvince } : {}),
    }),
    201,
    'create course',
  );
  const versionId = (created.draft as { id: string }).id;
  if (options.sequential === false) {
    await ok(t.http.patch(`/api/v1/learning/course-versions/${versionId}`).set(author).send({ sequential: false }), 200, 'update version');
  }
  const lessonIds: string[] = [];
  const questionIds: string[] = [];
  const lessons = options.lessons ?? 2;
  for (let i = 1; i <= lessons; i++) {
    const lesson = await ok(
      t.http.post(`/api/v1/learning/course-versions/${versionId}/lessons`).set(author).send({
        slug: `bai-${i}`,
        title: `Bài ${i}: Nhận diện lừa đảo qua tin nhắn`,
        contentMd: `# Bài ${i}\n\nKhông bao giờ đọc mã OTP cho người lạ qua điện thoại.`,
        estimatedMinutes: 10,
        competencies: ['4.3'],
      }),
      201,
      'add lesson',
    );
    lessonIds.push(lesson.id);
    for (let k = 1; k <= 2; k++) {
      const question = await ok(
        t.http.post(`/api/v1/learning/course-versions/${versionId}/questions`).set(author).send({
          key: `b${i}-c${k}`,
          lessonId: lesson.id,
          competency: '4.3',
          type: 'single',
          prompt: `Câu ${k} của bài ${i}: có người gọi điện xin mã OTP, bạn làm gì?`,
          options: [
            { key: 'a', text: 'Đọc mã cho họ' },
            { key: 'b', text: 'Từ chối và cúp máy' },
          ],
          correctKeys: ['b'],
          explanation: 'Mã OTP chỉ dành cho chính bạn.',
        }),
        201,
        'add question',
      );
      questionIds.push(question.id);
    }
  }
  const final = await ok(
    t.http.post(`/api/v1/learning/course-versions/${versionId}/quizzes`).set(author).send({
      kind: 'final',
      title: 'Bài kiểm tra cuối khóa',
      questionCount: lessons * 2,
      passPercent: 70,
      timeLimitS: 600,
      maxAttempts: 3,
    }),
    201,
    'add final quiz',
  );
  if (options.publish !== false) await ok(t.http.post(`/api/v1/learning/course-versions/${versionId}/publish`).set(author), 200, 'publish');
  return { courseId: created.id, versionId, lessonIds, questionIds, finalQuizId: final.id };
}
