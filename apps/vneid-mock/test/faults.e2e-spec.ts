import { BAY, credentialBody, startMock, type Answer, type MockServer } from '@hvs/testing';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('vneid-mock: faults, by configuration and at run time', () => {
  let m: MockServer;
  let token: string;
  const verify = (timeoutMs?: number) => m.call('POST', '/v1/citizens/verify', { token, body: BAY, timeoutMs });
  const record = (key: string, serial: string, timeoutMs?: number) =>
    m.call('POST', '/v1/credentials', { token, body: credentialBody(serial), headers: { 'idempotency-key': key }, timeoutMs });
  const inspection = async () => (await m.admin('GET', '/admin/inspection')).body;
  const faults = async (patch: Record<string, unknown>) => {
    const res = await m.admin('PUT', '/admin/faults', patch);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    m = await startMock({ VNEID_SEED: 'faults-e2e', VNEID_ERROR_RATE: '0.1', VNEID_TOKEN_TTL_SECONDS: '3600' });
  });
  beforeEach(async () => {
    await m.admin('POST', '/admin/reset');
    await faults({ errorRate: 0 });
    token = await m.token();
  });
  afterAll(() => m.close());

  it('limits all clients together to the rate, answering 429 with Retry-After, and lets a client at the rate through', async () => {
    await faults({ rateLimitRps: 5 });
    const burst = await Promise.all(Array.from({ length: 12 }, () => verify()));
    // the token endpoint counts too: right after the burst (a slow machine may refill a slot or two meanwhile)
    const tokenCalls = await Promise.all(Array.from({ length: 3 }, () => m.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials' } })));
    const tokensLimited = tokenCalls.filter((r) => r.status === 429).length;
    expect(tokensLimited).toBeGreaterThanOrEqual(1);
    const limited = burst.filter((r) => r.status === 429);
    const passed = burst.filter((r) => r.status === 200).length;
    // one second's worth passes; on a slow machine the bucket may refill one more during the burst
    expect(passed === 5 || passed === 6).toBe(true);
    expect(limited).toHaveLength(12 - passed);
    for (const r of limited) {
      expect(r.body.error.code).toBe('RATE_LIMITED');
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.body.error.details.retryAfterMs).toBeGreaterThan(0);
      expect(r.body.error.details.retryAfterMs).toBeLessThanOrEqual(200);
    }
    await sleep(1000);
    const paced: Answer[] = [];
    for (let i = 0; i < 8; i++) {
      paced.push(await verify());
      await sleep(205);
    }
    expect(paced.map((r) => r.status)).toEqual(new Array(8).fill(200));
    const seen = await inspection();
    expect(seen.counters.rateLimited).toBe(limited.length + tokensLimited);
    expect(seen.counters.byStatus['429']).toBe(limited.length + tokensLimited);
  });

  it('answers a share of requests with 5xx, the same sequence for the same seed, another for another seed', async () => {
    const run = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 150; i++) statuses.push((await verify()).status);
      return statuses;
    };
    await faults({ errorRate: 0.3, faultAfterShare: 0, seed: 'faults-e2e' }); // the sequence from its start
    const first = await run();
    const errors = first.filter((s) => s >= 500).length;
    expect(errors).toBeGreaterThan(25);
    expect(errors).toBeLessThan(70);
    expect(new Set(first.filter((s) => s >= 500))).toEqual(new Set([500, 502, 503]));
    const seen = await inspection();
    expect(seen.counters.serverErrors).toBe(errors);
    expect(seen.counters.injected.errorsBefore).toBe(errors);
    expect(seen.counters.requests).toBe(151); // the token's request too

    await faults({ seed: 'faults-e2e' }); // restart the sequence
    expect(await run()).toEqual(first);
    await faults({ seed: 'another-seed' });
    expect(await run()).not.toEqual(first);
    await m.admin('POST', '/admin/reset'); // back to the configured seed, sequence restarted
    await faults({ errorRate: 0.3, faultAfterShare: 0 });
    expect(await run()).toEqual(first); // tokens outlive a reset
  });

  it('fails some writes before the work (nothing recorded) and some after it (recorded, answer lost, the retry replays)', async () => {
    await faults({ errorRate: 1, faultAfterShare: 0 });
    const before = await record('fault-1', '22-2026-200001-K');
    expect(before.status).toBeGreaterThanOrEqual(500);
    expect(before.body.error.code).toMatch(/^PARTNER_/);
    expect((await inspection()).totals.credentials).toBe(0);

    await faults({ faultAfterShare: 1 });
    const after = await record('fault-2', '22-2026-200002-K');
    expect(after.status).toBeGreaterThanOrEqual(500);
    expect(after.headers.get('location')).toBeNull();
    const seen = await inspection();
    expect(seen.credentials.map((c: { serial: string }) => c.serial)).toEqual(['22-2026-200002-K']);
    expect(seen.counters.injected).toMatchObject({ errorsBefore: 1, errorsAfter: 1 });

    await faults({ errorRate: 0 });
    const retryBefore = await record('fault-1', '22-2026-200001-K');
    expect([retryBefore.status, retryBefore.headers.get('idempotent-replayed')]).toEqual([201, null]);
    const retryAfter = await record('fault-2', '22-2026-200002-K');
    expect([retryAfter.status, retryAfter.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(retryAfter.body.reference).toBe(seen.credentials[0].reference);
    expect((await inspection()).totals.credentials).toBe(2);
  });

  it('leaves some requests unanswered until the client gives up, before or after the work', async () => {
    await faults({ hangRate: 1, faultAfterShare: 0 });
    const started = Date.now();
    await expect(record('hang-1', '22-2026-300001-K', 400)).rejects.toThrow(/aborted|timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect((await inspection()).totals.credentials).toBe(0);

    await faults({ faultAfterShare: 1 });
    await expect(record('hang-2', '22-2026-300002-K', 400)).rejects.toThrow(/aborted|timeout/i);
    const seen = await inspection();
    expect(seen.credentials.map((c: { serial: string }) => c.serial)).toEqual(['22-2026-300002-K']);
    expect(seen.counters.injected).toMatchObject({ hangsBefore: 1, hangsAfter: 1 });
    expect(seen.counters.byStatus['201']).toBeUndefined(); // never sent

    await faults({ hangRate: 0 });
    expect((await record('hang-2', '22-2026-300002-K')).headers.get('idempotent-replayed')).toBe('true');
    expect((await record('hang-1', '22-2026-300001-K')).headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers everything with 503 during an outage, from the configuration or at run time', async () => {
    await faults({ outage: true });
    for (const res of [await verify(), await m.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials' } })]) {
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('PARTNER_UNAVAILABLE');
      expect(res.headers.get('retry-after')).toBe('5');
    }
    expect((await inspection()).counters.injected.outage).toBe(2);
    await faults({ outage: false });
    expect((await verify()).status).toBe(200);

    const down = await startMock({ VNEID_OUTAGE: 'true' });
    try {
      expect((await down.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials' } })).status).toBe(503);
    } finally {
      await down.close();
    }
  });

  it('delays every partner request by the latency plus a random jitter', async () => {
    await faults({ latencyMs: 150 });
    for (let i = 0; i < 3; i++) expect((await verify()).ms).toBeGreaterThanOrEqual(145);
    expect((await m.admin('GET', '/admin/faults')).ms).toBeLessThan(100); // admin calls are never delayed
    await faults({ latencyMs: 50, latencyJitterMs: 200 });
    const times: number[] = [];
    for (let i = 0; i < 10; i++) times.push((await verify()).ms);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(45);
    expect(Math.max(...times)).toBeLessThan(600);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(40);
  });

  it('starts from the configured faults and comes back to them on reset; refuses bad settings', async () => {
    const fresh = await startMock({ VNEID_ERROR_RATE: '1', VNEID_FAULT_AFTER_SHARE: '0', VNEID_LATENCY_MS: '5' });
    try {
      expect((await fresh.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials' } })).status).toBeGreaterThanOrEqual(500);
      expect((await fresh.admin('GET', '/admin/faults')).body).toMatchObject({ errorRate: 1, faultAfterShare: 0, latencyMs: 5 });
      await fresh.admin('PUT', '/admin/faults', { errorRate: 0, latencyMs: 0 });
      expect((await fresh.admin('POST', '/admin/reset')).body).toMatchObject({ reset: true, faults: { errorRate: 1, latencyMs: 5 } });
    } finally {
      await fresh.close();
    }
    expect((await m.admin('GET', '/admin/faults')).body.errorRate).toBe(0);
    expect((await m.admin('POST', '/admin/reset')).body.faults.errorRate).toBe(0.1); // this server's configuration
    for (const bad of [{ errorRate: 1.5 }, { latencyMs: -1 }, { outage: 'yes' }, { rateLimitRps: 1.5 }, { seed: 'a b' }, { nonsense: 1 }]) {
      const res = await m.admin('PUT', '/admin/faults', bad);
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const res = await m.admin('PUT', '/admin/faults', { errorRate: 0.7, hangRate: 0.5 });
    expect([res.status, res.body.error.code]).toEqual([400, 'FAULT_RATES_TOO_HIGH']);
    expect((await m.admin('GET', '/admin/faults')).body).toMatchObject({ errorRate: 0.1, hangRate: 0 });
  });

  it('releases requests left hanging when it shuts down', async () => {
    const hanging = await startMock({ VNEID_HANG_RATE: '1' });
    const pending = hanging.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials' }, timeoutMs: 20_000 }).then(
      () => 'answered',
      () => 'dropped',
    );
    await sleep(200);
    const started = Date.now();
    await hanging.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await pending).toBe('dropped');
  });
});
