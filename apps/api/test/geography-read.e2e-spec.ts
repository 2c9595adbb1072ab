import { createTestApp, type TestApp } from '@hvs/testing';
import { normalizeSearchText } from '@hvs/platform';
import { AppModule } from '../src/app.module';

describe('geography: reading provinces, communes and units', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(AppModule);
  });
  afterAll(() => t.close());

  it('lists the 34 provinces in code order', async () => {
    const res = await t.http.get('/api/v1/geo/provinces').query({ limit: 500 }).expect(200);
    expect(res.body.total).toBe(34);
    expect(res.body.items).toHaveLength(34);
    const codes = res.body.items.map((p: { code: string }) => p.code);
    expect(codes).toEqual([...codes].sort());
    expect(res.body.items[0]).toEqual({
      code: '01',
      name: 'Hà Nội',
      fullName: 'Thành phố Hà Nội',
      nameEn: 'Hanoi',
      fullNameEn: 'Hanoi City',
      type: 'thanh_pho',
      communeCount: 126,
    });
  });

  it.each(['bac ninh', 'Bắc Ninh', 'BAC NINH', 'bắc'])('finds Bắc Ninh (24) by %p', async (q) => {
    const res = await t.http.get('/api/v1/geo/provinces').query({ q }).expect(200);
    expect(res.body.items[0]).toMatchObject({ code: '24', name: 'Bắc Ninh' });
  });

  it('lists 3,321 communes, paged in a stable order', async () => {
    const first = await t.http.get('/api/v1/geo/communes').expect(200);
    expect(first.body).toMatchObject({ total: 3321, limit: 50, offset: 0 });
    const all: string[] = [];
    for (let offset = 0; offset < 3321; offset += 500) {
      const page = await t.http.get('/api/v1/geo/communes').query({ limit: 500, offset }).expect(200);
      all.push(...page.body.items.map((c: { code: string }) => c.code));
    }
    expect(all).toHaveLength(3321);
    expect(new Set(all).size).toBe(3321);
    expect(all).toEqual([...all].sort());
  });

  it('finds Phường Bãi Cháy (06673) by "bai chay", first', async () => {
    const res = await t.http.get('/api/v1/geo/communes').query({ q: 'bai chay' }).expect(200);
    expect(res.body.items[0]).toEqual({
      code: '06673',
      name: 'Bãi Cháy',
      fullName: 'Phường Bãi Cháy',
      nameEn: 'Bai Chay',
      fullNameEn: 'Bai Chay Ward',
      type: 'phuong',
      provinceCode: '22',
      provinceName: 'Quảng Ninh',
    });
  });

  it('finds communes by a former (pre-merger) name, after current-name matches', async () => {
    // Phường Hùng Thắng was merged into Phường Bãi Cháy in 2025.
    const res = await t.http.get('/api/v1/geo/communes').query({ q: 'hung thang', province: '22' }).expect(200);
    expect(res.body.items.map((c: { code: string }) => c.code)).toContain('06673');
  });

  it('every search result really matches, and pages of a search do not overlap', async () => {
    const q = 'tan';
    const p1 = await t.http.get('/api/v1/geo/communes').query({ q, limit: 20 }).expect(200);
    const p2 = await t.http.get('/api/v1/geo/communes').query({ q, limit: 20, offset: 20 }).expect(200);
    expect(p1.body.total).toBe(p2.body.total);
    const c1 = p1.body.items.map((c: { code: string }) => c.code);
    const c2 = p2.body.items.map((c: { code: string }) => c.code);
    expect(c1.filter((c: string) => c2.includes(c))).toEqual([]);
    for (const c of p1.body.items) expect(` ${normalizeSearchText(c.fullName)}`).toContain(` ${q}`);
  });

  it('filters communes by province and type, alone and with a search', async () => {
    const res = await t.http.get('/api/v1/geo/communes').query({ province: '22', type: 'dac_khu' }).expect(200);
    expect(res.body.items.map((c: { code: string }) => c.code)).toEqual(['06994', '07192']);
    const byProvince = await t.http.get('/api/v1/geo/provinces/24/communes').query({ limit: 500 }).expect(200);
    expect(byProvince.body.total).toBe(99);
    expect(byProvince.body.items.every((c: { provinceCode: string }) => c.provinceCode === '24')).toBe(true);
    const searched = await t.http.get('/api/v1/geo/provinces/22/communes').query({ q: 'mong cai' }).expect(200);
    expect(searched.body.items.map((c: { code: string }) => c.code).sort()).toEqual(['06709', '06712', '06736']);
  });

  it('gives one unit of any level with its ancestors', async () => {
    const commune = await t.http.get('/api/v1/geo/units/06673').expect(200);
    expect(commune.body).toMatchObject({
      level: 'commune',
      code: '06673',
      fullName: 'Phường Bãi Cháy',
      ancestors: [{ level: 'province', code: '22', name: 'Quảng Ninh' }],
      formerNames: ['Phường Hùng Thắng', 'Phường Bãi Cháy'],
    });
    const province = await t.http.get('/api/v1/geo/units/24').expect(200);
    expect(province.body).toMatchObject({ level: 'province', code: '24', ancestors: [], childCount: 99 });
    expect(province.body.formerNames).toEqual(['tỉnh Bắc Giang', 'tỉnh Bắc Ninh']);
  });

  it('gives one province and one commune by code', async () => {
    await t.http.get('/api/v1/geo/provinces/24').expect(200, /Bắc Ninh/);
    const c = await t.http.get('/api/v1/geo/communes/06673').expect(200);
    expect(c.body.name).toBe('Bãi Cháy');
  });

  it.each([
    ['/api/v1/geo/provinces/99', 'PROVINCE_NOT_FOUND'],
    ['/api/v1/geo/provinces/99/communes', 'PROVINCE_NOT_FOUND'],
    ['/api/v1/geo/communes/99999', 'COMMUNE_NOT_FOUND'],
    ['/api/v1/geo/communes/99999/villages', 'COMMUNE_NOT_FOUND'],
    ['/api/v1/geo/units/99999', 'UNIT_NOT_FOUND'],
    ['/api/v1/geo/units/06673-9999', 'UNIT_NOT_FOUND'],
    ['/api/v1/geo/villages/06673-9999', 'VILLAGE_NOT_FOUND'],
    ['/api/v1/geo/areas/7c1f8a43-6a55-4a56-9d4c-64c5b0ab62f5', 'AREA_NOT_FOUND'],
  ])('unknown code %s -> 404 %s', async (url, code) => {
    const res = await t.http.get(url).expect(404);
    expect(res.body.error).toMatchObject({ code });
    expect(res.body.error.message).toMatch(/Không tìm thấy/);
    expect(res.body.error.requestId).toEqual(expect.any(String));
  });

  it.each([
    ['/api/v1/geo/provinces/2', 'INVALID_PROVINCE_CODE'],
    ['/api/v1/geo/provinces/ab', 'INVALID_PROVINCE_CODE'],
    ['/api/v1/geo/communes/6673', 'INVALID_COMMUNE_CODE'],
    ['/api/v1/geo/communes/0667x/villages', 'INVALID_COMMUNE_CODE'],
    ['/api/v1/geo/units/123', 'INVALID_UNIT_CODE'],
    ['/api/v1/geo/villages/06673-01', 'INVALID_VILLAGE_CODE'],
    ['/api/v1/geo/areas/not-a-uuid', 'INVALID_AREA_ID'],
  ])('malformed code %s -> 400 %s', async (url, code) => {
    const res = await t.http.get(url).expect(400);
    expect(res.body.error.code).toBe(code);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ limit: 'abc' }, 'limit'],
    [{ offset: '-1' }, 'offset'],
    [{ province: '2' }, 'province'],
    [{ type: 'huyen' }, 'type'],
    [{ q: 'x'.repeat(101) }, 'q'],
    [{ unknown: '1' }, 'unknown'],
  ])('bad query %j -> 400 VALIDATION_FAILED naming %s', async (query, field) => {
    const res = await t.http.get('/api/v1/geo/communes').query(query).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toBe('Dữ liệu gửi lên không hợp lệ.');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('accepts limit up to 500', async () => {
    const res = await t.http.get('/api/v1/geo/communes').query({ limit: 500 }).expect(200);
    expect(res.body.items).toHaveLength(500);
  });
});
