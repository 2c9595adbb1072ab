import { parseArgs } from 'node:util';
import { learningDataDir, readLearningReferenceData, type QuestionFileEntry } from '@hvs/learning';
import { Outcome, type CommandOutcome } from '../command-outcome';
import type { Say } from './say';

/**
 * `npm run demo:learn`: the README's walkthrough of the core course, as a script. Against a running api
 * (API_URL) and over HTTP only, the demo resident Trần Văn Bảy logs in (first login by SMS code, or his
 * password), opens every lesson of "Kỹ năng số cơ bản" in order and marks it completed, takes the final
 * assessment and prints the result. With `--answers correct` he plays a resident who studied: the
 * answers are looked up in the shipped question file by the prompt's text (the api never sends the key
 * before submission). Any unexpected HTTP status stops the walk with the body.
 *
 * What it is for (command-outcome.ts: 0 when it holds): the resident has been through the course and
 * the final assessment, taken the way --answers asks. So a final passed before (QUIZ_ALREADY_PASSED) is
 * 0; a cooldown (ATTEMPT_COOLDOWN) is "not yet" (75, Retry-After said); no attempts left, an answer it
 * did not expect, or `--answers correct` ending below the pass mark is a failure (1).
 */

const DEMO_PHONE = '0912000001';
const DEMO_NAME = 'Trần Văn Bảy';
/** The password the walkthrough sets at Bảy's first login (the same as the README's curl example). */
const DEMO_RESIDENT_DEFAULT_PASSWORD = 'mat-khau-cua-bay';
const ANSWER_MODES = ['correct', 'wrong', 'random'] as const;
type AnswerMode = (typeof ANSWER_MODES)[number];

const USAGE = `usage: hvs learn-demo [--answers correct|wrong|random] [--password <password>] [--phone <phone>]
  Walks the demo resident through the core course "Kỹ năng số cơ bản" over the api (API_URL, default
  http://localhost:3000): login, lessons in order, the final assessment, the result.
  --answers   correct (default): answers like a resident who studied; wrong: fails on purpose
              (shows "what to study next"); random: any option
  --password  his password once he has one (or DEMO_RESIDENT_PASSWORD); without it the first login
              goes through a one-time code read from the demo SMS outbox
  --phone     another resident account's phone (default ${DEMO_PHONE}, ${DEMO_NAME})`;

/** An answer of the api that the walk did not expect: stops it, printed with its body. */
class UnexpectedAnswer extends Error {
  constructor(
    readonly request: string,
    readonly status: number,
    readonly body: unknown,
    readonly headers: Headers,
  ) {
    super(`${request} -> ${status}`);
  }
}

interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

interface ApiError {
  error?: { code?: string; message?: string; details?: Record<string, unknown> };
}

interface LessonSummary {
  id: string;
  position: number;
  title: string;
  estimatedMinutes: number;
}
interface QuizSummary {
  id: string;
  kind: 'lesson_check' | 'final';
  title: string;
  questionCount: number;
  timeLimitS: number | null;
  maxAttempts: number | null;
  cooldownS: number;
  passPercent: number;
}
interface CourseDetail {
  id: string;
  code: string;
  title: string;
  version: { id: string; number: number; sequential: boolean; lessons: LessonSummary[]; quizzes: QuizSummary[] } | null;
}
interface Standing {
  lessons: Array<{ lessonId: string; position: number; status: string }>;
  completedLessons: number;
  totalLessons: number;
  final: { attemptsUsed: number; maxAttempts: number | null; bestScorePercent: number | null; passed: boolean; passedAt: string | null } | null;
}
interface ShownQuestion {
  id: string;
  type: 'single' | 'multiple' | 'true_false';
  prompt: string;
  options: Array<{ key: string; text: string }>;
}
interface Attempt {
  id: string;
  number: number;
  status: string;
  startedAt: string;
  deadlineAt: string | null;
  questions: ShownQuestion[];
}
interface Result {
  scorePercent: number;
  correctCount: number;
  questionCount: number;
  passPercent: number;
  passed: boolean;
  autoSubmitted: boolean;
  breakdown: Array<{ competency: string; name: string; correct: number; total: number }>;
  studyNext: Array<{ position: number; title: string }>;
  questions: Array<{ prompt: string; correct: boolean; explanation: string }>;
}

