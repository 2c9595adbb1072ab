import { DEMO_PASSWORD, LOGIN_LIMITS } from '@hvs/identity';
import { createTestApp, createTestAppWithDemoData, type TestApp } from '@hvs/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';

describe('login throttling (Redis, per account and per address)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
  });
  afterAll(() => t.close());

  const login = (username: string, password: string, ip = '203.0.113.10') =>
    t.http.post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ username, password });

  it('refuses an account after too many failures, with 429 and the time to wait, even with the right password', async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) await login('xa.baichay', `wrong-${i}`).expect(401);
    const blocked = await login('xa.baichay', DEMO_PASSWORD).expect(429);
    expect(blocked.body.error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(blocked.body.error.details.retryAfterSeconds).toBeGreaterThan(LOGIN_LIMITS.windowSeconds - 60);
    expect(Number(blocked.headers['retry-after'])).toBe(blocked.body.error.details.retryAfterSeconds);
    expect(blocked.body.error.message).toMatch(/Vui lòng thử lại sau 15 phút/);
    // from another address too: the account counter is per account
    await login('xa.baichay', DEMO_PASSWORD, '198.51.100.7').expect(429);
    // other accounts are not affected
    await login('gv.baichay', DEMO_PASSWORD).expect(200);
  });

  it('a successful login clears the account counter', async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++) await login('tinh.quangninh', 'wrong', '192.0.2.50').expect(401);
    await login('tinh.quangninh', DEMO_PASSWORD, '192.0.2.50').expect(200);
    for (let i = 0; i < LOGIN_LIMITS.perAccount - 1; i++) await login('tinh.quangninh', 'wrong', '192.0.2.50').expect(401);
    await login('tinh.quangninh', DEMO_PASSWORD, '192.0.2.50').expect(200);
  });

  it('refuses an address that tries many accounts, and holds across api instances sharing Redis', async () => {
    const second = await createTestApp(AppModule, { sameSystemAs: t });
    try {
      const ip = '203.0.113.99';
      for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) {
        const http = i % 2 === 0 ? t.http : request(second.app.getHttpServer());
        await http.post('/api/v1/auth/login').set('x-forwarded-for', ip).send({ username: `guess${i}`, password: 'x' }).expect(401);
      }
      const res = await request(second.app.getHttpServer())
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', ip)
        .send({ username: 'admin', password: DEMO_PASSWORD })
        .expect(429);
      expect(res.body.error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      await login('admin', DEMO_PASSWORD, '203.0.113.100').expect(200);
    } finally {
      await second.close();
    }
  });
});
