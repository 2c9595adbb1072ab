import { DEVELOPMENT_KEYS } from '@hvs/platform';
import { bearer, createTestAppWithDemoData, registerTestResident, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';
import { API_OPENAPI_INFO } from '../src/openapi';

/** Operations on the api: Prometheus' /metrics and the Bull Board queue dashboard, for administrators only. */
describe('operations: metrics and the queue dashboard', () => {
  let t: TestApp;
  let admin: { authorization: string };
  let officer: { authorization: string };
  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule, { openApi: API_OPENAPI_INFO });
    admin = await bearer(t.http, 'admin');
    officer = await bearer(t.http, 'xa.baichay');
  });
  afterAll(() => t.close());

  it('refuses every role but the administrator, wherever its scope (403), on /metrics, the dashboard and its API', async () => {
    const resident = await registerTestResident(t, officer);
    const callers = [
      ...(await Promise.all(['tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay'].map((u) => bearer(t.http, u)))),
      resident.auth as { authorization: string },
    ];
    for (const caller of callers) {
      for (const path of ['/metrics', '/admin/queues', '/admin/queues/api/queues']) {
        const res = await t.http.get(path).set(caller);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
      }
    }
  });

  it('serves /metrics to the scrape token and administrators, labelled by route template', async () => {
    await t.http.get('/api/v1/geo/communes/06673').expect(200);
    await t.http.get('/metrics').expect(401);
    await t.http.get('/metrics').set(officer).expect(403);
    await t.http.get('/metrics').set('authorization', 'Bearer not-the-token-at-all').expect(401);
    const scraped = await t.http.get('/metrics').set('authorization', `Bearer ${DEVELOPMENT_KEYS.METRICS_TOKEN}`).expect(200);
    expect(scraped.headers['content-type']).toMatch(/^text\/plain/);
    expect(scraped.text).toMatch(/hvs_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/geo\/communes\/:code"/);
    expect(scraped.text).toMatch(/hvs_queue_jobs\{queue="certificates",state="waiting"\}/);
    expect(scraped.text).not.toContain('06673');
    await t.http.get('/metrics').set(admin).expect(200);
  });

  it('shows the queue dashboard to an administrator only', async () => {
    await t.http.get('/admin/queues').set('accept', 'application/json').expect(401);
    await t.http.get('/admin/queues').set(officer).expect(403);
    const page = await t.http.get('/admin/queues').set(admin).expect(200);
    expect(page.text).toMatch(/<html/i);
    const browser = await t.http.get('/admin/queues').set('accept', 'text/html');
    expect(browser.status).toBe(302);
    expect(browser.headers.location).toMatch(/^\/admin\/queues\/login/);
    const login = await t.http.get('/admin/queues/login').expect(200);
    expect(login.text).toMatch(/Đăng nhập/);
    const api = await t.http.get('/admin/queues/api/queues').set(admin).expect(200);
    expect(JSON.stringify(api.body)).toContain('certificates');
  });

  it('logs an administrator in with a cookie, refuses a wrong password in Vietnamese', async () => {
    const wrong = await t.http.post('/admin/queues/login').type('form').send({ username: 'admin', password: 'wrong-password' });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.text).toMatch(/không đúng/);
    const ok = await t.http.post('/admin/queues/login').type('form').send({ username: 'admin', password: 'hocvuso-demo' });
    expect(ok.status).toBe(303);
    const cookie = ([] as string[]).concat(ok.headers['set-cookie'] ?? []).find((c) => c.startsWith('hvs_queues_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    const session = (cookie as string).split(';')[0];
    const page = await t.http.get('/admin/queues').set('cookie', session).expect(200);
    expect(page.text).toMatch(/<html/i);
    const [event] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'queue_dashboard.login'`);
    expect(event.n).toBe(1);
    const out = await t.http.post('/admin/queues/logout').set('cookie', session);
    expect(out.status).toBeLessThan(400);
    expect(([] as string[]).concat(out.headers['set-cookie'] ?? []).join(';')).toMatch(/hvs_queues_session=;|Max-Age=0/i);
  });
});
