import { DEVELOPMENT_KEYS, Metrics } from '@hvs/platform';
import { createTestApp, type TestApp } from '@hvs/testing';
import { WorkerModule } from '../src/worker.module';

describe('worker: GET /metrics (Prometheus) with the metrics token', () => {
  let t: TestApp;
  const token = { authorization: `Bearer ${DEVELOPMENT_KEYS.METRICS_TOKEN}` };

  beforeAll(async () => {
    t = await createTestApp(WorkerModule, { apiPrefix: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a scrape without the token, or with another one (401)', async () => {
    const none = await t.http.get('/metrics').expect(401);
    expect(none.body.error.code).toBe('UNAUTHORIZED');
    await t.http.get('/metrics').set({ authorization: 'Bearer not-the-metrics-token-at-all' }).expect(401);
    await t.http.get('/metrics').set({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }).expect(401);
  });

  it('answers the text exposition with the queue gauges, the outbox backlog, HTTP durations and default metrics', async () => {
    await t.http.get('/health/live').expect(200);
    const res = await t.http.get('/metrics').set(token).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = res.text;
    for (const queue of ['maintenance', 'certificates']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed']) {
        expect(text).toMatch(new RegExp(`^hvs_queue_jobs\\{queue="${queue}",state="${state}"\\} \\d+$`, 'm'));
      }
    }
    expect(text).toMatch(/^hvs_outbox_unpublished_events \d+$/m);
    expect(text).toMatch(/^hvs_outbox_oldest_unpublished_age_seconds [\d.e+-]+$/m);
    expect(text).toMatch(/^hvs_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} \d+$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).not.toMatch(/hvs_metrics_collect_failures_total\{/);
  });

  it('exposes metrics other code registers through the Metrics helper (same registry, reused by name)', async () => {
    const a = Metrics.counter({ name: 'hvs_test_things_total', help: 'things', labelNames: ['kind'] as const });
    const b = Metrics.counter({ name: 'hvs_test_things_total', help: 'things', labelNames: ['kind'] as const });
    expect(b).toBe(a);
    a.inc({ kind: 'x' }, 3);
    const res = await t.http.get('/metrics').set(token).expect(200);
    expect(res.text).toMatch(/^hvs_test_things_total\{kind="x"\} 3$/m);
  });
});
