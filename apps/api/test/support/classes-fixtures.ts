import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/**
 * Classes, staff, enrolments and sessions written straight into the database, so the attendance and
 * completion tests do not depend on the class endpoints (built alongside). Days are Vietnam's
 * calendar days (Asia/Ho_Chi_Minh), as the roster rule reads them.
 */

type Auth = { authorization: string };
/** What the helpers need of a test app (TestApp of @hvs/testing, which only spec files may import). */
interface App {
  http: TestAgent;
}
export const DEMO_COMMUNE = '06673';

/** The seeded core course (KNS-CB): its published version, lessons in order and final quiz. */
export interface CoreCourse {
  courseId: string;
  versionId: string;
  lessonIds: string[];
  finalQuizId: string;
  /** Question id -> its answer key, for passing the final. */
  answerKey: Map<string, string[]>;
}

export async function coreCourse(db: DataSource): Promise<CoreCourse> {
  const [v]: Array<{ course_id: string; id: string }> = await db.query(
    `SELECT v.course_id, v.id FROM learning_course_versions v JOIN learning_courses c ON c.id = v.course_id
      WHERE c.code = 'KNS-CB' AND v.status = 'published'`,
  );
  if (!v) throw new Error('the core course KNS-CB is not published in the test database');
  const lessons: Array<{ id: string }> = await db.query(`SELECT id FROM learning_lessons WHERE version_id = $1 ORDER BY position`, [v.id]);
  const [final]: Array<{ id: string }> = await db.query(`SELECT id FROM learning_quizzes WHERE version_id = $1 AND kind = 'final'`, [v.id]);
  const keys: Array<{ id: string; correct_keys: string[] }> = await db.query(`SELECT id, correct_keys FROM learning_questions WHERE version_id = $1`, [v.id]);
  return {
    courseId: v.course_id,
    versionId: v.id,
    lessonIds: lessons.map((l) => l.id),
    finalQuizId: final.id,
    answerKey: new Map(keys.map((k) => [k.id, k.correct_keys])),
  };
}

/** A Vietnam calendar day, `offset` days from today (YYYY-MM-DD). */
export function vietnamDay(offset = 0): string {
  const now = new Date(Date.now() + 7 * 3_600_000 + offset * 86_400_000);
  return now.toISOString().slice(0, 10);
}

/** Noon (Vietnam time) of a Vietnam day, as an instant: for enrolment and withdrawal times. */
export function vietnamNoon(day: string): Date {
  return new Date(`${day}T12:00:00+07:00`);
}

export interface FixtureClass {
  id: string;
  path: string;
}

/** A class of the commune (or of one of its villages) teaching `versionId`, with its staff. */
export async function createClass(
  db: DataSource,
  options: { versionId: string; communeCode?: string; villageCode?: string | null; staff?: Array<{ accountId: string; kind?: 'instructor' | 'volunteer' }>; status?: string },
): Promise<FixtureClass> {
  const communeCode = options.communeCode ?? DEMO_COMMUNE;
  const [unit]: Array<{ path: string }> = options.villageCode
    ? await db.query(`SELECT path::text AS path FROM geo_villages WHERE code = $1`, [options.villageCode])
    : await db.query(`SELECT path::text AS path FROM geo_communes WHERE code = $1`, [communeCode]);
  const id = uuidv7();
  await db.query(
    `INSERT INTO classes_classes (id, commune_code, village_code, path, name, course_version_id, capacity, status, starts_on)
     VALUES ($1, $2, $3, $4::ltree, $5, $6, 60, $7, $8::date)`,
    [id, communeCode, options.villageCode ?? null, unit.path, `Lớp kỹ năng số ${id.slice(-6)}`, options.versionId, options.status ?? 'open', vietnamDay(-40)],
  );
  for (const s of options.staff ?? []) {
    await db.query(`INSERT INTO classes_staff (class_id, account_id, kind) VALUES ($1, $2, $3)`, [id, s.accountId, s.kind ?? 'instructor']);
  }
  return { id, path: unit.path };
}

/** Enrols a resident (on `enrolledOn`, a Vietnam day; default 40 days ago), optionally withdrawn on a later day. */
export async function enrol(db: DataSource, classId: string, residentId: string, options: { enrolledOn?: string; withdrawnOn?: string } = {}): Promise<string> {
  const id = uuidv7();
  await db.query(`INSERT INTO classes_enrolments (id, class_id, resident_id, enrolled_at, withdrawn_at) VALUES ($1, $2, $3, $4, $5)`, [
    id,
    classId,
    residentId,
    vietnamNoon(options.enrolledOn ?? vietnamDay(-40)),
    options.withdrawnOn ? vietnamNoon(options.withdrawnOn) : null,
  ]);
  return id;
}

/** A session of the class on a Vietnam day (default today), numbered after that day's others; a home visit names its resident. */
export async function createSession(db: DataSource, classId: string, options: { day?: string; homeVisitOf?: string } = {}): Promise<string> {
  const id = uuidv7();
  const day = options.day ?? vietnamDay(0);
  await db.query(
    `INSERT INTO classes_sessions (id, class_id, kind, visited_resident_id, date, number)
     VALUES ($1, $2, $3, $4, $5::date, (SELECT coalesce(max(number), 0) + 1 FROM classes_sessions WHERE class_id = $2 AND date = $5::date))`,
    [id, classId, options.homeVisitOf ? 'home_visit' : 'class', options.homeVisitOf ?? null, day],
  );
  return id;
}

/** A staff account created by the administrator through the API, logged in. */
export async function createStaff(
  t: App,
  admin: Auth,
  options: { username: string; role: 'instructor' | 'commune_officer'; communeCode?: string; displayName?: string },
): Promise<{ id: string; auth: Auth }> {
  const password = 'mat-khau-can-bo-2026';
  const res = await t.http
    .post('/api/v1/accounts')
    .set(admin)
    .send({
      username: options.username,
      role: options.role,
      displayName: options.displayName ?? `Cán bộ ${options.username}`,
      password,
      communeCode: options.communeCode ?? DEMO_COMMUNE,
    });
  if (res.status !== 201) throw new Error(`create account ${options.username}: ${res.status} ${JSON.stringify(res.body)}`);
  const login = await t.http.post('/api/v1/auth/login').send({ username: options.username, password });
  if (login.status !== 200) throw new Error(`login as ${options.username}: ${login.status} ${JSON.stringify(login.body)}`);
  return { id: res.body.id as string, auth: { authorization: `Bearer ${login.body.accessToken as string}` } };
}

/** The account id behind a login. */
export async function accountIdOf(t: App, auth: Auth): Promise<string> {
  const res = await t.http.get('/api/v1/auth/me').set(auth);
  if (res.status !== 200) throw new Error(`auth/me: ${res.status}`);
  return res.body.id as string;
}
