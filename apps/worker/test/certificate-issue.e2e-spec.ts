import { Module } from '@nestjs/common';
import { Reconciliation } from '@hvs/certificates';
import { JobName, QueueName, redisOptionsFromUrl } from '@hvs/platform';
import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import { completeCourse, coreCourseVersion, createTestAppWithDemoData, registerPerson, RegistryTestModule, startPartnerMock, type PartnerMock, type TestApp } from '@hvs/testing';

type TestPerson = Awaited<ReturnType<typeof registerPerson>>;
import { WorkerModule } from '../src/worker.module';

/** The worker, plus the registry's routes to register residents as a commune officer does. */
@Module({ imports: [WorkerModule, RegistryTestModule] })
class WorkerWithRegistry {}

interface CertificateState {
  id: string;
  serial: string;
  state: string;
  submission: number;
  attempts: number;
  partner_reference: string | null;
  rejection_code: string | null;
  rejection_reason: string | null;
  last_error: string | null;
  credential_jwt: string | null;
}

describe('worker: issues certificates at the VNeID partner', () => {
  let mock: PartnerMock;
  let t: TestApp;
  let course: { courseId: string; versionId: string };

  beforeAll(async () => {
    mock = await startPartnerMock();
    t = await createTestAppWithDemoData(WorkerWithRegistry, {
      env: { VNEID_BASE_URL: mock.url, VNEID_TIMEOUT_MS: '1000', CERTIFICATE_MAX_ATTEMPTS: '3', CERTIFICATE_CONCURRENCY: '4' },
    });
    course = await coreCourseVersion(t);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await mock?.stop();
  });

  const certificateOf = async (residentId: string): Promise<CertificateState | undefined> =>
    (
      await t.db.query(
        `SELECT id, serial, state, submission, attempts, partner_reference, rejection_code, rejection_reason, last_error, credential_jwt
           FROM certificates_certificates WHERE resident_id = $1`,
        [residentId],
      )
    )[0];

  /** Waits until the resident's certificate leaves `pending`. */
  const settled = async (residentId: string, timeoutMs = 20_000): Promise<CertificateState> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const c = await certificateOf(residentId);
      if (c && c.state !== 'pending') return c;
      if (Date.now() > until) throw new Error(`certificate of ${residentId} still ${c?.state ?? 'missing'}: ${JSON.stringify(c)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /** A resident the partner's registry knows exactly as registered here. */
  const knownPerson = async (): Promise<TestPerson> => {
    const p = await registerPerson(t);
    await mock.admin('POST', '/admin/citizens', { citizens: [{ cccd: p.cccd, fullName: p.fullName, birthDate: p.birthDate }] });
    return p;
  };

  it('a resident who completed the course becomes recognised, with the partner reference and the signed credential', async () => {
    const p = await knownPerson();
    await completeCourse(t, p.id, course);
    const c = await settled(p.id);
    expect(c).toMatchObject({ state: 'recognised', rejection_code: null });
    expect(c.partner_reference).toMatch(/^VNC-/);
    expect(c.credential_jwt?.split('.')).toHaveLength(3);
    // the credential attests the competencies the course version's lessons teach, in framework order
    const payload = JSON.parse(Buffer.from(String(c.credential_jwt).split('.')[1], 'base64url').toString('utf8'));
    const taught: Array<{ code: string; name: string }> = await t.db.query(
      `SELECT DISTINCT c.code, c.name, c.position FROM learning_lessons l JOIN learning_lesson_competencies lc ON lc.lesson_id = l.id
         JOIN learning_competencies c ON c.code = lc.competency_code WHERE l.version_id = $1 ORDER BY c.position, c.code`,
      [course.versionId],
    );
    expect(taught.length).toBeGreaterThan(0);
    const alignment = (payload.vc ?? payload).credentialSubject.achievement.alignment as Array<{ targetCode: string; targetName: string }>;
    expect(alignment.map((a) => [a.targetCode, a.targetName])).toEqual(taught.map((c) => [c.code, c.name]));
    const partner = await mock.partner('GET', `/v1/credentials/${c.partner_reference}`);
    expect(partner.body).toMatchObject({ serial: c.serial, status: 'recorded', credential: c.credential_jwt });
    const [event] = await t.db.query(`SELECT payload FROM outbox_events WHERE topic = 'certificates.recognised' AND payload->>'certificateId' = $1`, [c.id]);
    expect(event.payload).toMatchObject({ residentId: p.id, partnerReference: c.partner_reference });
  });

  it('a resident without a CCCD is rejected, with a Vietnamese reason for the commune officer', async () => {
    const p = await registerPerson(t, { cccd: false });
    await completeCourse(t, p.id, course);
    const c = await settled(p.id);
    expect(c).toMatchObject({ state: 'rejected', rejection_code: 'CCCD_MISSING', partner_reference: null });
    expect(c.rejection_reason).toContain('căn cước công dân');
  });

  it('a resident the registry holds under another birth date is rejected, naming the field', async () => {
    const p = await registerPerson(t);
    await mock.admin('POST', '/admin/citizens', { citizens: [{ cccd: p.cccd, fullName: p.fullName, birthDate: '1901-01-01' }] });
    await completeCourse(t, p.id, course);
    const c = await settled(p.id);
    expect(c).toMatchObject({ state: 'rejected', rejection_code: 'CITIZEN_MISMATCH' });
    expect(c.rejection_reason).toContain('ngày sinh');
  });

  it('a partner failing every request ends the certificate failed after CERTIFICATE_MAX_ATTEMPTS, with the last error', async () => {
    const p = await knownPerson();
    await mock.admin('PUT', '/admin/faults', { errorRate: 1, faultAfterShare: 0 });
    try {
      await completeCourse(t, p.id, course);
      const c = await settled(p.id, 30_000);
      expect(c).toMatchObject({ state: 'failed', attempts: 3, partner_reference: null });
      expect(c.last_error).toMatch(/transient 50[023]/);
    } finally {
      await mock.admin('PUT', '/admin/faults', { errorRate: 0 });
    }
  }, 40_000);

  it('under faults, many certificates are each recorded once at the partner, each key used for one record', async () => {
    const people = await Promise.all(Array.from({ length: 12 }, () => knownPerson()));
    await mock.admin('PUT', '/admin/faults', { errorRate: 0.25, hangRate: 0.05, faultAfterShare: 0.5, seed: 'issue-e2e' });
    try {
      for (const p of people) await completeCourse(t, p.id, course);
      const states = await Promise.all(people.map((p) => settled(p.id, 40_000)));
      // with 30% faults some may exhaust 3 attempts; none may be recorded twice
      const recognised = states.filter((c) => c.state === 'recognised');
      expect(recognised.length).toBeGreaterThan(0);
    } finally {
      await mock.admin('PUT', '/admin/faults', { errorRate: 0, hangRate: 0 });
    }
    const inspection = (await mock.admin('GET', '/admin/inspection')).body;
    expect(inspection.duplicates).toEqual([]);
    for (const k of inspection.idempotencyKeys) expect(k.recorded).toBeLessThanOrEqual(1);
    const recordedKeys = inspection.credentials.map((c: { idempotencyKey: string }) => c.idempotencyKey);
    expect(new Set(recordedKeys).size).toBe(recordedKeys.length);
  }, 60_000);

  it('a partner answering 429 is waited for as Retry-After says, without counting attempts', async () => {
    const people = await Promise.all(Array.from({ length: 5 }, () => knownPerson()));
    const before = (await mock.admin('GET', '/admin/inspection')).body.counters.rateLimited as number;
    await mock.admin('PUT', '/admin/faults', { rateLimitRps: 3 });
    try {
      for (const p of people) await completeCourse(t, p.id, course);
      const states = await Promise.all(people.map((p) => settled(p.id, 40_000)));
      expect(states.map((c) => c.state)).toEqual(people.map(() => 'recognised'));
      expect(states.map((c) => c.attempts)).toEqual(people.map(() => 0));
    } finally {
      await mock.admin('PUT', '/admin/faults', { rateLimitRps: 0 });
    }
    expect((await mock.admin('GET', '/admin/inspection')).body.counters.rateLimited).toBeGreaterThan(before);
  }, 60_000);

  it('reconciliation finds no difference, then reports and fixes a certificate recorded there but not recognised here', async () => {
    const reconciliation = t.app.get(Reconciliation);
    // certificates that failed after the partner recorded them (a lost answer) are the fixable kind: repair them first
    await reconciliation.run({ fix: true, requestedBy: null });
    const clean = await reconciliation.run({ fix: false, requestedBy: null });
    expect(clean.differences).toEqual([]);
    expect(clean.checked).toBeGreaterThan(0);

    const p = await knownPerson();
    await completeCourse(t, p.id, course);
    const c = await settled(p.id);
    expect(c.state).toBe('recognised');
    await t.db.query(
      `UPDATE certificates_certificates SET state = 'pending', partner_reference = NULL, credential_jwt = NULL, recognised_at = NULL WHERE id = $1`,
      [c.id],
    );
    const found = await reconciliation.run({ fix: false, requestedBy: null });
    expect(found.differences).toEqual([expect.objectContaining({ kind: 'not_recognised_here', certificateId: c.id, serial: c.serial })]);
    expect(found.fixed).toBe(0);

    const fixed = await reconciliation.run({ fix: true, requestedBy: null });
    expect(fixed.fixed).toBe(1);
    expect(await certificateOf(p.id)).toMatchObject({ state: 'recognised', partner_reference: c.partner_reference, credential_jwt: c.credential_jwt });
    expect((await reconciliation.run({ fix: false, requestedBy: null })).differences).toEqual([]);
  }, 40_000);

  it('a revoked certificate is revoked at the partner through the queue, once, with the officer\'s reason', async () => {
    const p = await knownPerson();
    await completeCourse(t, p.id, course);
    const c = await settled(p.id);
    expect(c.state).toBe('recognised');
    // what the revocation route writes: the state, its history line with the reason, the outbox event
    await t.db.transaction(async (tx) => {
      await tx.query(`UPDATE certificates_certificates SET state = 'revoked', revoked_at = now() WHERE id = $1`, [c.id]);
      await tx.query(
        `INSERT INTO certificates_state_changes (certificate_id, from_state, to_state, submission, reason, actor) VALUES ($1, 'recognised', 'revoked', 1, 'Cấp nhầm người', 'test')`,
        [c.id],
      );
      const payload = { certificateId: c.id, residentId: p.id, courseVersionId: course.versionId, communeCode: '06673', villageCode: null, wasRecognised: true, reason: 'Cấp nhầm người', revokedBy: 'test', revokedAt: new Date().toISOString() };
      await tx.query(`INSERT INTO outbox_events (topic, dedupe_key, payload) VALUES ('certificates.revoked', $1, $2::jsonb)`, [`certificates.revoked:${c.id}`, JSON.stringify(payload)]);
    });
    const until = Date.now() + 15_000;
    let row: { partner_revoked_at: Date | null } | undefined;
    do {
      await new Promise((r) => setTimeout(r, 100));
      [row] = await t.db.query(`SELECT partner_revoked_at FROM certificates_certificates WHERE id = $1`, [c.id]);
    } while (!row?.partner_revoked_at && Date.now() < until);
    expect(row?.partner_revoked_at).not.toBeNull();
    const partner = await mock.partner('GET', `/v1/credentials/${c.partner_reference}`);
    expect(partner.body).toMatchObject({ status: 'revoked', revocationReason: 'Cấp nhầm người' });
    // reconciliation agrees: revoked on both sides
    expect((await t.app.get(Reconciliation).run({ fix: false, requestedBy: null })).differences).toEqual([]);
  }, 30_000);

  it('runs reconciliation as a job of the certificates queue, scheduled daily', async () => {
    const connection = redisOptionsFromUrl(process.env.REDIS_URL as string, { maxRetriesPerRequest: null }) as ConnectionOptions;
    const prefix = `${t.redisPrefix}:bull`;
    const queue = new Queue(QueueName.Certificates, { connection, prefix });
    const events = new QueueEvents(QueueName.Certificates, { connection, prefix });
    try {
      await events.waitUntilReady();
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'certificate-reconcile-daily', name: JobName.ReconcileCertificates })]));
      const job = await queue.add(JobName.ReconcileCertificates, { fix: false, requestedBy: null });
      const result = await job.waitUntilFinished(events, 15_000);
      expect(result).toMatchObject({ differences: [], fixed: 0 });
      expect(result.checked).toBeGreaterThan(0);
    } finally {
      await events.close();
      await queue.close();
    }
  });
});
