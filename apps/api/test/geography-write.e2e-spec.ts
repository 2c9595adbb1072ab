import { bearer, createArea, createTestAppWithDemoData, createVillage, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';

describe('geography: villages and areas', () => {
  let t: TestApp;
  let admin: { authorization: string };
  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    admin = await bearer(t.http, 'admin');
  });
  afterAll(() => t.close());

  describe('villages', () => {
    it('creates villages with codes numbered inside the commune, and lists them in that order', async () => {
      const a = await t.http.post('/api/v1/geo/communes/06652/villages').set(admin).send({ name: 'Tổ dân phố 1', type: 'to_dan_pho' }).expect(201);
      const b = await t.http.post('/api/v1/geo/communes/06652/villages').set(admin).send({ name: ' Thôn   Đông ', type: 'thon' }).expect(201);
      expect(a.body).toMatchObject({ code: '06652-0001', name: 'Tổ dân phố 1', type: 'to_dan_pho', communeCode: '06652' });
      expect(b.body).toMatchObject({ code: '06652-0002', name: 'Thôn Đông' });
      const list = await t.http.get('/api/v1/geo/communes/06652/villages').expect(200);
      expect(list.body).toMatchObject({ total: 2, limit: 50, offset: 0 });
      expect(list.body.items.map((v: { code: string }) => v.code)).toEqual(['06652-0001', '06652-0002']);
      const unit = await t.http.get('/api/v1/geo/units/06652-0002').expect(200);
      expect(unit.body).toMatchObject({
        level: 'village',
        name: 'Thôn Đông',
        ancestors: [
          { level: 'province', code: '22' },
          { level: 'commune', code: '06652' },
        ],
      });
      const commune = await t.http.get('/api/v1/geo/units/06652').expect(200);
      expect(commune.body.childCount).toBe(2);
    });

    it('refuses a second village of the same name in one commune (409), ignoring case and spacing', async () => {
      await createVillage(t.http, admin, '06658', { name: 'Thôn Tây' });
      const dup = await t.http.post('/api/v1/geo/communes/06658/villages').set(admin).send({ name: 'thôn  TÂY', type: 'thon' }).expect(409);
      expect(dup.body.error).toMatchObject({ code: 'VILLAGE_NAME_TAKEN' });
      expect(dup.body.error.message).toContain('thôn TÂY');
      // the same name in another commune is fine; a name differing only in diacritics is another village
      await createVillage(t.http, admin, '06661', { name: 'Thôn Tây' });
      await createVillage(t.http, admin, '06658', { name: 'Thôn Tay' });
      const list = await t.http.get('/api/v1/geo/communes/06658/villages').expect(200);
      expect(list.body.total).toBe(2);
    });

    it('gives concurrent creations distinct codes and never two villages of one name', async () => {
      const names = Array.from({ length: 12 }, (_, i) => `Khu phố ${i % 6}`);
      const results = await Promise.all(
        names.map((name) => t.http.post('/api/v1/geo/communes/06676/villages').set(admin).send({ name, type: 'khu_pho' })),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(6);
      expect(statuses.filter((s) => s === 409)).toHaveLength(6);
      const codes = results.filter((r) => r.status === 201).map((r) => r.body.code);
      expect(new Set(codes).size).toBe(6);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM geo_villages WHERE commune_code = '06676'`);
      expect(count).toBe(6);
    });

    it('searches villages by name ignoring diacritics and filters by type', async () => {
      await createVillage(t.http, admin, '06685', { name: 'Thôn Đồng Đăng', type: 'thon' });
      await createVillage(t.http, admin, '06685', { name: 'Bản Khe Lạnh', type: 'ban' });
      await createVillage(t.http, admin, '06685', { name: 'Tổ dân phố Đồng Tâm', type: 'to_dan_pho' });
      const found = await t.http.get('/api/v1/geo/communes/06685/villages').query({ q: 'dong' }).expect(200);
      expect(found.body.items.map((v: { name: string }) => v.name)).toEqual(['Thôn Đồng Đăng', 'Tổ dân phố Đồng Tâm']);
      const bans = await t.http.get('/api/v1/geo/communes/06685/villages').query({ type: 'ban' }).expect(200);
      expect(bans.body.items.map((v: { name: string }) => v.name)).toEqual(['Bản Khe Lạnh']);
      const none = await t.http.get('/api/v1/geo/communes/06685/villages').query({ q: 'ong dang' }).expect(200);
      expect(none.body.total).toBe(0);
    });

    it('renames and retypes a village, keeping its code', async () => {
      const v = await createVillage(t.http, admin, '06688', { name: 'Thôn Mới' });
      const res = await t.http.patch(`/api/v1/geo/villages/${v.code}`).set(admin).send({ name: 'Thôn Mới Đổi Tên', type: 'lang' }).expect(200);
      expect(res.body).toMatchObject({ code: v.code, name: 'Thôn Mới Đổi Tên', type: 'lang' });
      await createVillage(t.http, admin, '06688', { name: 'Thôn Cũ' });
      const clash = await t.http.patch(`/api/v1/geo/villages/${v.code}`).set(admin).send({ name: 'Thôn Cũ' }).expect(409);
      expect(clash.body.error.code).toBe('VILLAGE_NAME_TAKEN');
    });

    it('archives a village: it disappears, its name can be used again, its code is not reused', async () => {
      const v = await createVillage(t.http, admin, '06706', { name: 'Thôn Bỏ' });
      await t.http.delete(`/api/v1/geo/villages/${v.code}`).set(admin).expect(204);
      await t.http.get(`/api/v1/geo/villages/${v.code}`).expect(404);
      await t.http.delete(`/api/v1/geo/villages/${v.code}`).set(admin).expect(404);
      const again = await createVillage(t.http, admin, '06706', { name: 'Thôn Bỏ' });
      expect(again.code).not.toBe(v.code);
      const list = await t.http.get('/api/v1/geo/communes/06706/villages').expect(200);
      expect(list.body.items.map((x: { code: string }) => x.code)).toEqual([again.code]);
    });

    it.each([
      [{}, ['name', 'type']],
      [{ name: '', type: 'thon' }, ['name']],
      [{ name: '   ', type: 'thon' }, ['name']],
      [{ name: 'x'.repeat(121), type: 'thon' }, ['name']],
      [{ name: 'Thôn A', type: 'huyen' }, ['type']],
      [{ name: 42, type: 'thon' }, ['name']],
      [{ name: 'Thôn A', type: 'thon', code: '06673-0001' }, ['code']],
    ])('rejects body %j (400, naming %j) and writes nothing', async (body, fields) => {
      const res = await t.http.post('/api/v1/geo/communes/06709/villages').set(admin).send(body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      const named = res.body.error.details.map((d: { field: string }) => d.field);
      for (const f of fields) expect(named).toContain(f);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM geo_villages WHERE commune_code = '06709'`);
      expect(count).toBe(0);
    });

    it('a commune public through /geo but outside the caller\'s scope is OUTSIDE_SCOPE (403), never "not found"', async () => {
      const officer = await bearer(t.http, 'xa.baichay');
      await t.http.get('/api/v1/geo/communes/06709').expect(200);
      const res = await t.http.post('/api/v1/geo/communes/06709/villages').set(officer).send({ name: 'Thôn Ngoài', type: 'thon' }).expect(403);
      expect(res.body.error).toEqual({
        code: 'OUTSIDE_SCOPE',
        message: 'Xã/phường/đặc khu có mã 06709 nằm ngoài phạm vi quản lý của bạn.',
        details: { level: 'commune', code: '06709' },
        requestId: expect.any(String),
      });
      const village = await createVillage(t.http, admin, '06709', { name: 'Thôn Ngoài Phạm Vi' });
      await t.http.get(`/api/v1/geo/villages/${village.code}`).expect(200);
      const patch = await t.http.patch(`/api/v1/geo/villages/${village.code}`).set(officer).send({ type: 'ban' }).expect(403);
      expect(patch.body.error).toMatchObject({ code: 'OUTSIDE_SCOPE', message: `Thôn/tổ dân phố có mã ${village.code} nằm ngoài phạm vi quản lý của bạn.` });
      // an unknown one is still 404
      expect((await t.http.patch('/api/v1/geo/villages/06673-9999').set(officer).send({ type: 'ban' }).expect(404)).body.error.code).toBe('VILLAGE_NOT_FOUND');
    });

    it('404 for a village in an unknown commune, 400 for a malformed commune code', async () => {
      const res = await t.http.post('/api/v1/geo/communes/99999/villages').set(admin).send({ name: 'Thôn A', type: 'thon' }).expect(404);
      expect(res.body.error.code).toBe('COMMUNE_NOT_FOUND');
      await t.http.post('/api/v1/geo/communes/9999/villages').set(admin).send({ name: 'Thôn A', type: 'thon' }).expect(400);
    });
  });

  describe('areas', () => {
    it('creates an area of communes of one province and reads it back', async () => {
      const res = await t.http
        .post('/api/v1/geo/areas').set(admin)
        .send({ provinceCode: '22', name: 'Cụm Hạ Long', kind: 'cluster', communeCodes: ['06685', '06673'] })
        .expect(201);
      expect(res.body).toMatchObject({ provinceCode: '22', name: 'Cụm Hạ Long', kind: 'cluster', communeCodes: ['06673', '06685'] });
      const got = await t.http.get(`/api/v1/geo/areas/${res.body.id}`).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('refuses communes of another province (422) and unknown communes (422), writing nothing', async () => {
      const before = await t.db.query('SELECT count(*)::int AS n FROM geo_areas');
      const other = await t.http
        .post('/api/v1/geo/areas').set(admin)
        .send({ provinceCode: '22', name: 'Cụm lẫn', kind: 'cluster', communeCodes: ['06673', '00004'] })
        .expect(422);
      expect(other.body.error).toMatchObject({ code: 'COMMUNES_OUTSIDE_PROVINCE', details: { communeCodes: ['00004'] } });
      const unknown = await t.http
        .post('/api/v1/geo/areas').set(admin)
        .send({ provinceCode: '22', name: 'Cụm lạ', kind: 'cluster', communeCodes: ['99999'] })
        .expect(422);
      expect(unknown.body.error.code).toBe('UNKNOWN_COMMUNES');
      const after = await t.db.query('SELECT count(*)::int AS n FROM geo_areas');
      expect(after[0].n).toBe(before[0].n);
    });

    it('the database itself refuses a member commune outside the area province', async () => {
      const area = await createArea(t.http, admin, { provinceCode: '22', communeCodes: ['06652'] });
      await expect(
        t.db.query(`INSERT INTO geo_area_communes (area_id, province_code, commune_code) VALUES ($1, '22', '00004')`, [area.id]),
      ).rejects.toThrow(/foreign key/);
    });

    it('refuses a duplicate area name in a province (409) but allows it in another province', async () => {
      await createArea(t.http, admin, { provinceCode: '22', name: 'Khu vực 1', communeCodes: ['06652'] });
      const dup = await t.http
        .post('/api/v1/geo/areas').set(admin)
        .send({ provinceCode: '22', name: 'KHU VỰC 1', kind: 'cluster', communeCodes: ['06658'] })
        .expect(409);
      expect(dup.body.error.code).toBe('AREA_NAME_TAKEN');
      await createArea(t.http, admin, { provinceCode: '24', name: 'Khu vực 1', communeCodes: ['07294'] });
    });

    it('replaces the communes of an area and renames it', async () => {
      const area = await createArea(t.http, admin, { provinceCode: '22', communeCodes: ['06652', '06658'] });
      const res = await t.http
        .patch(`/api/v1/geo/areas/${area.id}`).set(admin)
        .send({ name: 'Cụm đã đổi', communeCodes: ['06661'] })
        .expect(200);
      expect(res.body).toMatchObject({ name: 'Cụm đã đổi', communeCodes: ['06661'] });
      const bad = await t.http.patch(`/api/v1/geo/areas/${area.id}`).set(admin).send({ communeCodes: ['00004'] }).expect(422);
      expect(bad.body.error.code).toBe('COMMUNES_OUTSIDE_PROVINCE');
      const unchanged = await t.http.get(`/api/v1/geo/areas/${area.id}`).expect(200);
      expect(unchanged.body.communeCodes).toEqual(['06661']);
    });

    it('lists areas by province and name, and deletes one', async () => {
      const area = await createArea(t.http, admin, { provinceCode: '01', name: 'Ba Đình cũ', communeCodes: ['00004', '00008'] });
      const list = await t.http.get('/api/v1/geo/areas').query({ province: '01', q: 'ba dinh' }).expect(200);
      expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([area.id]);
      expect(list.body.items[0].communeCodes).toEqual(['00004', '00008']);
      await t.http.delete(`/api/v1/geo/areas/${area.id}`).set(admin).expect(204);
      await t.http.get(`/api/v1/geo/areas/${area.id}`).expect(404);
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM geo_area_communes WHERE area_id = $1', [area.id]);
      expect(n).toBe(0);
    });

    it('pages areas with a stable total', async () => {
      for (let i = 0; i < 3; i++) await createArea(t.http, admin, { provinceCode: '04', communeCodes: ['01273'] });
      const p1 = await t.http.get('/api/v1/geo/areas').query({ province: '04', limit: 2 }).expect(200);
      const p2 = await t.http.get('/api/v1/geo/areas').query({ province: '04', limit: 2, offset: 2 }).expect(200);
      expect(p1.body.total).toBe(3);
      expect(p1.body.items).toHaveLength(2);
      expect(p2.body.items).toHaveLength(1);
      const ids = [...p1.body.items, ...p2.body.items].map((a: { id: string }) => a.id);
      expect(new Set(ids).size).toBe(3);
    });

    it.each([
      [{ provinceCode: '22', name: 'A', kind: 'cluster', communeCodes: [] }, 'communeCodes'],
      [{ provinceCode: '22', name: 'A', kind: 'cluster', communeCodes: ['06673', '06673'] }, 'communeCodes'],
      [{ provinceCode: '22', name: 'A', kind: 'cluster', communeCodes: ['6673'] }, 'communeCodes'],
      [{ provinceCode: '2', name: 'A', kind: 'cluster', communeCodes: ['06673'] }, 'provinceCode'],
      [{ provinceCode: '22', name: 'A', kind: 'district', communeCodes: ['06673'] }, 'kind'],
      [{ provinceCode: '22', name: 'A', kind: 'cluster', communeCodes: '06673' }, 'communeCodes'],
    ])('rejects area body %j (400 naming %s)', async (body, field) => {
      const res = await t.http.post('/api/v1/geo/areas').set(admin).send(body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('404 for an area in an unknown province', async () => {
      const res = await t.http
        .post('/api/v1/geo/areas').set(admin)
        .send({ provinceCode: '99', name: 'A', kind: 'cluster', communeCodes: ['06673'] })
        .expect(404);
      expect(res.body.error.code).toBe('PROVINCE_NOT_FOUND');
    });
  });
});
