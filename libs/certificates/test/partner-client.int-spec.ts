import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { register } from 'prom-client';
import { DEVELOPMENT_KEYS } from '@hvs/platform';
import { startPartnerMock, type PartnerMock } from '@hvs/testing';
import { idempotencyKeyOf, PartnerClient } from '../src/partner/partner-client';
import { PartnerError } from '../src/partner/partner-error';
import { RedisRateLimiter } from '../src/partner/rate-limiter';

const CLIENT_ID = 'hocvuso';
const CLIENT_SECRET = DEVELOPMENT_KEYS.VNEID_CLIENT_SECRET;
/** The demo resident the mock knows (apps/vneid-mock/src/citizens/known-citizens.ts). */
const BAY = { cccd: '022062912001', fullName: 'Trần Văn Bảy', birthDate: '1962-05-20' };

/** A well-formed compact JWS (not signed by anyone): the partner checks its shape. */
function fakeCredential(serial: string): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'EdDSA', kid: 'test-1' })}.${part({ serial })}.c2lnbmF0dXJl`;
}

function credentialBody(serial: string, overrides: Record<string, unknown> = {}) {
  return { serial, courseCode: 'KNS-CB', courseVersion: 1, issuedAt: '2026-03-01', issuingUnitCode: '06673', holder: BAY, credential: fakeCredential(serial), ...overrides };
}

const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('partner client against the real mock', () => {
  let mock: PartnerMock;
  const prefix = `test-${process.pid}-${randomBytes(3).toString('hex')}`;
  const clients: PartnerClient[] = [];
  const client = (limiter?: RedisRateLimiter, timeoutMs = 5000, maxInlineRateLimitWaitMs?: number) => {
    const c = new PartnerClient({ baseUrl: mock.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, timeoutMs, limiter, maxInlineRateLimitWaitMs });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    mock = await startPartnerMock({ VNEID_TOKEN_TTL_SECONDS: '2' });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await mock?.stop();
    const redis = new IORedis(TEST_REDIS_URL);
    await redis.del(`${prefix}:vneid:rate`);
    redis.disconnect();
  });
  beforeEach(async () => {
    await mock.admin('POST', '/admin/reset');
  });

  const tokensIssued = async () => (await mock.admin('GET', '/admin/inspection')).body.counters.tokensIssued as number;

  it('shares one token between concurrent callers and gets a new one before it runs out', async () => {
    const c = client();
    const answers = await Promise.all(Array.from({ length: 10 }, () => c.verifyCitizen(BAY)));
    expect(answers.every((a) => a.result === 'match')).toBe(true);
    expect(await tokensIssued()).toBe(1);
    await new Promise((r) => setTimeout(r, 2100)); // the 2 s token is over
    expect(await c.verifyCitizen(BAY)).toEqual({ result: 'match' });
    expect(await tokensIssued()).toBe(2);
  });

  it('gets a new token once when the partner refuses the current one', async () => {
    const c = client();
    await c.verifyCitizen(BAY);
    // make the cached token look valid although it is not: replace it with a tampered one
    const tokens = (c as unknown as { tokens: { current: { value: string; refreshAt: number } } }).tokens;
    tokens.current = { value: `${tokens.current.value}x`, refreshAt: Date.now() + 60_000 };
    expect(await c.verifyCitizen(BAY)).toEqual({ result: 'match' });
    expect(await tokensIssued()).toBe(2);
  });

  it('records with an idempotency key: a retry is a replay, a mismatch is rejected naming the field', async () => {
    const c = client();
    const body = credentialBody('22-2026-0000001-5');
    const first = await c.recordCredential('cert-1', body);
    const again = await c.recordCredential('cert-1', body);
    expect(again).toMatchObject({ reference: first.reference, replayed: true });
    const other = await c.recordCredential('cert-2', body);
    expect(other).toMatchObject({ reference: first.reference, alreadyRecorded: true });
    const err = await c
      .recordCredential('cert-3', credentialBody('22-2026-0000002-3', { holder: { ...BAY, fullName: 'Tran Van Bay' } }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PartnerError);
    expect(err).toMatchObject({ kind: 'rejected', reason: 'mismatch', field: 'fullName' });
    expect(await c.getCredential(first.reference)).toMatchObject({ serial: body.serial, status: 'recorded' });
    expect(await c.getCredential('VNC-NOPE')).toBeNull();
    const page = await c.listCredentials({ limit: 10 });
    expect(page.items.map((i) => i.reference)).toEqual([first.reference]);
    expect(await c.revokeCredential(first.reference, 'Cấp nhầm người')).toMatchObject({ status: 'revoked' });
    expect(idempotencyKeyOf('abc', 1)).toBe('abc');
    expect(idempotencyKeyOf('abc', 2)).toBe('abc-2');
  });

  it('classifies 429 with Retry-After, 5xx and timeouts', async () => {
    const c = client(undefined, 300, 0); // no inline wait: every 429 reaches the caller
    await c.verifyCitizen(BAY);
    await mock.admin('PUT', '/admin/faults', { rateLimitRps: 1 });
    const results = await Promise.allSettled([c.verifyCitizen(BAY), c.verifyCitizen(BAY), c.verifyCitizen(BAY)]);
    const limited = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as PartnerError);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ kind: 'rate_limited', status: 429 });
    expect(limited[0].retryAfterMs).toBeGreaterThan(0);
    await mock.admin('PUT', '/admin/faults', { rateLimitRps: 0, errorRate: 1, faultAfterShare: 0 });
    await expect(c.verifyCitizen(BAY)).rejects.toMatchObject({ kind: 'transient' });
    await mock.admin('PUT', '/admin/faults', { errorRate: 0, hangRate: 1 });
    await expect(c.verifyCitizen(BAY)).rejects.toMatchObject({ kind: 'transient', code: 'TIMEOUT' });
    const metrics = await register.getSingleMetricAsString('hvs_partner_requests_total');
    expect(metrics).toMatch(/operation="verify_citizen",outcome="rate_limited"/);
  });

  it('waits out a short 429 itself, holding back every caller, and answers', async () => {
    const c = client();
    await c.verifyCitizen(BAY);
    await mock.admin('PUT', '/admin/faults', { rateLimitRps: 2 });
    const answers = await Promise.all(Array.from({ length: 5 }, () => c.verifyCitizen(BAY)));
    expect(answers.every((a) => a.result === 'match')).toBe(true);
  });

  it('a limiter shared through Redis by two clients keeps them both under the partner limit', async () => {
    await mock.admin('PUT', '/admin/faults', { rateLimitRps: 20 });
    const key = `${prefix}:vneid:rate`;
    const a = client(new RedisRateLimiter(TEST_REDIS_URL, key, 18));
    const b = client(new RedisRateLimiter(TEST_REDIS_URL, key, 18));
    const started = Date.now();
    const all = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).verifyCitizen(BAY)));
    const elapsed = Date.now() - started;
    expect(all.filter((r) => r.status === 'rejected')).toEqual([]);
    // 40 calls (plus two token requests) at 18/s take about two seconds
    expect(elapsed).toBeGreaterThan(1500);
    expect((await mock.admin('GET', '/admin/inspection')).body.counters.rateLimited).toBe(0);
  });
});
