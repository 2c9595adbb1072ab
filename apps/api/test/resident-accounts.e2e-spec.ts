import { randomBytes } from 'node:crypto';
import { cccdPrefix, DEMO_RESIDENT_PHONE, LOGIN_LIMITS, OTP_LIMITS, seedIdentityDemoData } from '@hvs/identity';
import { DEVELOPMENT_KEYS, loadEnv } from '@hvs/platform';
import { bearer, createTestApp, createTestAppWithDemoData, type TestApp } from '@hvs/testing';
import IORedis from 'ioredis';
import request from 'supertest';
import { AppModule } from '../src/app.module';

const PASSWORD = 'mat-khau-cua-toi-2026';
const message = (code: string) => `Mã xác thực Học Vụ Số của bạn là ${code}. Mã có hiệu lực 10 phút. Không chia sẻ mã này cho bất kỳ ai.`;

describe('resident accounts: created with the registry, first login by a one-time code, login by phone', () => {
  let t: TestApp;
  let officer: { authorization: string };
  let serial = 0;
  /** Every phone and code used, for the check of the raw tables at the end. */
  const phones = new Set<string>();
  const codes = new Set<string>();

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    officer = await bearer(t.http, 'xa.baichay');
  });
  afterAll(() => t.close());

  const newPhone = () => {
    const phone = `0913${String(100_000 + ++serial).padStart(6, '0')}`;
    phones.add(phone);
    return phone;
  };
  const international = (phone: string) => `+84 ${phone.slice(1, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
  /** A fresh IP per test, so the per-address counters of one test do not reach another. */
  const newIp = () => `198.51.100.${++serial % 250}`;

  const register = async (over: Record<string, unknown> = {}) => {
    const n = ++serial;
    const body = {
      fullName: `Lê Văn Thử ${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + Math.floor(n / 26))}`,
      birthDate: '1970-01-15',
      sex: 'male',
      cccd: `${cccdPrefix('22', 1970, 'male')}${String(500_000 + n)}`,
      communeCode: '06673',
      consent: { purposes: ['training_records'], method: 'assisted' },
      ...over,
    };
    const res = await t.http.post('/api/v1/residents').set(officer).send(body).expect(201);
    return res.body as { id: string; hasAccount: boolean; phone: string | null; fullName: string };
  };
  const requestCode = (phone: string, ip: string) => t.http.post('/api/v1/auth/otp/request').set('x-forwarded-for', ip).send({ phone });
  const verify = (body: { phone: string; code: string; newPassword?: string }, ip: string) =>
    t.http.post('/api/v1/auth/otp/verify').set('x-forwarded-for', ip).send({ newPassword: PASSWORD, ...body });
  const login = (username: string, password: string, ip: string) =>
    t.http.post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ username, password });
  const outbox = async (phone: string) => {
    const res = await t.http.get('/api/v1/dev/sms-outbox').query({ phone }).expect(200);
    return res.body.items as Array<{ phone: string; text: string; purpose: string; status: string }>;
  };
  /** Requests a code and reads it from the outbox, as the demo's phone. */
  const codeFor = async (phone: string, ip: string) => {
    await requestCode(phone, ip).expect(202);
    const [latest] = await outbox(phone);
    const code = /là ([0-9]{6})\./.exec(latest?.text ?? '')?.[1];
    if (!code) throw new Error(`no code in the outbox for ${phone}`);
    codes.add(code);
    return code;
  };
  const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('gives a resident registered without an account (shared phone, bulk import) one at their first code request', async () => {
    const phone = newPhone();
    const first = await register({ phone });
    const second = await register({ phone });
    expect([first.hasAccount, second.hasAccount]).toEqual([true, false]);
    // the first holder is erased: the phone is free, and the next code request creates the second one's account
    await t.http.post(`/api/v1/residents/${first.id}/erasure`).set(officer).expect(204);
    const ip = newIp();
    const code = await codeFor(phone, ip);
    const res = await verify({ phone, code }, ip).expect(200);
    expect(res.body.account.role).toBe('resident');
    const own = await t.http.get('/api/v1/me/resident').set('authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(own.body).toMatchObject({ id: second.id, hasAccount: true, phone });
    const [audit] = await t.db.query(`SELECT actor_role FROM audit_events WHERE action = 'account.create' AND details->>'residentId' = $1`, [second.id]);
    expect(audit.actor_role).toBe('system:first-code');
  });

  it('creates a resident account when a resident is registered with a phone; a second person on that phone gets none', async () => {
    const phone = newPhone();
    const first = await register({ phone });
    expect(first.hasAccount).toBe(true);
    const [account] = await t.db.query(
      `SELECT a.role, a.username, a.password_hash, a.display_name, a.scope_path, a.phone_index = r.phone_index AS same_phone
         FROM identity_residents r JOIN identity_accounts a ON a.id = r.account_id WHERE r.id = $1`,
      [first.id],
    );
    expect(account).toEqual({ role: 'resident', username: null, password_hash: null, display_name: 'Người dân', scope_path: null, same_phone: true });
    // families share phones: the second person is registered, without an account, and no error
    const second = await register({ phone: international(phone), fullName: 'Lê Thị Vợ', sex: 'female', cccd: null });
    expect(second).toMatchObject({ hasAccount: false, phone });
    // door to door, without a phone: no account
    expect((await register({ cccd: null, noSmartphone: true })).hasAccount).toBe(false);
    const [audit] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'account.create' AND details->>'residentId' = $1`,
      [first.id],
    );
    expect(audit.n).toBe(1);
  });

  it('first login: a code by SMS, the password set with it, then login by phone and /auth/me', async () => {
    const ip = newIp();
    const phone = newPhone();
    const resident = await register({ phone });
    // no password yet: login by phone fails like any wrong password
    expect((await login(phone, PASSWORD, ip).expect(401)).body.error.code).toBe('INVALID_CREDENTIALS');

    const accepted = await requestCode(phone, ip).expect(202);
    expect(accepted.body).toEqual({ message: expect.stringContaining('mã xác thực'), expiresInSeconds: 600 });
    const [sms] = await outbox(phone);
    const code = /là ([0-9]{6})\./.exec(sms.text)?.[1] as string;
    codes.add(code);
    expect(sms).toMatchObject({ phone, text: message(code), purpose: 'first_login', status: 'pending' });

    const res = await verify({ phone: international(phone), code }, ip).expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      account: { role: 'resident', username: null, scope: { kind: 'self' } },
    });
    // the code works once
    expect((await verify({ phone, code }, ip).expect(401)).body.error.code).toBe('OTP_INVALID');

    for (const spelling of [phone, international(phone), `84${phone.slice(1)}`]) {
      const session = await login(spelling, PASSWORD, ip).expect(200);
      const me = await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${session.body.accessToken}`).expect(200);
      expect(me.body).toMatchObject({ id: res.body.account.id, role: 'resident', scope: { kind: 'self' } });
    }
    const own = await t.http.get('/api/v1/me/resident').set('authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(own.body).toMatchObject({ id: resident.id, fullName: resident.fullName, phone, hasAccount: true });
    expect((await login(phone, 'wrong-password-1', ip).expect(401)).body.error.code).toBe('INVALID_CREDENTIALS');

    const [event] = await t.db.query(
      `SELECT actor_account_id, actor_role, target_id, unit_path::text AS unit_path, details FROM audit_events WHERE action = 'account.first_login'
        AND target_id = $1`,
      [res.body.account.id],
    );
    expect(event).toEqual({
      actor_account_id: res.body.account.id,
      actor_role: 'resident',
      target_id: res.body.account.id,
      unit_path: '22.06673',
      details: { method: 'sms_one_time_code', passwordSet: true },
    });
    const [password] = await t.db.query(`SELECT password_hash FROM identity_accounts WHERE id = $1`, [res.body.account.id]);
    expect(password.password_hash).toMatch(/^\$argon2id\$/);

    // later codes reset a forgotten password, and end the sessions issued before
    const reset = await codeFor(phone, ip);
    expect((await outbox(phone))[0]).toMatchObject({ purpose: 'password_reset' });
    await verify({ phone, code: reset, newPassword: 'mat-khau-moi-2026' }, ip).expect(200);
    await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${res.body.accessToken}`).expect(401);
    await login(phone, 'mat-khau-moi-2026', ip).expect(200);
    await login(phone, PASSWORD, ip).expect(401);
  });

  it('counts wrong codes: five tries, then the code is refused even when right', async () => {
    const ip = newIp();
    const phone = newPhone();
    const resident = await register({ phone });
    const code = await codeFor(phone, ip);
    for (let i = 0; i < OTP_LIMITS.attemptsPerCode; i++) {
      expect((await verify({ phone, code: otherCode(code) }, ip).expect(401)).body.error.code).toBe('OTP_INVALID');
    }
    const [row] = await t.db.query(
      `SELECT attempts FROM identity_one_time_codes WHERE consumed_at IS NULL
          AND account_id = (SELECT account_id FROM identity_residents WHERE id = $1)`,
      [resident.id],
    );
    expect(row.attempts).toBe(OTP_LIMITS.attemptsPerCode);
    const refused = await verify({ phone, code }, ip).expect(401);
    expect(refused.body.error).toMatchObject({ code: 'OTP_TOO_MANY_ATTEMPTS', message: expect.stringContaining('yêu cầu mã mới') });
    await login(phone, PASSWORD, ip).expect(401);
    // a new code works
    const fresh = await codeFor(phone, ip);
    await verify({ phone, code: fresh }, ip).expect(200);
  });

  it('refuses an expired code (OTP_EXPIRED only for the right code; a wrong one is just wrong)', async () => {
    const ip = newIp();
    const phone = newPhone();
    const resident = await register({ phone });
    const code = await codeFor(phone, ip);
    await t.db.query(
      `UPDATE identity_one_time_codes SET created_at = now() - interval '11 minutes', expires_at = now() - interval '1 minute'
        WHERE account_id = (SELECT account_id FROM identity_residents WHERE id = $1)`,
      [resident.id],
    );
    expect((await verify({ phone, code: otherCode(code) }, ip).expect(401)).body.error.code).toBe('OTP_INVALID');
    const expired = await verify({ phone, code }, ip).expect(401);
    expect(expired.body.error).toMatchObject({ code: 'OTP_EXPIRED', message: 'Mã xác thực đã hết hạn. Vui lòng yêu cầu mã mới.' });
    await login(phone, PASSWORD, ip).expect(401);
  });

  it('answers an unknown phone exactly like a known one, and sends nothing', async () => {
    const ip = newIp();
    const known = newPhone();
    await register({ phone: known });
    const unknown = newPhone();
    const a = await requestCode(known, ip).expect(202);
    const b = await requestCode(unknown, ip).expect(202);
    expect(b.body).toEqual(a.body);
    expect(await outbox(unknown)).toEqual([]);
    expect((await verify({ phone: unknown, code: '123456' }, ip).expect(401)).body.error.code).toBe('OTP_INVALID');
    // a phone shared by a family answers the same too; the code goes to the account holding it
    expect((await t.http.post('/api/v1/auth/otp/request').send({ phone: 'not a phone' }).expect(400)).body.error.code).toBe('PHONE_INVALID');
    expect((await verify({ phone: known, code: '12ab56' }, ip).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await verify({ phone: known, code: '123456', newPassword: 'short' }, ip).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('throttles code requests per phone and per address (429 with Retry-After)', async () => {
    const phone = newPhone();
    await register({ phone });
    for (let i = 0; i < OTP_LIMITS.requestsPerPhone; i++) await requestCode(phone, newIp()).expect(202);
    const blocked = await requestCode(phone, newIp()).expect(429);
    expect(blocked.body.error).toMatchObject({ code: 'OTP_TOO_MANY_REQUESTS', details: { retryAfterSeconds: expect.any(Number) } });
    expect(blocked.body.error.details.retryAfterSeconds).toBeGreaterThan(OTP_LIMITS.windowSeconds - 60);
    expect(Number(blocked.headers['retry-after'])).toBe(blocked.body.error.details.retryAfterSeconds);
    expect(await outbox(phone)).toHaveLength(OTP_LIMITS.requestsPerPhone);

    // one address asking for many numbers (unknown ones included) is stopped too
    const ip = '203.0.113.77';
    for (let i = 0; i < OTP_LIMITS.requestsPerAddress; i++) await requestCode(newPhone(), ip).expect(202);
    expect((await requestCode(newPhone(), ip).expect(429)).body.error.code).toBe('OTP_TOO_MANY_REQUESTS');
    await requestCode(newPhone(), '203.0.113.78').expect(202);
  });

  it('throttles logins by phone like logins by username, every spelling of a number counted together', async () => {
    const ip = newIp();
    const phone = newPhone();
    await register({ phone });
    await verify({ phone, code: await codeFor(phone, ip) }, ip).expect(200);
    const spellings = [phone, international(phone), `+84${phone.slice(1)}`];
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) await login(spellings[i % 3], `wrong-${i}`, newIp()).expect(401);
    expect((await login(phone, PASSWORD, newIp()).expect(429)).body.error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
  });

  it('keeps the account on the resident\'s phone when it changes; a resident without one gets an account with a free phone', async () => {
    const ip = newIp();
    const phone = newPhone();
    const resident = await register({ phone });
    await verify({ phone, code: await codeFor(phone, ip) }, ip).expect(200);
    const pending = await codeFor(phone, ip); // sent to the old number: dropped with the change

    const moved = newPhone();
    await t.http.patch(`/api/v1/residents/${resident.id}`).set(officer).send({ phone: moved }).expect(200);
    await login(moved, PASSWORD, ip).expect(200);
    await login(phone, PASSWORD, ip).expect(401);
    expect((await verify({ phone: moved, code: pending }, ip).expect(401)).body.error.code).toBe('OTP_INVALID');

    // to a number another account holds: the account keeps no phone (it cannot be reached by phone)
    const taken = newPhone();
    await register({ phone: taken });
    await t.http.patch(`/api/v1/residents/${resident.id}`).set(officer).send({ phone: taken }).expect(200);
    const [row] = await t.db.query(
      `SELECT a.phone_index IS NULL AS no_phone FROM identity_residents r JOIN identity_accounts a ON a.id = r.account_id WHERE r.id = $1`,
      [resident.id],
    );
    expect(row.no_phone).toBe(true);
    await login(moved, PASSWORD, ip).expect(401);

    // registered door to door without a phone, later given one: an account
    const withoutPhone = await register({ cccd: null });
    expect(withoutPhone.hasAccount).toBe(false);
    const later = newPhone();
    const updated = await t.http.patch(`/api/v1/residents/${withoutPhone.id}`).set(officer).send({ phone: later }).expect(200);
    expect(updated.body.hasAccount).toBe(true);
    await verify({ phone: later, code: await codeFor(later, ip) }, ip).expect(200);

    // erasure deletes the account with its codes and messages
    await t.http.post(`/api/v1/residents/${withoutPhone.id}/erasure`).set(officer).expect(204);
    expect(await outbox(later)).toEqual([]);
    await login(later, PASSWORD, ip).expect(401);
  });

  it('demo data: Trần Văn Bảy (0912000001) first logs in with a code; Hoàng Thị Tư has no account; a second seeding creates nothing', async () => {
    const ip = newIp();
    phones.add(DEMO_RESIDENT_PHONE);
    await login(DEMO_RESIDENT_PHONE, PASSWORD, ip).expect(401);
    const res = await verify({ phone: DEMO_RESIDENT_PHONE, code: await codeFor(DEMO_RESIDENT_PHONE, ip) }, ip).expect(200);
    const own = await t.http.get('/api/v1/me/resident').set('authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(own.body).toMatchObject({ fullName: 'Trần Văn Bảy', communeCode: '06673', hasAccount: true });
    const tu = await t.http.get('/api/v1/residents').query({ q: 'hoang thi tu', communeCode: '06673' }).set(officer).expect(200);
    expect(tu.body.items).toEqual([expect.objectContaining({ fullName: 'Hoàng Thị Tư', phone: null, hasAccount: false })]);
    expect(await seedIdentityDemoData(t.app)).toEqual({ accounts: 0, residents: 0 });
  });

  it('holds no phone number and no code in clear: not in any table, not in Redis', async () => {
    expect(phones.size).toBeGreaterThan(10);
    expect(codes.size).toBeGreaterThan(5);
    const phoneNeedles = [...phones, ...[...phones].map((p) => p.slice(1))];
    // every column that can hold text or bytes (not numbers, dates or uuids, where six digits occur by chance)
    const columns: Array<{ table_name: string; column_name: string; data_type: string }> = await t.db.query(
      `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
          AND (c.data_type IN ('text', 'character varying', 'USER-DEFINED', 'jsonb', 'json', 'bytea') OR c.udt_name IN ('_text', '_varchar'))`,
    );
    expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(
      expect.arrayContaining(['identity_sms_outbox.payload', 'identity_one_time_codes.code_hash', 'identity_accounts.phone_index']),
    );
    for (const { table_name, column_name, data_type } of columns) {
      // bytea as "escape" text: bytes that are printable characters show as themselves
      const asText = data_type === 'bytea' ? `encode("${column_name}", 'escape')` : `"${column_name}"::text`;
      // codes can only have reached the identity tables and the audit trail; phones are looked for everywhere
      const needles = /^(identity_|audit_)/.test(table_name) ? [...phoneNeedles, ...codes] : phoneNeedles;
      const [hit] = await t.db.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE ${asText} LIKE ANY($1)`, [needles.map((n) => `%${n}%`)]);
      expect({ column: `${table_name}.${column_name}`, hits: hit.n }).toEqual({ column: `${table_name}.${column_name}`, hits: 0 });
    }
    const [counts] = await t.db.query(
      `SELECT (SELECT count(*)::int FROM identity_sms_outbox) AS sms, (SELECT count(*)::int FROM identity_one_time_codes) AS codes`,
    );
    expect(counts.sms).toBeGreaterThan(5);
    expect(counts.codes).toBeGreaterThan(5);

    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${t.redisPrefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) for (const needle of [...phoneNeedles, ...codes]) expect(key).not.toContain(needle);
    } finally {
      redis.disconnect();
    }
  });
});

describe('the SMS outbox endpoint outside development and demo', () => {
  it('answers 404 with SMS_OUTBOX_VISIBLE=false; code requests still answer 202', async () => {
    const t = await createTestApp(AppModule, { env: { SMS_OUTBOX_VISIBLE: 'false' } });
    try {
      const res = await t.http.get('/api/v1/dev/sms-outbox').query({ phone: '0912000001' }).expect(404);
      expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
      await request(t.app.getHttpServer()).post('/api/v1/auth/otp/request').send({ phone: '0912000001' }).expect(202);
    } finally {
      delete process.env.SMS_OUTBOX_VISIBLE;
      await t.close();
    }
  });

  it('is off by default in production, on by default elsewhere', () => {
    const key = () => randomBytes(32).toString('base64');
    const production = { NODE_ENV: 'production', PII_ENCRYPTION_KEYS: `k1:${key()}`, PII_ENCRYPTION_KEY_ID: 'k1', PII_INDEX_KEY: key(), JWT_SECRET: key() + key(), METRICS_TOKEN: key(), CERTIFICATE_SIGNING_KEYS: `c1:${randomBytes(32).toString('base64url')}`, CERTIFICATE_SIGNING_KEY_ID: 'c1' };
    expect(loadEnv(production).SMS_OUTBOX_VISIBLE).toBe(false);
    expect(loadEnv({ ...production, SMS_OUTBOX_VISIBLE: 'true' }).SMS_OUTBOX_VISIBLE).toBe(true);
    expect(loadEnv({ NODE_ENV: 'development', PII_INDEX_KEY: DEVELOPMENT_KEYS.PII_INDEX_KEY }).SMS_OUTBOX_VISIBLE).toBe(true);
    expect(loadEnv({ NODE_ENV: 'test' }).OTP_TTL_S).toBe(600);
  });
});
