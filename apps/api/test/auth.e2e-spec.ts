import { JwtService } from '@nestjs/jwt';
import { AccountRepository, DEMO_PASSWORD } from '@hvs/identity';
import { createTestApp, createTestAppWithDemoData, type TestApp } from '@hvs/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';

describe('authentication: login, tokens, refresh rotation, logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
  });
  afterAll(() => t.close());

  const login = (username: string, password = DEMO_PASSWORD) => t.http.post('/api/v1/auth/login').send({ username, password });
  const me = (token: string) => t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${token}`);

  it('logs a staff member in and tells who they are, with role and scope', async () => {
    const res = await login('xa.baichay').expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      account: { role: 'commune_officer', username: 'xa.baichay', scope: { kind: 'commune', communeCode: '06673' } },
    });
    const who = await me(res.body.accessToken).expect(200);
    expect(who.body).toEqual(res.body.account);
    const admin = await login('ADMIN').expect(200);
    expect(admin.body.account.scope).toEqual({ kind: 'country' });
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await login('xa.baichay', 'not-the-password').expect(401);
    const unknown = await login('nobody.here', 'whatever').expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error).toMatchObject({ code: wrong.body.error.code, message: wrong.body.error.message });
    await t.http.post('/api/v1/auth/login').send({ username: 'xa.baichay' }).expect(401);
    await t.http.post('/api/v1/auth/login').send({ username: { $ne: null }, password: DEMO_PASSWORD }).expect(401);
  });

  it('issues no tokens when the login body has unknown fields', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ username: 'xa.baichay', password: DEMO_PASSWORD, role: 'administrator' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.accessToken).toBeUndefined();
  });

  it('refuses tampered, unsigned, expired and foreign tokens', async () => {
    const { body } = await login('gv.baichay').expect(200);
    await me(body.accessToken).expect(200); // verified once: remembered (VerifiedTokens), tampered copies are not
    const [header, payload, signature] = body.accessToken.split('.');
    const flipped = signature.slice(0, -2) + (signature.endsWith('A') ? 'BB' : 'AA');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const jwt = t.app.get(JwtService);
    const cases: Record<string, string> = {
      'wrong signature': `${header}.${payload}.${flipped}`,
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'role raised, old signature': `${header}.${b64({ ...claims, role: 'administrator' })}.${signature}`,
      expired: jwt.sign({ sub: claims.sub, role: claims.role, epoch: claims.epoch }, { issuer: 'hocvuso', audience: 'hocvuso-api', expiresIn: -10 }),
      'wrong audience': jwt.sign({ sub: claims.sub, role: claims.role, epoch: claims.epoch }, { issuer: 'hocvuso', audience: 'other-app', expiresIn: 60 }),
      'wrong issuer': jwt.sign({ sub: claims.sub, role: claims.role, epoch: claims.epoch }, { issuer: 'someone', audience: 'hocvuso-api', expiresIn: 60 }),
      'other secret': new JwtService({ secret: 'x'.repeat(40) }).sign(
        { sub: claims.sub, role: claims.role, epoch: claims.epoch },
        { issuer: 'hocvuso', audience: 'hocvuso-api', expiresIn: 60 },
      ),
      garbage: 'not-a-token',
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await me(token);
      expect({ name, status: res.status, code: res.body.error?.code }).toEqual({ name, status: 401, code: 'INVALID_TOKEN' });
    }
    const none = await t.http.get('/api/v1/auth/me').expect(401);
    expect(none.body.error.code).toBe('UNAUTHORIZED');
    await me(body.accessToken).expect(200);
  });

  it('refuses a token verified before once it has expired', async () => {
    const { body } = await login('gv.baichay').expect(200);
    const claims = JSON.parse(Buffer.from(body.accessToken.split('.')[1], 'base64url').toString());
    const short = t.app.get(JwtService).sign(
      { sub: claims.sub, role: claims.role, epoch: claims.epoch },
      { issuer: 'hocvuso', audience: 'hocvuso-api', expiresIn: 1 },
    );
    await me(short).expect(200);
    await new Promise((r) => setTimeout(r, 1100));
    const res = await me(short).expect(401);
    expect(res.body.error.code).toBe('INVALID_TOKEN');
  });

  it('rotates refresh tokens, and a reused one ends the whole session', async () => {
    const first = (await login('tinh.quangninh').expect(200)).body;
    const second = (await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await me(second.accessToken).expect(200);
    const reused = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    expect(reused.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    // the thief's or the owner's newer token is dead too: the family was revoked
    const after = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    expect(after.body.error.code).toBe('INVALID_TOKEN');
  });

  it('lets only one of two simultaneous refreshes with the same token through', async () => {
    const first = (await login('khuvuc.halong').expect(200)).body;
    const results = await Promise.all(
      [1, 2].map(() => t.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(results.find((r) => r.status === 401)?.body.error.code).toBe('REFRESH_TOKEN_REUSED');
  });

  it('stores refresh tokens only as hashes', async () => {
    const { body } = await login('admin').expect(200);
    const rows = await t.db.query('SELECT token_hash FROM identity_refresh_tokens');
    const stored = rows.map((r: { token_hash: Buffer }) => r.token_hash.toString('latin1')).join('|');
    expect(stored).not.toContain(body.refreshToken);
    expect(stored).not.toContain(body.refreshToken.split('.')[1]);
  });

  it('logout ends one session; logout everywhere ends all of them, access tokens included', async () => {
    const a = (await login('admin').expect(200)).body;
    const b = (await login('admin').expect(200)).body;
    await t.http.post('/api/v1/auth/logout').send({ refreshToken: a.refreshToken }).expect(204);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: a.refreshToken }).expect(401);
    await me(b.accessToken).expect(200);
    await t.http.post('/api/v1/auth/logout-all').set('authorization', `Bearer ${b.accessToken}`).expect(204);
    await me(b.accessToken).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: b.refreshToken }).expect(401);
    const again = (await login('admin').expect(200)).body;
    await me(again.accessToken).expect(200);
  });

  it('refuses a disabled account, at login and with tokens issued before', async () => {
    const { body } = await login('gv.baichay').expect(200);
    const account = await t.app.get(AccountRepository).findForLogin('gv.baichay');
    await t.db.query(`UPDATE identity_accounts SET status = 'disabled' WHERE id = $1`, [account?.id]);
    const res = await login('gv.baichay').expect(401);
    expect(res.body.error.code).toBe('ACCOUNT_DISABLED');
    await me(body.accessToken).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: body.refreshToken }).expect(401);
    await t.db.query(`UPDATE identity_accounts SET status = 'active' WHERE id = $1`, [account?.id]);
  });

  it('forgets a cached account as soon as it changes, in every api instance (LISTEN/NOTIFY)', async () => {
    const other = await createTestApp(AppModule, { sameSystemAs: t });
    try {
      const { body } = await login('gv.baichay').expect(200);
      const meOn = (app: TestApp) => request(app.app.getHttpServer()).get('/api/v1/auth/me').set('authorization', `Bearer ${body.accessToken}`);
      // both instances have now read (and keep) the account
      await meOn(t).expect(200);
      await meOn(other).expect(200);
      const account = await t.app.get(AccountRepository).findForLogin('gv.baichay');
      await t.db.query(`UPDATE identity_accounts SET status = 'disabled' WHERE id = $1`, [account?.id]);
      // the change reaches each instance soon after the commit (notified, not polled: the loop gives it 5 s)
      for (const app of [t, other]) {
        const started = Date.now();
        let status = 200;
        while (status === 200 && Date.now() - started < 5000) {
          status = (await meOn(app)).status;
          if (status === 200) await new Promise((r) => setTimeout(r, 10));
        }
        expect(status).toBe(401);
      }
      await t.db.query(`UPDATE identity_accounts SET status = 'active' WHERE id = $1`, [account?.id]);
      // this process's own writes are forgotten at once: logout everywhere through the other instance
      const again = (await login('gv.baichay').expect(200)).body;
      const meAgain = (app: TestApp) => request(app.app.getHttpServer()).get('/api/v1/auth/me').set('authorization', `Bearer ${again.accessToken}`);
      await meAgain(other).expect(200);
      await request(other.app.getHttpServer()).post('/api/v1/auth/logout-all').set('authorization', `Bearer ${again.accessToken}`).expect(204);
      await meAgain(other).expect(401);
    } finally {
      await other.close();
    }
  });
});

describe('changing one’s own password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
  });
  afterAll(() => t.close());

  const login = (password: string) => t.http.post('/api/v1/auth/login').send({ username: 'xa.baichay', password });

  it('needs the current password and a new one of at least 10 characters, different from it', async () => {
    const { body } = await login(DEMO_PASSWORD).expect(200);
    const auth = { authorization: `Bearer ${body.accessToken}` };
    const wrong = await t.http.post('/api/v1/auth/password').set(auth).send({ currentPassword: 'nope', newPassword: 'mat-khau-moi-2026' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const short = await t.http.post('/api/v1/auth/password').set(auth).send({ currentPassword: DEMO_PASSWORD, newPassword: 'short' });
    expect([short.status, short.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const same = await t.http.post('/api/v1/auth/password').set(auth).send({ currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD });
    expect([same.status, same.body.error.code]).toEqual([400, 'PASSWORD_UNCHANGED']);
    await t.http.post('/api/v1/auth/password').send({ currentPassword: DEMO_PASSWORD, newPassword: 'mat-khau-moi-2026' }).expect(401);
  });

  it('changes it and ends every session', async () => {
    const { body } = await login(DEMO_PASSWORD).expect(200);
    const auth = { authorization: `Bearer ${body.accessToken}` };
    await t.http.post('/api/v1/auth/password').set(auth).send({ currentPassword: DEMO_PASSWORD, newPassword: 'mat-khau-moi-2026' }).expect(204);
    await t.http.get('/api/v1/auth/me').set(auth).expect(401);
    await t.http.post('/api/v1/auth/refresh').send({ refreshToken: body.refreshToken }).expect(401);
    await login(DEMO_PASSWORD).expect(401);
    await login('mat-khau-moi-2026').expect(200);
  });
});
