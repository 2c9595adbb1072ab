import { cccdPrefix } from '@hvs/identity';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';

/**
 * Helpers of the classes tests, through the API (classes-fixtures.ts writes classes straight into the
 * database for the attendance tests): staff accounts, residents with chosen names, the core course, classes.
 */

/** What the helpers need of a test app (@hvs/testing's TestApp has it). */
export interface TestApp {
  http: TestAgent;
  db: DataSource;
}

export type Auth = { authorization: string };
export const CLASSES = '/api/v1/classes';
export const TEST_STAFF_PASSWORD = 'mat-khau-dau-tien';

let serial = 0;
const next = () => ++serial;

/** A CCCD for a person born in `year`, registered in Quảng Ninh, unique in this process. */
export function cccdOf(year: number, sex: 'male' | 'female', n = next()): string {
  return cccdPrefix('22', year, sex) + String(((process.pid % 1000) * 1000 + n) % 1_000_000).padStart(6, '0');
}

/** The id of an account by username. */
export async function accountId(t: TestApp, username: string): Promise<string> {
  const [row] = await t.db.query('SELECT id FROM identity_accounts WHERE username = $1', [username]);
  if (!row) throw new Error(`no account ${username}`);
  return row.id as string;
}

/** A staff account created by the administrator through the API, logged in. */
export async function staffAccount(
  t: TestApp,
  admin: Auth,
  body: { username: string; role: string; communeCode?: string; provinceCode?: string },
): Promise<{ id: string; auth: Auth }> {
  const res = await t.http
    .post('/api/v1/accounts')
    .set(admin)
    .send({ displayName: `Tài khoản ${body.username}`, password: TEST_STAFF_PASSWORD, ...body });
  if (res.status !== 201) throw new Error(`create account ${body.username}: ${res.status} ${JSON.stringify(res.body)}`);
  const login = await t.http.post('/api/v1/auth/login').send({ username: body.username, password: TEST_STAFF_PASSWORD });
  if (login.status !== 200) throw new Error(`login as ${body.username}: ${login.status}`);
  return { id: res.body.id as string, auth: { authorization: `Bearer ${login.body.accessToken as string}` } };
}

/** A resident registered through the API with a chosen name (a fresh birth date each time keeps them apart). */
export async function residentNamed(
  t: TestApp,
  registrar: Auth,
  fullName: string,
  options: { communeCode?: string; villageCode?: string; cccd?: boolean; year?: number } = {},
): Promise<{ id: string; cccd: string | null; birthYear: number }> {
  const n = next();
  const year = options.year ?? 1950 + (n % 40);
  const birthDate = `${year}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 27) + 1).padStart(2, '0')}`;
  const cccd = options.cccd ? cccdOf(year, 'female', n) : null;
  const res = await t.http
    .post('/api/v1/residents')
    .set(registrar)
    .send({
      fullName,
      birthDate,
      sex: 'female',
      communeCode: options.communeCode ?? '06673',
      ...(options.villageCode ? { villageCode: options.villageCode } : {}),
      ...(cccd ? { cccd } : {}),
      consent: { purposes: ['training_records'], method: 'assisted' },
    });
  if (res.status !== 201) throw new Error(`register ${fullName}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, cccd, birthYear: year };
}

/** The seeded core course (KNS-CB): its current version and lessons. */
export async function coreCourse(t: TestApp, as: Auth): Promise<{ courseId: string; versionId: string; lessons: Array<{ id: string; title: string }> }> {
  const list = await t.http.get('/api/v1/learning/courses').set(as).expect(200);
  const item = list.body.items.find((c: { code: string }) => c.code === 'KNS-CB');
  const detail = (await t.http.get(`/api/v1/learning/courses/${item.id}`).set(as).expect(200)).body;
  return { courseId: item.id, versionId: detail.version.id, lessons: detail.version.lessons.map((l: { id: string; title: string }) => ({ id: l.id, title: l.title })) };
}

/** The code of a demo village of a commune by its name. */
export async function villageCode(t: TestApp, communeCode: string, name: string): Promise<string> {
  const [row] = await t.db.query('SELECT code FROM geo_villages WHERE commune_code = $1 AND name = $2', [communeCode, name]);
  if (!row) throw new Error(`no village ${name} in ${communeCode}`);
  return row.code as string;
}

/** Creates a class through the API (201 expected) and returns its view. */
export async function createClass(
  t: TestApp,
  as: Auth,
  body: Record<string, unknown> & { courseVersionId: string; instructorIds: string[] },
): Promise<Record<string, unknown> & { id: string }> {
  const res = await t.http
    .post(CLASSES)
    .set(as)
    .send({ communeCode: '06673', name: `Lớp kiểm thử ${next()}`, capacity: 30, ...body });
  if (res.status !== 201) throw new Error(`create class: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Today in Vietnam, and a day `offset` days from it (YYYY-MM-DD). */
export function vietnamDay(offset = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}
