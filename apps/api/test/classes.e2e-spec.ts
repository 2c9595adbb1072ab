import { bearer, createTestAppWithDemoData, registerTestResident, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';
import { createQuizCourse } from '@hvs/testing';
import { classApiFixtures } from '@hvs/testing';
const { accountId, CLASSES, cccdOf, coreCourse, createClass, residentNamed, staffAccount, villageCode } = classApiFixtures;
type Auth = classApiFixtures.Auth;

/**
 * Classes: creation and its rules (commune and village, published course version of the province,
 * staff), who reads and manages which classes, changes and status, enrolment by id and by CCCD with
 * capacity and people from elsewhere, withdrawal with history, door-to-door registration.
 */
describe('classes', () => {
  let t: TestApp;
  const as: Record<string, Auth> = {};
  let core: Awaited<ReturnType<typeof coreCourse>>;
  const ids: Record<string, string> = {};
  let village1: string;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    for (const u of ['admin', 'tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) as[u] = await bearer(t.http, u);
    for (const u of ['xa.baichay', 'gv.baichay']) ids[u] = await accountId(t, u);
    const gv2 = await staffAccount(t, as.admin, { username: 'gv2.baichay', role: 'instructor', communeCode: '06673' });
    const tnv = await staffAccount(t, as.admin, { username: 'tnv.baichay', role: 'instructor', communeCode: '06673' });
    const gvMc = await staffAccount(t, as.admin, { username: 'gv.mongcai', role: 'instructor', communeCode: '06709' });
    const xaMc = await staffAccount(t, as.admin, { username: 'xa.mongcai', role: 'commune_officer', communeCode: '06709' });
    Object.assign(as, { 'gv2.baichay': gv2.auth, 'tnv.baichay': tnv.auth, 'gv.mongcai': gvMc.auth, 'xa.mongcai': xaMc.auth });
    Object.assign(ids, { 'gv2.baichay': gv2.id, 'tnv.baichay': tnv.id, 'gv.mongcai': gvMc.id, 'xa.mongcai': xaMc.id });
    as.resident = (await registerTestResident(t, as.admin)).auth as Auth;
    core = await coreCourse(t, as.admin);
    village1 = await villageCode(t, '06673', 'Tổ dân phố 1');
  });
  afterAll(() => t.close());

  const countRows = async (table: string) => Number((await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const auditOf = (action: string, targetId: string) => t.db.query('SELECT * FROM audit_events WHERE action = $1 AND target_id = $2', [action, targetId]);
  const baseBody = () => ({ communeCode: '06673', name: 'Lớp điện thoại thông minh', courseVersionId: core.versionId, capacity: 30, instructorIds: [ids['gv.baichay']] });

  describe('creating a class', () => {
    it('a commune officer creates a class in a village of their commune, held by default at its cultural house', async () => {
      const res = await t.http
        .post(CLASSES)
        .set(as['xa.baichay'])
        .send({ ...baseBody(), villageCode: village1, schedule: 'Tối thứ Ba, 19:00', startsOn: '2026-03-02', endsOn: '2026-04-30', volunteerIds: [ids['tnv.baichay']] })
        .expect(201);
      expect(res.body).toMatchObject({
        communeCode: '06673',
        communeName: 'Phường Bãi Cháy',
        villageCode: village1,
        villageName: 'Tổ dân phố 1',
        name: 'Lớp điện thoại thông minh',
        course: { courseId: core.courseId, code: 'KNS-CB', versionId: core.versionId },
        capacity: 30,
        schedule: 'Tối thứ Ba, 19:00',
        place: 'Nhà văn hóa Tổ dân phố 1',
        startsOn: '2026-03-02',
        endsOn: '2026-04-30',
        status: 'planned',
        counts: { enrolled: 0, sessions: 0 },
      });
      expect(res.body.staff).toEqual([
        { accountId: ids['gv.baichay'], displayName: 'Giảng viên Nguyễn Thị Lan', kind: 'instructor', addedAt: expect.any(String) },
        { accountId: ids['tnv.baichay'], displayName: 'Tài khoản tnv.baichay', kind: 'volunteer', addedAt: expect.any(String) },
      ]);
      const [row] = await t.db.query('SELECT path::text AS path, created_by FROM classes_classes WHERE id = $1', [res.body.id]);
      expect(row).toEqual({ path: `22.06673.${village1.slice(6)}`, created_by: ids['xa.baichay'] });
      const audit = await auditOf('class.create', res.body.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_account_id: ids['xa.baichay'], target_type: 'class', unit_path: row.path });
    });

    it('without a village the class is the commune\'s, at the commune\'s cultural house', async () => {
      const res = await t.http.post(CLASSES).set(as['xa.baichay']).send(baseBody()).expect(201);
      expect(res.body).toMatchObject({ villageCode: null, villageName: null, place: 'Nhà văn hóa Phường Bãi Cháy' });
      const res2 = await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), place: 'Hội trường tổ 5' }).expect(201);
      expect(res2.body.place).toBe('Hội trường tổ 5');
    });

    it('who may create a class where', async () => {
      const mongCai = { ...baseBody(), communeCode: '06709', instructorIds: [ids['gv.mongcai']] };
      // another commune is public reference data: outside the scope, not unknown
      expect((await t.http.post(CLASSES).set(as['xa.baichay']).send(mongCai).expect(403)).body.error).toMatchObject({ code: 'OUTSIDE_SCOPE', message: 'Xã/phường/đặc khu có mã 06709 nằm ngoài phạm vi quản lý của bạn.', details: { level: 'commune', code: '06709' } });
      await t.http.post(CLASSES).set(as['tinh.quangninh']).send(mongCai).expect(201);
      await t.http.post(CLASSES).set(as.admin).send(mongCai).expect(201);
      await t.http.post(CLASSES).set(as['xa.mongcai']).send(mongCai).expect(201);
      for (const who of ['khuvuc.halong', 'gv.baichay', 'resident']) {
        expect((await t.http.post(CLASSES).set(as[who]).send(baseBody()).expect(403)).body.error.code).toBe('FORBIDDEN');
      }
      await t.http.post(CLASSES).send(baseBody()).expect(401);
    });

    it('refuses a village of another commune, and a village outside the scope', async () => {
      const other = await villageCode(t, '07054', 'Thôn 1');
      const before = await countRows('classes_classes');
      expect((await t.http.post(CLASSES).set(as['tinh.quangninh']).send({ ...baseBody(), villageCode: other }).expect(400)).body.error.code).toBe('VILLAGE_NOT_IN_COMMUNE');
      expect((await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), villageCode: other }).expect(403)).body.error).toMatchObject({ code: 'OUTSIDE_SCOPE', details: { level: 'village', code: other } });
      expect((await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), villageCode: '06673-9999' }).expect(404)).body.error.code).toBe('VILLAGE_NOT_FOUND');
      expect(await countRows('classes_classes')).toBe(before);
    });

    it('teaches a published version of a course offered nationally or in the class\'s province', async () => {
      const before = await countRows('classes_classes');
      const unknown = await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), courseVersionId: '0193a0c4-1c2d-7e3f-8a4b-5c6d7e8f9a0b' }).expect(404);
      expect(unknown.body.error.code).toBe('COURSE_VERSION_NOT_FOUND');
      const hanoi = await createQuizCourse(t.db, { province: '01' });
      const elsewhere = await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), courseVersionId: hanoi.versionId }).expect(404);
      expect(elsewhere.body.error.code).toBe('COURSE_VERSION_NOT_FOUND');
      const draft = await createQuizCourse(t.db, { province: '22', status: 'draft' });
      const notPublished = await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), courseVersionId: draft.versionId }).expect(409);
      expect(notPublished.body.error).toMatchObject({ code: 'COURSE_VERSION_NOT_PUBLISHED', details: { status: 'draft' } });
      const retired = await createQuizCourse(t.db, { province: null, status: 'retired' });
      expect((await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), courseVersionId: retired.versionId }).expect(409)).body.error.code).toBe(
        'COURSE_VERSION_NOT_PUBLISHED',
      );
      expect(await countRows('classes_classes')).toBe(before);
      const quangNinh = await createQuizCourse(t.db, { province: '22' });
      const ok = await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), courseVersionId: quangNinh.versionId }).expect(201);
      expect(ok.body.course.versionId).toBe(quangNinh.versionId);
    });

    it('staff: at least one instructor, instructor accounts of the class\'s commune, nobody in both lists', async () => {
      const before = await countRows('classes_classes');
      const staffBefore = await countRows('classes_staff');
      const empty = await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), instructorIds: [] }).expect(400);
      expect(empty.body.error.code).toBe('VALIDATION_FAILED');
      for (const [field, wrong] of [
        ['instructorIds', ids['gv.mongcai']], // another commune
        ['instructorIds', ids['xa.baichay']], // not an instructor
        ['volunteerIds', '0193a0c4-1c2d-7e3f-8a4b-5c6d7e8f9a0b'], // nobody
      ] as const) {
        const body = field === 'instructorIds' ? { ...baseBody(), instructorIds: [wrong] } : { ...baseBody(), volunteerIds: [wrong] };
        const res = await t.http.post(CLASSES).set(as['xa.baichay']).send(body).expect(422);
        expect(res.body.error).toMatchObject({ code: 'STAFF_NOT_ELIGIBLE', details: { field, accountIds: [wrong] } });
      }
      const both = await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), volunteerIds: [ids['gv.baichay']] }).expect(400);
      expect(both.body.error.code).toBe('STAFF_IN_BOTH_LISTS');
      expect(await countRows('classes_classes')).toBe(before);
      expect(await countRows('classes_staff')).toBe(staffBefore);
    });

    it('bad input: unknown fields, bad dates, capacity out of range, dates out of order -> 400, nothing written', async () => {
      const before = await countRows('classes_classes');
      for (const extra of [{ teacher: 'x' }, { startsOn: '2026-02-30' }, { startsOn: '02/03/2026' }, { capacity: 0 }, { capacity: 501 }, { name: '' }, { villageCode: 'thon-1' }]) {
        const res = await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), ...extra }).expect(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      const order = await t.http.post(CLASSES).set(as['xa.baichay']).send({ ...baseBody(), startsOn: '2026-05-01', endsOn: '2026-04-01' }).expect(400);
      expect(order.body.error.code).toBe('INVALID_DATE_RANGE');
      expect(await countRows('classes_classes')).toBe(before);
    });
  });

  describe('reading classes', () => {
    let a: string; // Bãi Cháy, taught by gv.baichay
    let b: string; // Bãi Cháy, taught by gv2.baichay only
    let c: string; // Móng Cái

    beforeAll(async () => {
      a = (await createClass(t, as['xa.baichay'], { ...baseBody(), name: 'Lớp A', villageCode: village1 })).id;
      b = (await createClass(t, as['xa.baichay'], { ...baseBody(), name: 'Lớp B', instructorIds: [ids['gv2.baichay']] })).id;
      c = (await createClass(t, as['xa.mongcai'], { ...baseBody(), name: 'Lớp C', communeCode: '06709', instructorIds: [ids['gv.mongcai']] })).id;
    });

    const listIds = async (who: string, query: Record<string, string | number> = {}) => {
      const res = await t.http.get(CLASSES).query({ limit: 200, ...query }).set(as[who]).expect(200);
      return res.body.items.map((i: { id: string }) => i.id) as string[];
    };

    it('each role lists the classes of its scope; instructors only the classes they teach', async () => {
      const commune = await listIds('xa.baichay');
      expect(commune).toEqual(expect.arrayContaining([a, b]));
      expect(commune).not.toContain(c);
      const instructor = await listIds('gv.baichay');
      expect(instructor).toContain(a);
      expect(instructor).not.toContain(b);
      expect(instructor).not.toContain(c);
      expect(await listIds('gv2.baichay')).toEqual([b]);
      const area = await listIds('khuvuc.halong');
      expect(area).toEqual(expect.arrayContaining([a, b]));
      expect(area).not.toContain(c);
      expect(await listIds('tinh.quangninh')).toEqual(expect.arrayContaining([a, b, c]));
      expect(await listIds('xa.mongcai')).toEqual(expect.arrayContaining([c]));
      expect(await listIds('xa.mongcai')).not.toContain(a);
      await t.http.get(CLASSES).set(as.resident).expect(403);
    });

    it('one class: in reach 200 with staff and counts; out of reach 404 CLASS_NOT_FOUND; residents 403', async () => {
      const res = await t.http.get(`${CLASSES}/${a}`).set(as['gv.baichay']).expect(200);
      expect(res.body).toMatchObject({ id: a, name: 'Lớp A', counts: { enrolled: 0, sessions: 0 }, staff: [expect.objectContaining({ accountId: ids['gv.baichay'] })] });
      for (const [who, id] of [
        ['gv.baichay', b], // instructor of another class of the same commune
        ['gv.mongcai', a], // instructor of another commune
        ['xa.mongcai', a], // officer of another commune
        ['khuvuc.halong', c], // outside the area
      ]) {
        const out = await t.http.get(`${CLASSES}/${id}`).set(as[who]).expect(404);
        expect(out.body.error.code).toBe('CLASS_NOT_FOUND');
      }
      await t.http.get(`${CLASSES}/${c}`).set(as['tinh.quangninh']).expect(200);
      await t.http.get(`${CLASSES}/${a}`).set(as.admin).expect(200);
      await t.http.get(`${CLASSES}/${a}`).set(as['khuvuc.halong']).expect(200);
      expect((await t.http.get(`${CLASSES}/${a}`).set(as.resident).expect(403)).body.error.code).toBe('FORBIDDEN');
      expect((await t.http.get(`${CLASSES}/not-a-uuid`).set(as.admin).expect(400)).body.error.code).toBe('INVALID_CLASS_ID');
    });

    it('filters by commune, village and status, in keyset pages', async () => {
      expect(await listIds('xa.baichay', { villageCode: village1 })).toContain(a);
      expect(await listIds('xa.baichay', { villageCode: village1 })).not.toContain(b);
      expect((await t.http.get(CLASSES).query({ communeCode: '06709' }).set(as['xa.baichay']).expect(403)).body.error.code).toBe('OUTSIDE_SCOPE');
      expect((await t.http.get(CLASSES).query({ communeCode: '99999' }).set(as['xa.baichay']).expect(404)).body.error.code).toBe('COMMUNE_NOT_FOUND');
      expect(await listIds('tinh.quangninh', { communeCode: '06709' })).toEqual(expect.arrayContaining([c]));
      expect(await listIds('tinh.quangninh', { communeCode: '06709' })).not.toContain(a);
      expect(await listIds('xa.baichay', { status: 'open' })).not.toContain(a);
      expect((await t.http.get(CLASSES).query({ status: 'running' }).set(as.admin).expect(400)).body.error.code).toBe('VALIDATION_FAILED');

      const all = await listIds('admin');
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http
          .get(CLASSES)
          .query({ limit: 3, ...(cursor ? { cursor } : {}) })
          .set(as.admin)
          .expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items.map((i: { id: string }) => i.id));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(all);
      expect((await t.http.get(CLASSES).query({ cursor: 'bm90LWEta2V5' }).set(as.admin).expect(400)).body.error.code).toBe('INVALID_CURSOR');
    });
  });

  describe('changing a class', () => {
    it('status: planned -> open -> completed; planned/open -> cancelled; anything else 409', async () => {
      const one = (await createClass(t, as['xa.baichay'], baseBody())).id;
      const patch = (id: string, body: Record<string, unknown>, who = 'xa.baichay') => t.http.patch(`${CLASSES}/${id}`).set(as[who]).send(body);
      const skip = await patch(one, { status: 'completed' }).expect(409);
      expect(skip.body.error).toMatchObject({ code: 'INVALID_STATUS_CHANGE', details: { from: 'planned', to: 'completed', allowed: ['open', 'cancelled'] } });
      expect((await patch(one, { status: 'open' }).expect(200)).body.status).toBe('open');
      expect((await patch(one, { status: 'planned' }).expect(409)).body.error.code).toBe('INVALID_STATUS_CHANGE');
      expect((await patch(one, { status: 'completed' }).expect(200)).body.status).toBe('completed');
      expect((await patch(one, { status: 'cancelled' }).expect(409)).body.error.code).toBe('INVALID_STATUS_CHANGE');
      const two = (await createClass(t, as['xa.baichay'], baseBody())).id;
      expect((await patch(two, { status: 'cancelled' }).expect(200)).body.status).toBe('cancelled');
      expect((await patch(two, { status: 'open' }).expect(409)).body.error.code).toBe('INVALID_STATUS_CHANGE');
      const audit = await auditOf('class.update', one);
      expect(audit.map((e: { details: unknown }) => e.details)).toEqual(
        expect.arrayContaining([{ fields: ['status'], statusFrom: 'planned', statusTo: 'open' }, { fields: ['status'], statusFrom: 'open', statusTo: 'completed' }]),
      );
    });

    it('changes details; capacity never below the enrolment; managers only', async () => {
      const id = (await createClass(t, as['xa.baichay'], baseBody())).id;
      const r1 = await residentNamed(t, as['xa.baichay'], 'Đỗ Văn Một');
      const r2 = await residentNamed(t, as['xa.baichay'], 'Đỗ Văn Hai');
      await t.http.post(`${CLASSES}/${id}/enrolments`).set(as['xa.baichay']).send({ residentIds: [r1.id, r2.id] }).expect(200);
      const low = await t.http.patch(`${CLASSES}/${id}`).set(as['xa.baichay']).send({ capacity: 1 }).expect(409);
      expect(low.body.error).toMatchObject({ code: 'CAPACITY_BELOW_ENROLMENT', details: { capacity: 1, enrolled: 2 } });
      const ok = await t.http
        .patch(`${CLASSES}/${id}`)
        .set(as['tinh.quangninh'])
        .send({ capacity: 2, name: '  Lớp   buổi tối ', schedule: 'Thứ Bảy', place: 'Nhà ông trưởng thôn', startsOn: '2026-03-01', endsOn: '2026-03-31' })
        .expect(200);
      expect(ok.body).toMatchObject({ capacity: 2, name: 'Lớp buổi tối', schedule: 'Thứ Bảy', place: 'Nhà ông trưởng thôn', startsOn: '2026-03-01', endsOn: '2026-03-31', counts: { enrolled: 2 } });
      expect((await t.http.patch(`${CLASSES}/${id}`).set(as['xa.baichay']).send({ endsOn: '2026-02-01' }).expect(400)).body.error.code).toBe('INVALID_DATE_RANGE');
      expect((await t.http.patch(`${CLASSES}/${id}`).set(as['xa.baichay']).send({ endsOn: null }).expect(200)).body.endsOn).toBeNull();
      expect((await t.http.patch(`${CLASSES}/${id}`).set(as['xa.baichay']).send({ colour: 'red' }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      for (const who of ['gv.baichay', 'khuvuc.halong', 'resident']) await t.http.patch(`${CLASSES}/${id}`).set(as[who]).send({ name: 'X' }).expect(403);
      expect((await t.http.patch(`${CLASSES}/${id}`).set(as['xa.mongcai']).send({ name: 'X' }).expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
    });

    it('PUT staff replaces instructors and volunteers; a new instructor sees the class, a removed one no longer does', async () => {
      const id = (await createClass(t, as['xa.baichay'], baseBody())).id;
      await t.http.get(`${CLASSES}/${id}`).set(as['gv2.baichay']).expect(404);
      const res = await t.http
        .put(`${CLASSES}/${id}/staff`)
        .set(as['xa.baichay'])
        .send({ instructorIds: [ids['gv2.baichay']], volunteerIds: [ids['tnv.baichay']] })
        .expect(200);
      expect(res.body.staff.map((s: { accountId: string; kind: string }) => [s.accountId, s.kind])).toEqual([
        [ids['gv2.baichay'], 'instructor'],
        [ids['tnv.baichay'], 'volunteer'],
      ]);
      await t.http.get(`${CLASSES}/${id}`).set(as['gv2.baichay']).expect(200);
      await t.http.get(`${CLASSES}/${id}`).set(as['tnv.baichay']).expect(200); // volunteers work on the class too
      await t.http.get(`${CLASSES}/${id}`).set(as['gv.baichay']).expect(404);
      const bad = await t.http.put(`${CLASSES}/${id}/staff`).set(as['xa.baichay']).send({ instructorIds: [ids['gv.mongcai']] }).expect(422);
      expect(bad.body.error.code).toBe('STAFF_NOT_ELIGIBLE');
      expect((await t.http.put(`${CLASSES}/${id}/staff`).set(as['xa.baichay']).send({ instructorIds: [] }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      await t.http.put(`${CLASSES}/${id}/staff`).set(as['gv2.baichay']).send({ instructorIds: [ids['gv2.baichay']] }).expect(403);
      expect((await t.http.get(`${CLASSES}/${id}`).set(as.admin).expect(200)).body.staff).toHaveLength(2); // the refused changes changed nothing
      expect(await auditOf('class.staff_set', id)).toHaveLength(1);
    });
  });

  describe('enrolment', () => {
    const enrol = (id: string, body: Record<string, unknown>, who = 'gv.baichay') => t.http.post(`${CLASSES}/${id}/enrolments`).set(as[who]).send(body);

    it('by id and by CCCD, one outcome per item: enrolled, already enrolled, rejected with a code; capacity respected', async () => {
      const id = (await createClass(t, as['xa.baichay'], { ...baseBody(), capacity: 3 })).id;
      const r1 = await residentNamed(t, as['xa.baichay'], 'Phan Thị Mai');
      const r2 = await residentNamed(t, as['xa.baichay'], 'Phan Văn Nam');
      const r3 = await residentNamed(t, as['xa.baichay'], 'Phan Thị Hoa');
      const far = await residentNamed(t, as['tinh.quangninh'], 'Vũ Văn Xa', { communeCode: '06709', cccd: true });
      const notRegistered = cccdOf(1970, 'male');
      const first = await enrol(id, { residentIds: [r1.id, r2.id, '0193a0c4-1c2d-7e3f-8a4b-5c6d7e8f9a0b'], cccds: [far.cccd, '12345', notRegistered] }).expect(200);
      expect(first.body).toMatchObject({ classId: id, enrolled: 3, alreadyEnrolled: 0, rejected: 3 });
      expect(first.body.results).toEqual([
        { kind: 'residentId', input: r1.id, residentId: r1.id, outcome: 'enrolled', fromElsewhere: false },
        { kind: 'residentId', input: r2.id, residentId: r2.id, outcome: 'enrolled', fromElsewhere: false },
        { kind: 'residentId', input: '0193a0c4-1c2d-7e3f-8a4b-5c6d7e8f9a0b', outcome: 'rejected', code: 'RESIDENT_NOT_FOUND', message: expect.any(String) },
        { kind: 'cccd', input: `********${(far.cccd as string).slice(-4)}`, residentId: far.id, outcome: 'enrolled', fromElsewhere: true },
        { kind: 'cccd', input: '*2345', outcome: 'rejected', code: 'CCCD_FORMAT', message: 'Số CCCD phải gồm đúng 12 chữ số.' },
        { kind: 'cccd', input: `********${notRegistered.slice(-4)}`, outcome: 'rejected', code: 'CCCD_NOT_REGISTERED', message: expect.any(String) },
      ]);
      const second = await enrol(id, { residentIds: [r1.id, r3.id] }).expect(200);
      expect(second.body.results).toEqual([
        expect.objectContaining({ residentId: r1.id, outcome: 'already_enrolled' }),
        expect.objectContaining({ residentId: r3.id, outcome: 'rejected', code: 'CLASS_FULL' }),
      ]);
      const rows = await t.db.query('SELECT resident_id, from_elsewhere, enrolled_by FROM classes_enrolments WHERE class_id = $1 ORDER BY enrolled_at', [id]);
      expect(rows).toHaveLength(3);
      expect(rows.find((r: { resident_id: string }) => r.resident_id === far.id)).toMatchObject({ from_elsewhere: true, enrolled_by: ids['gv.baichay'] });
      expect((await t.http.get(`${CLASSES}/${id}`).set(as['gv.baichay']).expect(200)).body.counts.enrolled).toBe(3);
      expect(await t.db.query(`SELECT target_id FROM audit_events WHERE action = 'class.enrol' AND details->>'classId' = $1`, [id])).toHaveLength(3);
    });

    it('by id only residents in the caller\'s scope; staff accounts are not residents', async () => {
      const id = (await createClass(t, as['xa.baichay'], baseBody())).id;
      const far = await residentNamed(t, as['tinh.quangninh'], 'Trịnh Văn Xa', { communeCode: '06709' });
      const res = await enrol(id, { residentIds: [far.id, ids['gv.baichay']] }).expect(200);
      expect(res.body.results.map((r: { code: string }) => r.code)).toEqual(['RESIDENT_NOT_FOUND', 'RESIDENT_NOT_FOUND']);
      // an officer whose scope holds them enrols them by id, flagged as from elsewhere
      const byProvince = await enrol(id, { residentIds: [far.id] }, 'tinh.quangninh').expect(200);
      expect(byProvince.body.results[0]).toMatchObject({ outcome: 'enrolled', fromElsewhere: true });
    });

    it('under concurrent requests the capacity holds', async () => {
      const id = (await createClass(t, as['xa.baichay'], { ...baseBody(), capacity: 2 })).id;
      const people = await Promise.all(['Lê Thị Một', 'Lê Thị Hai', 'Lê Thị Ba', 'Lê Thị Bốn'].map((n) => residentNamed(t, as['xa.baichay'], n)));
      const answers = await Promise.all(people.map((p) => enrol(id, { residentIds: [p.id] }).expect(200)));
      const outcomes = answers.map((a) => a.body.results[0].outcome).sort();
      expect(outcomes).toEqual(['enrolled', 'enrolled', 'rejected', 'rejected']);
      expect(Number((await t.db.query('SELECT count(*) AS n FROM classes_enrolments WHERE class_id = $1', [id]))[0].n)).toBe(2);
    });

    it('who may enrol: the class\'s staff and its managers; others 404 or 403', async () => {
      const id = (await createClass(t, as['xa.baichay'], { ...baseBody(), volunteerIds: [ids['tnv.baichay']] })).id;
      const r = await residentNamed(t, as['xa.baichay'], 'Hồ Thị Lan');
      await enrol(id, { residentIds: [r.id] }, 'tnv.baichay').expect(200); // a volunteer of the class
      expect((await enrol(id, { residentIds: [r.id] }, 'gv2.baichay').expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
      expect((await enrol(id, { residentIds: [r.id] }, 'xa.mongcai').expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
      await enrol(id, { residentIds: [r.id] }, 'khuvuc.halong').expect(403);
      await enrol(id, { residentIds: [r.id] }, 'resident').expect(403);
    });

    it('bad requests: no item, too many, unknown fields, malformed ids -> 400 and nothing written; closed classes -> 409 CLASS_CLOSED', async () => {
      const id = (await createClass(t, as['xa.baichay'], baseBody())).id;
      const r = await residentNamed(t, as['xa.baichay'], 'Đinh Văn Bảy');
      expect((await enrol(id, {}).expect(400)).body.error.code).toBe('ENROLMENT_ITEMS_COUNT');
      expect((await enrol(id, { residentIds: [], cccds: [] }).expect(400)).body.error.code).toBe('ENROLMENT_ITEMS_COUNT');
      const many = Array.from({ length: 120 }, (_v, i) => `0221580${String(i).padStart(5, '0')}`);
      expect((await enrol(id, { residentIds: [r.id], cccds: [...many, ...many.slice(0, 80)] }).expect(400)).body.error.code).toBe('ENROLMENT_ITEMS_COUNT');
      expect((await enrol(id, { residentIds: ['nope'] }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      expect((await enrol(id, { residentIds: [r.id], note: 'x' }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      expect((await enrol(id, { residentIds: [r.id, r.id] }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      expect(Number((await t.db.query('SELECT count(*) AS n FROM classes_enrolments WHERE class_id = $1', [id]))[0].n)).toBe(0);
      await t.http.patch(`${CLASSES}/${id}`).set(as['xa.baichay']).send({ status: 'cancelled' }).expect(200);
      const closed = await enrol(id, { residentIds: [r.id] }).expect(409);
      expect(closed.body.error).toMatchObject({ code: 'CLASS_CLOSED', details: { status: 'cancelled' } });
    });

    it('withdrawal keeps the history; enrolling again makes a new enrolment', async () => {
      const id = (await createClass(t, as['xa.baichay'], baseBody())).id;
      const r = await residentNamed(t, as['xa.baichay'], 'Bùi Thị Thu');
      await enrol(id, { residentIds: [r.id] }).expect(200);
      const out = await t.http.delete(`${CLASSES}/${id}/enrolments/${r.id}`).set(as['gv.baichay']).send({ reason: 'Đi làm xa' }).expect(200);
      expect(out.body).toMatchObject({ classId: id, residentId: r.id, withdrawnAt: expect.any(String), withdrawReason: 'Đi làm xa' });
      expect((await t.http.get(`${CLASSES}/${id}`).set(as['gv.baichay']).expect(200)).body.counts.enrolled).toBe(0);
      const again = await t.http.delete(`${CLASSES}/${id}/enrolments/${r.id}`).set(as['gv.baichay']).expect(404);
      expect(again.body.error.code).toBe('ENROLMENT_NOT_FOUND');
      expect((await enrol(id, { residentIds: [r.id] }).expect(200)).body.results[0].outcome).toBe('enrolled');
      const rows = await t.db.query('SELECT withdrawn_at, withdrawn_by, withdraw_reason FROM classes_enrolments WHERE class_id = $1 ORDER BY enrolled_at', [id]);
      expect(rows).toEqual([
        { withdrawn_at: expect.any(Date), withdrawn_by: ids['gv.baichay'], withdraw_reason: 'Đi làm xa' },
        { withdrawn_at: null, withdrawn_by: null, withdraw_reason: null },
      ]);
      expect(await auditOf('class.withdraw', r.id)).toHaveLength(1);
      expect((await t.http.delete(`${CLASSES}/${id}/enrolments/nope`).set(as['gv.baichay']).expect(400)).body.error.code).toBe('INVALID_RESIDENT_ID');
      // a second withdrawal without a body
      await t.http.delete(`${CLASSES}/${id}/enrolments/${r.id}`).set(as['gv.baichay']).expect(200);
    });

    it('registers door to door and enrols; a CCCD already registered enrols that person instead', async () => {
      const id = (await createClass(t, as['xa.baichay'], baseBody())).id;
      const cccd = cccdOf(1961, 'female');
      const body = {
        fullName: 'Ngô Thị Tươi',
        birthDate: '1961-05-06',
        sex: 'female',
        cccd,
        communeCode: '06673',
        noSmartphone: true,
        consent: { purposes: ['training_records'], method: 'assisted' },
      };
      const reg = (b: Record<string, unknown>, who = 'gv.baichay') => t.http.post(`${CLASSES}/${id}/enrolments/register`).set(as[who]).send(b);
      const first = await reg(body).expect(201);
      expect(first.body).toMatchObject({ registered: true, residentId: expect.any(String), resident: { fullName: 'Ngô Thị Tươi' }, enrolment: { outcome: 'enrolled', fromElsewhere: false } });
      expect(await auditOf('resident.create', first.body.residentId)).toHaveLength(1);
      const second = await reg({ ...body, fullName: 'Ngô Thị Tươi B' }).expect(201);
      expect(second.body).toMatchObject({ registered: false, residentId: first.body.residentId, resident: null, enrolment: { outcome: 'already_enrolled' } });
      expect(second.body.message).toContain('đã được đăng ký');

      const far = await residentNamed(t, as['tinh.quangninh'], 'Cao Văn Xa', { communeCode: '06709', cccd: true, year: 1966 });
      const existing = await reg({ ...body, fullName: 'Cao Văn Xa', birthDate: '1966-01-01', cccd: far.cccd }).expect(201);
      expect(existing.body).toMatchObject({ registered: false, residentId: far.id, enrolment: { outcome: 'enrolled', fromElsewhere: true } });

      const before = await countRows('identity_residents');
      const noConsent = await reg({ ...body, cccd: cccdOf(1962, 'female'), birthDate: '1962-01-01', consent: { purposes: ['contact_by_phone'], method: 'assisted' } }).expect(400);
      expect(noConsent.body.error.code).toBe('CONSENT_REQUIRED');
      expect((await reg({ ...body, unknown: true }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
      expect(await countRows('identity_residents')).toBe(before);
      expect((await reg(body, 'gv2.baichay').expect(404)).body.error.code).toBe('CLASS_NOT_FOUND');
      expect((await t.http.get(`${CLASSES}/${id}`).set(as['gv.baichay']).expect(200)).body.counts.enrolled).toBe(2);
    });
  });
});
