import { Module } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { certificateJobId, OutboxDispatcher, QueueName } from '@hvs/platform';
import { completeCourse, coreCourseVersion, createTestAppWithDemoData, registerPerson, RegistryTestModule, type TestApp } from '@hvs/testing';
import type { Queue } from 'bullmq';
import { CertificateRelay, CertificatesModule } from '../src';
import { isValidSerial } from '../src/certificates/serial';

@Module({ imports: [RegistryTestModule, CertificatesModule] })
class TestModule {}

describe('certificates: created from course completion, relayed to the queue', () => {
  let t: TestApp;
  let course: { courseId: string; versionId: string };
  let dispatcher: OutboxDispatcher;
  let relay: CertificateRelay;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(TestModule);
    course = await coreCourseVersion(t);
    dispatcher = t.app.get(OutboxDispatcher);
    relay = t.app.get(CertificateRelay);
    queue = t.app.get(getQueueToken(QueueName.Certificates));
  });
  afterAll(() => t.close());

  const certificatesOf = (residentId: string) =>
    t.db.query(`SELECT id, serial, verification_code, state, submission, commune_code, village_code, path::text AS path, relayed_at
                  FROM certificates_certificates WHERE resident_id = $1`, [residentId]);

  it('creates one pending certificate per resident and version, with a serial of the resident\'s province and their place', async () => {
    const person = await registerPerson(t);
    await completeCourse(t, person.id, course);
    await dispatcher.dispatchBatch();
    const [cert] = await certificatesOf(person.id);
    expect(cert).toMatchObject({ state: 'pending', submission: 1, commune_code: '06673', relayed_at: null });
    expect(cert.path).toMatch(/^22\.06673/);
    expect(cert.serial).toMatch(new RegExp(`^22-${new Date().getFullYear()}-\\d{7}-\\d$`));
    expect(isValidSerial(cert.serial)).toBe(true);
    expect(cert.verification_code).not.toContain(cert.serial.replace(/-/g, ''));
    const [event] = await t.db.query(`SELECT published_at FROM outbox_events WHERE payload->>'residentId' = $1`, [person.id]);
    expect(event.published_at).not.toBeNull();
    const history = await t.db.query(`SELECT from_state, to_state FROM certificates_state_changes WHERE certificate_id = $1`, [cert.id]);
    expect(history).toEqual([{ from_state: null, to_state: 'pending' }]);

    // the same completion again (an event replayed under another key) makes no second certificate
    await t.db.query(
      `INSERT INTO outbox_events (topic, dedupe_key, payload) SELECT topic, dedupe_key || ':again', payload FROM outbox_events WHERE payload->>'residentId' = $1`,
      [person.id],
    );
    await dispatcher.dispatchBatch();
    expect(await certificatesOf(person.id)).toHaveLength(1);
  });

  it('numbers serials in sequence within the province and year', async () => {
    const a = await registerPerson(t);
    const b = await registerPerson(t);
    await completeCourse(t, a.id, course);
    await completeCourse(t, b.id, course);
    await dispatcher.dispatchBatch();
    const [[ca], [cb]] = await Promise.all([certificatesOf(a.id), certificatesOf(b.id)]);
    const seq = (s: string) => Number(s.split('-')[2]);
    expect(seq(cb.serial)).toBe(seq(ca.serial) + 1);
  });

  it('relays pending certificates once as jobs with deterministic ids, and the sweep re-adds jobs Redis lost', async () => {
    const person = await registerPerson(t);
    await completeCourse(t, person.id, course);
    await dispatcher.dispatchBatch();
    const [cert] = await certificatesOf(person.id);
    expect(await relay.relayBatch()).toBeGreaterThanOrEqual(1);
    expect(await relay.relayBatch()).toBe(0); // relayed_at set: nothing to relay again
    const id = certificateJobId(cert.id, 1);
    expect(id).toBe(`certificate-issue-${cert.id}-1`);
    const job = await queue.getJob(id);
    expect(job?.data).toEqual({ certificateId: cert.id, submission: 1 });

    // a second relay of the same certificate (another worker, a retry) collapses into the same job
    await t.db.query(`UPDATE certificates_certificates SET relayed_at = NULL WHERE id = $1`, [cert.id]);
    await relay.relayBatch();
    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized')).toBe(await t.db.query(
      `SELECT count(*)::int AS n FROM certificates_certificates WHERE state = 'pending'`).then((r: Array<{ n: number }>) => r[0].n));

    // Redis loses its data: the sweep re-feeds from PostgreSQL, once
    await queue.obliterate({ force: true });
    expect(await queue.getJob(id)).toBeUndefined();
    expect(await relay.sweep(3600)).toBe(0); // relayed less than an hour ago: left alone
    await t.db.query(`UPDATE certificates_certificates SET relayed_at = now() - interval '2 minutes' WHERE state = 'pending'`);
    const pending = (await t.db.query(`SELECT count(*)::int AS n FROM certificates_certificates WHERE state = 'pending'`))[0].n;
    expect(await relay.sweep()).toBe(pending);
    expect((await queue.getJob(id))?.data).toEqual({ certificateId: cert.id, submission: 1 });
    expect(await relay.sweep()).toBe(0);

    // page by page (one certificate a page; they share one relay time, so the id breaks the tie): every one is seen once
    expect(pending).toBeGreaterThan(1);
    await queue.obliterate({ force: true });
    expect(await relay.sweep(60, 1)).toBe(pending);
    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized')).toBe(pending);
  });

  it('keeps at most maxQueued jobs in Redis: the rest of a backlog waits in PostgreSQL until there is room', async () => {
    for (let k = 0; k < 3; k++) await completeCourse(t, (await registerPerson(t)).id, course);
    await dispatcher.dispatchBatch();
    const unrelayed = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM certificates_certificates WHERE state = 'pending' AND relayed_at IS NULL`))[0].n as number;
    const backlog = await unrelayed();
    expect(backlog).toBeGreaterThanOrEqual(3);
    const queued = await queue.getJobCountByTypes('waiting', 'prioritized', 'delayed', 'active');
    expect(await relay.relayBatch(500, queued + 2)).toBe(2);
    expect(await relay.relayBatch(500, queued + 2)).toBe(0); // full: nothing claimed, nothing marked
    expect(await unrelayed()).toBe(backlog - 2);
    expect(await queue.getJobCountByTypes('waiting', 'prioritized', 'delayed', 'active')).toBe(queued + 2);
    expect(await relay.relayBatch(500, queued + 100)).toBe(backlog - 2);
    expect(await unrelayed()).toBe(0);
  });
});