/** A small JSON client of the api. */
class Api {
  token: string | null = null;

  constructor(private readonly base: string) {}

  async call<T>(method: string, path: string, expected: number[], init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const request = `${method} /api/v1${path}`;
    let res: Response;
    try {
      res = await fetch(`${this.base}/api/v1${path}`, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new Error(`không gọi được api tại ${this.base} (${cause}). Hãy chạy \`npm start\` trước, hoặc đặt API_URL.`);
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    if (!expected.includes(res.status)) throw new UnexpectedAnswer(request, res.status, body, res.headers);
    return { status: res.status, body: body as T, headers: res.headers };
  }
}

const errorCode = (err: unknown): string | undefined => (err instanceof UnexpectedAnswer ? (err.body as ApiError)?.error?.code : undefined);
const errorMessage = (err: UnexpectedAnswer): string => (err.body as ApiError)?.error?.message ?? '';
const minutes = (seconds: number) => Math.round(seconds / 60);
const time = (iso: string) => new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
const normalise = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

function pickRandom<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** The choices for one shown question, by mode; `key` is the question as shipped (null: not found). */
function choose(question: ShownQuestion, key: QuestionFileEntry | null, mode: AnswerMode): string[] {
  const shown = question.options.map((o) => o.key);
  if (mode === 'random') {
    if (question.type !== 'multiple') return [pickRandom(shown)];
    const some = shown.filter(() => Math.random() < 0.5);
    return some.length ? some : [pickRandom(shown)];
  }
  if (!key) throw new Error(`câu hỏi không có trong libs/learning/data/core-course/questions.json: "${question.prompt}" (khóa học đã được sửa qua API?)`);
  const correct = key.options.filter((o) => o.correct).map((o) => o.key);
  if (correct.some((k) => !shown.includes(k))) throw new Error(`các lựa chọn của câu "${question.prompt}" khác với tệp câu hỏi`);
  if (mode === 'correct') return correct;
  const wrong = shown.filter((k) => !correct.includes(k));
  return wrong.length ? [wrong[0]] : [];
}

interface Options {
  mode: AnswerMode;
  password: string | undefined;
  phone: string;
  /** How the messages name the resident. */
  who: string;
  base: string;
}

function parseOptions(args: string[]): Options | string {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        answers: { type: 'string', default: 'correct' },
        password: { type: 'string' },
        phone: { type: 'string', default: DEMO_PHONE },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    return `${(err as Error).message}\n${USAGE}`;
  }
  if (values.help) return USAGE;
  const mode = values.answers as AnswerMode;
  if (!ANSWER_MODES.includes(mode)) return `--answers must be one of ${ANSWER_MODES.join(', ')} (got "${values.answers}")\n${USAGE}`;
  const base = (process.env.API_URL || 'http://localhost:3000').replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  const phone = values.phone as string;
  return { mode, password: values.password ?? (process.env.DEMO_RESIDENT_PASSWORD || undefined), phone, who: phone === DEMO_PHONE ? 'Bảy' : 'người dân', base };
}

/** Logs the resident in: with a password when one is given, else by a one-time code from the demo SMS outbox. */
async function logIn(api: Api, o: Options, say: Say): Promise<void> {
  const login = async (password: string) =>
    (await api.call<{ accessToken: string }>('POST', '/auth/login', [200], { body: { username: o.phone, password } })).body.accessToken;

  if (o.password) {
    say(`1. Đăng nhập bằng số điện thoại ${o.phone} và mật khẩu`);
    try {
      api.token = await login(o.password);
    } catch (err) {
      if (errorCode(err) === 'INVALID_CREDENTIALS') {
        throw new Error(`mật khẩu không đúng. Nếu ${o.who} chưa có mật khẩu, chạy lại không kèm --password (đăng nhập lần đầu bằng mã SMS).`);
      }
      throw err;
    }
    say('   POST /auth/login → 200');
    return;
  }

  say(`1. Đăng nhập lần đầu bằng mã xác thực gửi qua SMS tới ${o.phone}`);
  await api.call('POST', '/auth/otp/request', [202], { body: { phone: o.phone } });
  say('   POST /auth/otp/request → 202');
  const outbox = await api.call<{ items: Array<{ text: string; purpose: string }> }>('GET', `/dev/sms-outbox?phone=${encodeURIComponent(o.phone)}`, [200]);
  const latest = outbox.body.items[0];
  const code = /là ([0-9]{6})\./.exec(latest?.text ?? '')?.[1];
  if (!latest || !code) throw new Error(`không thấy mã trong hộp thư SMS thử của ${o.phone}: số này có tài khoản người dân không?`);
  say(`   GET /dev/sms-outbox → "${latest.text}"`);
  if (latest.purpose === 'first_login') {
    const verified = await api.call<{ accessToken: string }>('POST', '/auth/otp/verify', [200], {
      body: { phone: o.phone, code, newPassword: DEMO_RESIDENT_DEFAULT_PASSWORD },
    });
    api.token = verified.body.accessToken;
    say(`   POST /auth/otp/verify → 200: ${o.who} đặt mật khẩu "${DEMO_RESIDENT_DEFAULT_PASSWORD}" và đã đăng nhập`);
    say(`   (lần sau: npm run demo:learn -- --password ${DEMO_RESIDENT_DEFAULT_PASSWORD})`);
    return;
  }
  // he has a password already: the code (a password reset) is left unused; try the one this walk sets
  say('   tài khoản đã có mật khẩu (mã này là mã đặt lại mật khẩu, không dùng): đăng nhập bằng mật khẩu của bản demo');
  try {
    api.token = await login(DEMO_RESIDENT_DEFAULT_PASSWORD);
  } catch (err) {
    if (errorCode(err) === 'INVALID_CREDENTIALS') {
      throw new Error(`${o.who} đã có mật khẩu khác: chạy lại với --password <mật khẩu> (hoặc đặt DEMO_RESIDENT_PASSWORD).`);
    }
    throw err;
  }
  say('   POST /auth/login → 200');
}

/** Whether a submitted final gives the state asked for: a pass when the answers were the right ones; any result otherwise. */
export function submittedOutcome(mode: AnswerMode, passed: boolean): CommandOutcome {
  return passed || mode !== 'correct' ? Outcome.holds() : Outcome.failed('the final assessment was not passed with the right answers');
}

async function walk(api: Api, o: Options, say: Say): Promise<CommandOutcome> {
  const data = readLearningReferenceData(learningDataDir());
  const byPrompt = new Map(data.questions.map((q) => [normalise(q.prompt), q]));

  say(`Khóa học "${data.course.title}" với người dân ${o.phone === DEMO_PHONE ? `${DEMO_NAME} (${o.phone})` : o.phone}, qua api ${o.base}`);
  await logIn(api, o, say);

  // ---- the course
  const list = await api.call<{ items: Array<{ id: string; code: string; title: string; currentVersion: { lessonCount: number; estimatedMinutes: number } | null }> }>(
    'GET',
    '/learning/courses',
    [200],
  );
  say(`2. Các khóa học ${o.who} xem được (GET /learning/courses): ${list.body.items.map((c) => `${c.code} "${c.title}"`).join(', ')}`);
  const listed = list.body.items.find((c) => c.code === data.course.code);
  if (!listed) throw new Error(`không thấy khóa học ${data.course.code}: dữ liệu tham chiếu đã được nạp chưa (npm run db:seed)?`);
  const course = (await api.call<CourseDetail>('GET', `/learning/courses/${listed.id}`, [200])).body;
  const version = course.version;
  if (!version) throw new Error(`khóa học ${course.code} chưa có phiên bản xuất bản`);
  const final = version.quizzes.find((q) => q.kind === 'final');
  if (!final) throw new Error(`khóa học ${course.code} chưa có bài kiểm tra cuối khóa`);
  say(
    `   ${course.code} "${course.title}", phiên bản ${version.number}: ${version.lessons.length} bài, khoảng ` +
      `${version.lessons.reduce((s, l) => s + l.estimatedMinutes, 0)} phút${version.sequential ? ', học lần lượt từng bài' : ''}`,
  );

  // ---- lessons in order
  const before = (await api.call<Standing>('GET', `/me/learning/courses/${course.id}`, [200])).body;
  const done = new Set(before.lessons.filter((l) => l.status === 'completed').map((l) => l.lessonId));
  say(`3. Học từng bài theo thứ tự (đã xong trước đó: ${before.completedLessons}/${before.totalLessons})`);
  for (const lesson of [...version.lessons].sort((a, b) => a.position - b.position)) {
    const read = await api.call<{ contentMd: string }>('GET', `/learning/lessons/${lesson.id}`, [200]);
    const size = (Buffer.byteLength(read.body.contentMd, 'utf8') / 1024).toFixed(1);
    let outcome = 'đã hoàn thành trước đó';
    if (!done.has(lesson.id)) {
      await api.call('PUT', `/learning/lessons/${lesson.id}/progress`, [200], { body: { status: 'completed', timeSpentS: lesson.estimatedMinutes * 60 } });
      outcome = 'hoàn thành';
    }
    say(`   Bài ${lesson.position}/${version.lessons.length}: ${lesson.title} (${lesson.estimatedMinutes} phút, ${size} KB) → ${outcome}`);
    if (lesson.position === 1) {
      // a class on one weak connection: a copy already there is not downloaded again
      const etag = read.headers.get('etag') ?? '';
      const again = await api.call('GET', `/learning/lessons/${lesson.id}`, [304], { headers: { 'if-none-match': etag } });
      say(`      ETag ${etag}, Cache-Control "${read.headers.get('cache-control')}": đọc lại với If-None-Match → ${again.status}, không tải lại`);
    }
  }

  // ---- the final assessment
  say(
    `4. ${final.title}: ${final.questionCount} câu` +
      `${final.timeLimitS ? `, ${minutes(final.timeLimitS)} phút` : ''}, đạt từ ${final.passPercent}%` +
      `${final.maxAttempts ? `, tối đa ${final.maxAttempts} lượt` : ''}${final.cooldownS ? `, chờ ${minutes(final.cooldownS)} phút giữa hai lượt` : ''}`,
  );
  let started: Answer<Attempt>;
  try {
    started = await api.call<Attempt>('POST', `/learning/quizzes/${final.id}/attempts`, [200, 201], { body: {} });
  } catch (err) {
    const code = errorCode(err);
    if (err instanceof UnexpectedAnswer && code === 'QUIZ_ALREADY_PASSED') {
      say(`   ${errorMessage(err)} (409 ${code})`);
      await printStanding(api, course.id, say);
      return Outcome.holds();
    }
    if (err instanceof UnexpectedAnswer && code === 'ATTEMPT_COOLDOWN') {
      const wait = Number(err.headers.get('retry-after') ?? (err.body as ApiError).error?.details?.retryAfterS);
      say(`   409 ${code}: ${errorMessage(err)}`);
      say(`   Retry-After: ${wait} (giây): chạy lại sau khoảng ${Math.ceil(wait / 60)} phút.`);
      await printStanding(api, course.id, say);
      return Outcome.notYet(`${code}: ${errorMessage(err)}`, Number.isFinite(wait) ? wait : null);
    }
    if (err instanceof UnexpectedAnswer && code === 'ATTEMPTS_EXHAUSTED') {
      say(`   409 ${code}: ${errorMessage(err)}`);
      await printStanding(api, course.id, say);
      return Outcome.failed(`${code}: ${errorMessage(err)}`);
    }
    throw err;
  }
  const attempt = started.body;
  say(
    `   POST /learning/quizzes/{id}/attempts → ${started.status}: ${started.status === 201 ? 'lượt' : 'tiếp tục lượt đang làm dở,'} ` +
      `số ${attempt.number}, ${attempt.questions.length} câu${attempt.deadlineAt ? `, nộp trước ${time(attempt.deadlineAt)}` : ''}`,
  );
  const how = { correct: 'như người đã học bài (tra đáp án trong libs/learning/data theo nội dung câu hỏi)', wrong: 'cố ý chọn sai', random: 'chọn ngẫu nhiên' }[o.mode];
  const answers = attempt.questions.map((q) => ({ questionId: q.id, choices: choose(q, byPrompt.get(normalise(q.prompt)) ?? null, o.mode) }));
  await api.call('PUT', `/learning/attempts/${attempt.id}/answers`, [200], { body: { answers } });
  say(`   trả lời ${answers.length} câu, ${how}: PUT /learning/attempts/{id}/answers → 200`);
  const submitted = await api.call<Result>('POST', `/learning/attempts/${attempt.id}/submit`, [200], { body: {} });
  say('   POST /learning/attempts/{id}/submit → 200 (chấm điểm trên máy chủ)');

  // ---- the result
  const r = submitted.body;
  say(
    `5. Kết quả: ${r.scorePercent}% (${r.correctCount}/${r.questionCount} câu đúng; cần ${r.passPercent}%) → ${r.passed ? 'ĐẠT' : 'CHƯA ĐẠT'}` +
      `${r.autoSubmitted ? ' (hệ thống tự nộp khi hết giờ)' : ''}`,
  );
  say('   Theo từng năng lực số:');
  for (const b of r.breakdown) say(`     ${b.competency.padEnd(4)} ${b.name}: ${b.correct}/${b.total}`);
  if (r.studyNext.length) {
    say('   Nên học lại:');
    for (const l of r.studyNext) say(`     Bài ${l.position}: ${l.title}`);
    const missed = r.questions.find((q) => !q.correct);
    if (missed) say(`   Ví dụ một câu sai: "${missed.prompt}" (giải thích: ${missed.explanation})`);
  } else {
    say('   Không có bài nào cần học lại.');
  }
  await printStanding(api, course.id, say);
  return submittedOutcome(o.mode, r.passed);
}

async function printStanding(api: Api, courseId: string, say: Say): Promise<void> {
  const s = (await api.call<Standing>('GET', `/me/learning/courses/${courseId}`, [200])).body;
  const f = s.final;
  const finalText = f
    ? `, bài kiểm tra cuối khóa: ${f.attemptsUsed}${f.maxAttempts ? `/${f.maxAttempts}` : ''} lượt, điểm cao nhất ` +
      `${f.bestScorePercent === null ? '–' : `${f.bestScorePercent}%`}, ${f.passed ? `đã đạt (${time(f.passedAt as string)})` : 'chưa đạt'}`
    : '';
  say(`Tiến độ (GET /me/learning/courses/{id}): ${s.completedLessons}/${s.totalLessons} bài${finalText}`);
}

/** Runs the walkthrough (its outcome: see the top of this file); bad options are a usage error, --help holds. */
export async function learnDemo(args: string[], say: Say): Promise<CommandOutcome> {
  const options = parseOptions(args);
  if (options === USAGE) {
    process.stdout.write(`${USAGE}\n`);
    return Outcome.holds();
  }
  if (typeof options === 'string') return Outcome.usage(options);
  const api = new Api(options.base);
  try {
    return await walk(api, options, say);
  } catch (err) {
    if (err instanceof UnexpectedAnswer) {
      say(`✗ ${err.request} → ${err.status} (không mong đợi):`);
      process.stdout.write(`${typeof err.body === 'string' ? err.body : JSON.stringify(err.body, null, 2)}\n`);
      const retryAfter = err.headers.get('retry-after');
      if (retryAfter) say(`  Retry-After: ${retryAfter} (giây)`);
      // the api asks to come back later (rate limit, maintenance): the same run can succeed then
      if (retryAfter && (err.status === 429 || err.status === 503)) return Outcome.notYet(err.message, Number(retryAfter) || null);
      return Outcome.failed(err.message);
    }
    say(`✗ ${(err as Error).message}`);
    return Outcome.failed((err as Error).message);
  }
}
