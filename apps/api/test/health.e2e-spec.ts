import { createTestApp, DisposableRedis, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not reached in time');
}

describe('health: readiness follows PostgreSQL and Redis, and the api survives their outages', () => {
  let redis: DisposableRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await DisposableRedis.start();
    t = await createTestApp(AppModule, { env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('is live and ready when both answer', async () => {
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('goes 503 when Redis is killed, stays live, and comes back when Redis returns', async () => {
    await redis.stop();
    await eventually(async () => (await t.http.get('/health/ready')).status === 503);
    const down = await t.http.get('/health/ready').expect(503);
    expect(down.body.error.code).toBe('NOT_READY');
    expect(down.body.error.details.error.redis.status).toBe('down');
    expect(down.body.error.details.info.database.status).toBe('up');
    await t.http.get('/health/live').expect(200);
    await t.http.get('/api/v1/geo/provinces/24').expect(200); // reads that need no Redis keep working

    await redis.restart();
    await eventually(async () => (await t.http.get('/health/ready')).status === 200);
  });

  it('survives PostgreSQL dropping every connection, and is ready again afterwards', async () => {
    await t.db.query('SELECT 1');
    const killer = await t.db.query(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [t.database.name],
    );
    expect(killer[0].n).toBeGreaterThanOrEqual(0);
    await eventually(async () => (await t.http.get('/health/ready')).status === 200);
    const res = await t.http.get('/api/v1/geo/communes/06673/villages'); // a read from PostgreSQL
    expect(res.status).toBe(200);
  });
});
