import { OutboxDispatcher } from '@hvs/platform';
import { bearer, completeCourse, coreCourseVersion, createTestAppWithDemoData, registerTestResident, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';

type Auth = { authorization: string };

describe('certificates for officers and residents', () => {
  let t: TestApp;
  let dispatcher: OutboxDispatcher;
  let course: { courseId: string; versionId: string };
  const as: Record<string, Auth> = {};
  let seq = 0;
  /** The resident with an account (Bãi Cháy) and their certificate. */
  let me: { id: string; auth: Auth; certificateId: string };

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    dispatcher = t.app.get(OutboxDispatcher);
    course = await coreCourseVersion(t);
    for (const u of ['admin', 'tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) as[u] = await bearer(t.http, u);
    const resident = await registerTestResident(t, as.admin, { communeCode: '06673' });
    me = { id: resident.id, auth: resident.auth as Auth, certificateId: await certify(resident.id) };
  });
  afterAll(() => t.close());

  /** A resident of the commune, registered by the admin (distinct birth dates keep them apart). */
  async function resident(communeCode: string, fullName = 'Trần Thị Chứng Nhận'): Promise<string> {
    const birthDate = new Date(Date.UTC(1955, 0, 1) + ++seq * 86_400_000).toISOString().slice(0, 10);
    const res = await t.http
      .post('/api/v1/residents')
      .set(as.admin)
      .send({ fullName, birthDate, sex: 'female', noSmartphone: true, communeCode, consent: { purposes: ['training_records', 'certificate_recognition'], method: 'assisted' } })
      .expect(201);
    return res.body.id;
  }
  /** The resident completes the core course; the dispatcher creates their pending certificate. */
  async function certify(residentId: string): Promise<string> {
    await completeCourse(t, residentId, course);
    while ((await dispatcher.dispatchBatch()).claimed > 0);
    const [row] = await t.db.query(`SELECT id FROM certificates_certificates WHERE resident_id = $1`, [residentId]);
    return row.id;
  }
  async function certificate(communeCode: string, fullName?: string): Promise<{ residentId: string; id: string }> {
    const residentId = await resident(communeCode, fullName);
    return { residentId, id: await certify(residentId) };
  }
  const setState = (id: string, state: 'rejected' | 'failed' | 'recognised') =>
    t.db.query(
      `UPDATE certificates_certificates SET state = $2, relayed_at = now(), attempts = 3, last_error = CASE WHEN $2 = 'failed' THEN 'HTTP 503' END,
         rejection_code = CASE WHEN $2 = 'rejected' THEN 'CITIZEN_MISMATCH' END,
         rejection_reason = CASE WHEN $2 = 'rejected' THEN 'Họ tên không khớp với dữ liệu căn cước.' END,
         partner_reference = CASE WHEN $2 = 'recognised' THEN 'VNEID-' || id END,
         credential_jwt = CASE WHEN $2 = 'recognised' THEN 'x.y.z' END,
         recognised_at = CASE WHEN $2 = 'recognised' THEN now() END
       WHERE id = $1`,
      [id, state],
    );
  const row = async (id: string) =>
    (await t.db.query(`SELECT state, submission, relayed_at, attempts, last_error, rejection_code, revoked_by, revocation_reason FROM certificates_certificates WHERE id = $1`, [id]))[0];
  const revokedEvents = async (id: string) =>
    (await t.db.query(`SELECT payload FROM outbox_events WHERE topic = 'certificates.revoked' AND payload->>'certificateId' = $1`, [id])) as Array<{ payload: Record<string, unknown> }>;

  describe('lists in scope', () => {
    it('lists the certificates of the caller\'s scope with the holder\'s name and the rejection reason, filtered in SQL', async () => {
      const own = await certificate('06673', 'Phạm Văn Đạt');
      const sibling = await certificate('06709');
      const other = await certificate('00004');
      await setState(own.id, 'rejected');
      const res = await t.http.get('/api/v1/certificates').query({ state: 'rejected', limit: 200 }).set(as['xa.baichay']).expect(200);
      const mine = res.body.items.find((c: { id: string }) => c.id === own.id);
      expect(mine).toMatchObject({
        state: 'rejected',
        holder: { residentId: own.residentId, fullName: 'Phạm Văn Đạt' },
        courseCode: 'KNS-CB',
        communeCode: '06673',
        rejectionCode: 'CITIZEN_MISMATCH',
        rejectionReason: 'Họ tên không khớp với dữ liệu căn cước.',
      });
      expect(mine.serial).toMatch(/^22-\d{4}-\d{7}-\d$/);
      expect(JSON.stringify(res.body)).not.toMatch(/cccd|personalData|verificationCode/i);
      for (const item of res.body.items) expect(item.state).toBe('rejected');

      const all = async (who: string) => {
        const ids: string[] = [];
        let cursor: string | null | undefined;
        do {
          const page = await t.http.get('/api/v1/certificates').query({ limit: 200, ...(cursor ? { cursor } : {}) }).set(as[who]).expect(200);
          ids.push(...page.body.items.map((c: { id: string }) => c.id));
          cursor = page.body.nextCursor;
        } while (cursor);
        return ids;
      };
      const commune = await all('xa.baichay');
      expect(commune).toContain(own.id);
      expect(commune).not.toContain(sibling.id);
      expect(commune).not.toContain(other.id);
      const province = await all('tinh.quangninh');
      expect(province).toEqual(expect.arrayContaining([own.id, sibling.id]));
      expect(province).not.toContain(other.id);
      expect(await all('khuvuc.halong')).not.toContain(sibling.id);
      expect(await all('admin')).toEqual(expect.arrayContaining([own.id, sibling.id, other.id]));
    });

    it('pages by key, searches names ignoring diacritics, filters by commune and village', async () => {
      const a = await certificate('06673', 'Lê Thị Ngọc Ánh');
      const b = await certificate('06673', 'Lê Văn Ngọc');
      const found = await t.http.get('/api/v1/certificates').query({ q: 'le ngoc' }).set(as['xa.baichay']).expect(200);
      expect(found.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      const one = await t.http.get('/api/v1/certificates').query({ q: 'LE THI NGOC ANH' }).set(as['xa.baichay']).expect(200);
      expect(one.body.items.map((c: { id: string }) => c.id)).toEqual([a.id]);
      const none = await t.http.get('/api/v1/certificates').query({ q: 'le ngoc', communeCode: '06709' }).set(as['tinh.quangninh']).expect(200);
      expect(none.body.items).toEqual([]);

      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await t.http
          .get('/api/v1/certificates')
          .query({ limit: 1, communeCode: '06673', ...(cursor ? { cursor } : {}) })
          .set(as['xa.baichay'])
          .expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(1);
        for (const c of page.body.items) seen.add(c.id);
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 500);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM certificates_certificates WHERE commune_code = '06673'`);
      expect(seen.size).toBe(n);

      const village = await t.http.post('/api/v1/geo/communes/06673/villages').set(as.admin).send({ name: `Thôn chứng nhận ${++seq}`, type: 'thon' }).expect(201);
      const inVillage = await t.http.get('/api/v1/certificates').query({ villageCode: village.body.code }).set(as['xa.baichay']).expect(200);
      expect(inVillage.body.items).toEqual([]);
    });

    it('reads of holders\' names are in the audit trail, per holder', async () => {
      const c = await certificate('06673');
      await t.http.get(`/api/v1/certificates/${c.id}`).set(as['xa.baichay']).expect(200);
      const entries = await t.db.query(`SELECT action, target_type FROM audit_events WHERE target_id = $1 AND action LIKE 'certificate.%'`, [c.residentId]);
      expect(entries).toEqual(expect.arrayContaining([{ action: 'certificate.read', target_type: 'resident' }]));
    });

    it('answers 403 OUTSIDE_SCOPE for a unit outside the scope, 403 for instructors and residents', async () => {
      const out = await t.http.get('/api/v1/certificates').query({ communeCode: '06709' }).set(as['xa.baichay']).expect(403);
      expect(out.body.error.code).toBe('OUTSIDE_SCOPE');
      expect((await t.http.get('/api/v1/certificates').set(as['gv.baichay']).expect(403)).body.error.code).toBe('FORBIDDEN');
      expect((await t.http.get('/api/v1/certificates').set(me.auth).expect(403)).body.error.code).toBe('FORBIDDEN');
      await t.http.get('/api/v1/certificates').expect(401);
    });

    it.each([
      [{ unknown: 1 }, 'VALIDATION_FAILED'],
      [{ state: 'lost' }, 'VALIDATION_FAILED'],
      [{ limit: '1e309' }, 'VALIDATION_FAILED'],
      [{ limit: '0' }, 'VALIDATION_FAILED'],
      [{ classId: 'not-a-uuid' }, 'VALIDATION_FAILED'],
      [{ communeCode: '6673' }, 'VALIDATION_FAILED'],
      [{ cursor: 'bm90LWEta2V5' }, 'INVALID_CURSOR'],
    ])('refuses bad list input %j with 400 %s', async (query, code) => {
      const res = await t.http.get('/api/v1/certificates').query(query).set(as['xa.baichay']).expect(400);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(/[ạảãáàâăêôơưđ]/);
    });
  });

  describe('one certificate and the counts', () => {
    it('shows a certificate with its history; 404 outside the scope; 400 for a bad id', async () => {
      const c = await certificate('06673');
      const res = await t.http.get(`/api/v1/certificates/${c.id}`).set(as['khuvuc.halong']).expect(200);
      expect(res.body).toMatchObject({ id: c.id, state: 'pending', submission: 1, holder: { residentId: c.residentId } });
      expect(res.body.history).toEqual([expect.objectContaining({ fromState: null, toState: 'pending', submission: 1, actor: 'system:certificates' })]);
      const sibling = await certificate('06709');
      expect((await t.http.get(`/api/v1/certificates/${sibling.id}`).set(as['xa.baichay']).expect(404)).body.error.code).toBe('CERTIFICATE_NOT_FOUND');
      expect((await t.http.get(`/api/v1/certificates/${sibling.id}`).set(as['khuvuc.halong']).expect(404)).body.error.code).toBe('CERTIFICATE_NOT_FOUND');
      await t.http.get(`/api/v1/certificates/${sibling.id}`).set(as['tinh.quangninh']).expect(200);
      expect((await t.http.get('/api/v1/certificates/123').set(as['xa.baichay']).expect(400)).body.error.code).toBe('INVALID_CERTIFICATE_ID');
    });

    it('counts certificates by state in a unit of the scope', async () => {
      const before = (await t.http.get('/api/v1/certificates/summary').query({ unit: '06673' }).set(as['xa.baichay']).expect(200)).body;
      const c = await certificate('06673');
      await setState(c.id, 'rejected');
      const after = (await t.http.get('/api/v1/certificates/summary').query({ unit: '06673' }).set(as['xa.baichay']).expect(200)).body;
      expect(after).toMatchObject({ unit: '06673', level: 'commune', total: before.total + 1 });
      expect(after.byState.rejected).toBe(before.byState.rejected + 1);
      expect(after.rejectedByCode).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'CITIZEN_MISMATCH' })]));
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM certificates_certificates WHERE path <@ '22'`);
      expect((await t.http.get('/api/v1/certificates/summary').query({ unit: '22' }).set(as['tinh.quangninh']).expect(200)).body.total).toBe(n);
      expect((await t.http.get('/api/v1/certificates/summary').set(as['xa.baichay']).expect(200)).body.level).toBeNull();
      expect((await t.http.get('/api/v1/certificates/summary').query({ unit: '06709' }).set(as['xa.baichay']).expect(403)).body.error.code).toBe('OUTSIDE_SCOPE');
      expect((await t.http.get('/api/v1/certificates/summary').query({ unit: '01' }).set(as['tinh.quangninh']).expect(403)).body.error.code).toBe('OUTSIDE_SCOPE');
      expect((await t.http.get('/api/v1/certificates/summary').query({ unit: 'abc' }).set(as['xa.baichay']).expect(400)).body.error.code).toBe('INVALID_UNIT');
      expect((await t.http.get('/api/v1/certificates/summary').query({ unit: '99999' }).set(as.admin).expect(404)).body.error.code).toBe('COMMUNE_NOT_FOUND');
    });
  });

  describe('a resident\'s own certificates', () => {
    it('shows the resident only their own, with the rejection reason', async () => {
      await setState(me.certificateId, 'rejected');
      const res = await t.http.get('/api/v1/me/certificates').set(me.auth).expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ id: me.certificateId, state: 'rejected', courseCode: 'KNS-CB', rejectionReason: 'Họ tên không khớp với dữ liệu căn cước.', verificationCode: null }),
      ]);
      expect((await t.http.get('/api/v1/me/certificates').set(as['xa.baichay']).expect(403)).body.error.code).toBe('FORBIDDEN');
    });
  });

  describe('revocation', () => {
    it('revokes with the reason, history and exactly one outbox event; a second revocation is 409', async () => {
      const c = await certificate('06673');
      await setState(c.id, 'recognised');
      const res = await t.http.post(`/api/v1/certificates/${c.id}/revoke`).set(as['xa.baichay']).send({ reason: '  Cấp nhầm   người ' }).expect(200);
      expect(res.body).toMatchObject({ state: 'revoked', revocationReason: 'Cấp nhầm người' });
      expect(res.body.history.at(-1)).toMatchObject({ fromState: 'recognised', toState: 'revoked', code: 'REVOKED', reason: 'Cấp nhầm người', actorName: expect.any(String) });
      const stored = await row(c.id);
      expect(stored.revoked_by).toBeTruthy();
      const events = await revokedEvents(c.id);
      expect(events).toHaveLength(1);
      expect(events[0].payload).toMatchObject({ certificateId: c.id, residentId: c.residentId, communeCode: '06673', wasRecognised: true, reason: 'Cấp nhầm người' });

      const again = await t.http.post(`/api/v1/certificates/${c.id}/revoke`).set(as.admin).send({ reason: 'Lần hai' }).expect(409);
      expect(again.body.error.code).toBe('CERTIFICATE_ALREADY_REVOKED');
      expect(await revokedEvents(c.id)).toHaveLength(1);
    });

    it('revokes a pending certificate too; concurrent revocations make one event', async () => {
      const c = await certificate('06673');
      const answers = await Promise.all([1, 2, 3].map(() => t.http.post(`/api/v1/certificates/${c.id}/revoke`).set(as['xa.baichay']).send({ reason: 'Hồ sơ trùng lặp' })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
      const events = await revokedEvents(c.id);
      expect(events).toHaveLength(1);
      expect(events[0].payload.wasRecognised).toBe(false);
    });

    it('is for commune officers in scope and administrators; bad input is 400', async () => {
      const sibling = await certificate('06709');
      expect((await t.http.post(`/api/v1/certificates/${sibling.id}/revoke`).set(as['xa.baichay']).send({ reason: 'Không thuộc xã' }).expect(404)).body.error.code).toBe(
        'CERTIFICATE_NOT_FOUND',
      );
      for (const who of ['tinh.quangninh', 'khuvuc.halong', 'gv.baichay']) {
        await t.http.post(`/api/v1/certificates/${sibling.id}/revoke`).set(as[who]).send({ reason: 'Không được phép' }).expect(403);
      }
      await t.http.post(`/api/v1/certificates/${sibling.id}/revoke`).set(me.auth).send({ reason: 'Không được phép' }).expect(403);
      for (const body of [{}, { reason: 'ab' }, { reason: 'x'.repeat(501) }, { reason: 'Lý do', extra: true }, { reason: 5 }]) {
        const res = await t.http.post(`/api/v1/certificates/${sibling.id}/revoke`).set(as.admin).send(body).expect(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      expect((await t.http.post('/api/v1/certificates/nope/revoke').set(as.admin).send({ reason: 'Lý do' }).expect(400)).body.error.code).toBe('INVALID_CERTIFICATE_ID');
      expect(await revokedEvents(sibling.id)).toHaveLength(0);
    });
  });

  describe('re-submission and re-drive', () => {
    it('re-submits a rejected certificate: pending, submission + 1, never relayed, no attempts, with history', async () => {
      const c = await certificate('06673');
      await setState(c.id, 'rejected');
      const res = await t.http.post(`/api/v1/certificates/${c.id}/resubmit`).set(as['xa.baichay']).expect(200);
      expect(res.body).toMatchObject({ state: 'pending', submission: 2, rejectionCode: null, attempts: 0 });
      expect(res.body.history.at(-1)).toMatchObject({ fromState: 'rejected', toState: 'pending', submission: 2, code: 'RESUBMITTED' });
      expect(await row(c.id)).toMatchObject({ state: 'pending', submission: 2, relayed_at: null, attempts: 0, last_error: null });
      const again = await t.http.post(`/api/v1/certificates/${c.id}/resubmit`).set(as['xa.baichay']).expect(409);
      expect(again.body.error).toMatchObject({ code: 'CERTIFICATE_NOT_RESUBMITTABLE', details: { state: 'pending' } });
      await t.http.post(`/api/v1/certificates/${c.id}/resubmit`).set(as['tinh.quangninh']).expect(403);
      const sibling = await certificate('06709');
      await setState(sibling.id, 'failed');
      await t.http.post(`/api/v1/certificates/${sibling.id}/resubmit`).set(as['xa.baichay']).expect(404);
      await t.http.post(`/api/v1/certificates/${sibling.id}/resubmit`).set(as.admin).expect(200);
    });

    it('re-drives failed certificates in the caller\'s scope only, idempotently', async () => {
      const own = [await certificate('06673'), await certificate('06673')];
      const sibling = await certificate('06709');
      for (const c of [...own, sibling]) await setState(c.id, 'failed');
      const res = await t.http.post('/api/v1/certificates/redrive').set(as['xa.baichay']).send({ state: 'failed' }).expect(200);
      expect(res.body).toMatchObject({ state: 'failed', more: false });
      expect(res.body.moved).toBeGreaterThanOrEqual(2);
      for (const c of own) expect(await row(c.id)).toMatchObject({ state: 'pending', submission: 2, relayed_at: null, attempts: 0 });
      expect(await row(sibling.id)).toMatchObject({ state: 'failed', submission: 1 });
      expect((await t.http.post('/api/v1/certificates/redrive').set(as['xa.baichay']).send({ state: 'failed' }).expect(200)).body.moved).toBe(0);
      const history = await t.db.query(`SELECT count(*)::int AS n FROM certificates_state_changes WHERE certificate_id = $1 AND code = 'REDRIVEN'`, [own[0].id]);
      expect(history[0].n).toBe(1);

      // named ids outside the caller's scope are not moved (the area leaves out Móng Cái 2); the province officer's are
      const named = await t.http.post('/api/v1/certificates/redrive').set(as['khuvuc.halong']).send({ state: 'failed', ids: [sibling.id] }).expect(200);
      expect(named.body.moved).toBe(0);
      const province = await t.http.post('/api/v1/certificates/redrive').set(as['tinh.quangninh']).send({ state: 'failed', communeCode: '06709', ids: [sibling.id] }).expect(200);
      expect(province.body.moved).toBe(1);
      expect(await row(sibling.id)).toMatchObject({ state: 'pending', submission: 2 });
    });

    it('refuses bad re-drive input and units outside the scope', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{}, 'VALIDATION_FAILED'],
        [{ state: 'pending' }, 'VALIDATION_FAILED'],
        [{ state: 'failed', ids: ['nope'] }, 'VALIDATION_FAILED'],
        [{ state: 'failed', ids: [] }, 'VALIDATION_FAILED'],
        [{ state: 'failed', ids: Array.from({ length: 1001 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) }, 'VALIDATION_FAILED'],
        [{ state: 'failed', force: true }, 'VALIDATION_FAILED'],
      ];
      for (const [body, code] of cases) {
        expect((await t.http.post('/api/v1/certificates/redrive').set(as.admin).send(body).expect(400)).body.error.code).toBe(code);
      }
      expect((await t.http.post('/api/v1/certificates/redrive').set(as['xa.baichay']).send({ state: 'failed', communeCode: '06709' }).expect(403)).body.error.code).toBe(
        'OUTSIDE_SCOPE',
      );
      await t.http.post('/api/v1/certificates/redrive').set(as['gv.baichay']).send({ state: 'failed' }).expect(403);
    });
  });

  describe('correction of the resident\'s record', () => {
    it('a corrected name writes identity.resident_corrected; consuming it re-pends the rejected certificate', async () => {
      const c = await certificate('06673', 'Nguyễn Văn Sai');
      await setState(c.id, 'rejected');
      await t.http.patch(`/api/v1/residents/${c.residentId}`).set(as['xa.baichay']).send({ noSmartphone: false }).expect(200);
      const none = await t.db.query(`SELECT 1 FROM outbox_events WHERE topic = 'identity.resident_corrected' AND payload->>'residentId' = $1`, [c.residentId]);
      expect(none).toHaveLength(0);

      await t.http.patch(`/api/v1/residents/${c.residentId}`).set(as['xa.baichay']).send({ fullName: 'Nguyễn Văn Đúng', birthDate: '1955-02-03' }).expect(200);
      const events = await t.db.query(`SELECT payload FROM outbox_events WHERE topic = 'identity.resident_corrected' AND payload->>'residentId' = $1`, [c.residentId]);
      expect(events).toHaveLength(1);
      expect(events[0].payload).toMatchObject({ residentId: c.residentId, fields: ['fullName', 'birthDate'], correctedBy: expect.any(String) });
      expect((await row(c.id)).state).toBe('rejected');

      while ((await dispatcher.dispatchBatch()).claimed > 0);
      expect(await row(c.id)).toMatchObject({ state: 'pending', submission: 2, relayed_at: null, attempts: 0, rejection_code: null });
      const [line] = await t.db.query(`SELECT from_state, to_state, code FROM certificates_state_changes WHERE certificate_id = $1 ORDER BY id DESC LIMIT 1`, [c.id]);
      expect(line).toEqual({ from_state: 'rejected', to_state: 'pending', code: 'RESIDENT_CORRECTED' });

      // a second correction is its own event; it leaves a pending certificate alone
      await t.http.patch(`/api/v1/residents/${c.residentId}`).set(as['xa.baichay']).send({ fullName: 'Nguyễn Văn Đúng Hơn' }).expect(200);
      while ((await dispatcher.dispatchBatch()).claimed > 0);
      expect(await row(c.id)).toMatchObject({ state: 'pending', submission: 2 });
      const all = await t.db.query(`SELECT published_at FROM outbox_events WHERE topic = 'identity.resident_corrected' AND payload->>'residentId' = $1`, [c.residentId]);
      expect(all).toHaveLength(2);
      for (const e of all) expect(e.published_at).not.toBeNull();
    });

    it('granting the recognition consent re-pends certificates rejected for want of it, and only those', async () => {
      const c = await certificate('06673');
      const other = await certificate('06673');
      await t.db.query(`UPDATE identity_consents SET withdrawn_at = now() WHERE resident_id = ANY($1::uuid[]) AND purpose = 'certificate_recognition'`, [
        [c.residentId, other.residentId],
      ]);
      const rejectFor = (id: string, code: string) =>
        t.db.query(`UPDATE certificates_certificates SET state = 'rejected', relayed_at = now(), rejection_code = $2, rejection_reason = 'x' WHERE id = $1`, [id, code]);
      await rejectFor(c.id, 'CONSENT_MISSING');
      await rejectFor(other.id, 'CITIZEN_MISMATCH');

      // another purpose: an event, but nothing moves
      await t.http.post(`/api/v1/residents/${c.residentId}/consents`).set(as['xa.baichay']).send({ purposes: ['contact_by_phone'], method: 'assisted' }).expect(201);
      while ((await dispatcher.dispatchBatch()).claimed > 0);
      expect((await row(c.id)).state).toBe('rejected');

      for (const r of [c, other]) {
        await t.http.post(`/api/v1/residents/${r.residentId}/consents`).set(as['xa.baichay']).send({ purposes: ['certificate_recognition'], method: 'assisted' }).expect(201);
      }
      const events = await t.db.query(`SELECT payload FROM outbox_events WHERE topic = 'identity.consent_granted' AND payload->>'residentId' = $1 ORDER BY id`, [c.residentId]);
      expect(events.map((e: { payload: { purposes: string[] } }) => e.payload.purposes)).toEqual([['contact_by_phone'], ['certificate_recognition']]);
      while ((await dispatcher.dispatchBatch()).claimed > 0);
      expect(await row(c.id)).toMatchObject({ state: 'pending', submission: 2, relayed_at: null, rejection_code: null });
      const [line] = await t.db.query(`SELECT to_state, code FROM certificates_state_changes WHERE certificate_id = $1 ORDER BY id DESC LIMIT 1`, [c.id]);
      expect(line).toEqual({ to_state: 'pending', code: 'CONSENT_GRANTED' });
      // rejected for another reason: the consent does not fix it
      expect(await row(other.id)).toMatchObject({ state: 'rejected', rejection_code: 'CITIZEN_MISMATCH' });

      // granting a consent already held adds no event
      await t.http.post(`/api/v1/residents/${c.residentId}/consents`).set(as['xa.baichay']).send({ purposes: ['certificate_recognition'], method: 'assisted' }).expect(201);
      const again = await t.db.query(`SELECT 1 FROM outbox_events WHERE topic = 'identity.consent_granted' AND payload->>'residentId' = $1`, [c.residentId]);
      expect(again).toHaveLength(2);
    });

    it('failed certificates are not re-pended by a correction (officers re-drive them)', async () => {
      const c = await certificate('06673');
      await setState(c.id, 'failed');
      await t.http.patch(`/api/v1/residents/${c.residentId}`).set(as['xa.baichay']).send({ fullName: 'Tên Mới Hẳn' }).expect(200);
      while ((await dispatcher.dispatchBatch()).claimed > 0);
      expect((await row(c.id)).state).toBe('failed');
    });
  });
});
