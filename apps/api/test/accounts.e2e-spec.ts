import { bearer, createTestAppWithDemoData, TEST_PASSWORD, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';

describe('staff accounts: created, listed and reset by the officers above them, in their scope', () => {
  let t: TestApp;
  const as: Record<string, { authorization: string }> = {};
  let seq = 0;
  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    for (const u of ['admin', 'tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) as[u] = await bearer(t.http, u);
  });
  afterAll(() => t.close());

  const create = (creator: string, body: Record<string, unknown>) =>
    t.http
      .post('/api/v1/accounts')
      .set(as[creator])
      .send({ username: `nv.${++seq}`, displayName: 'Nhân viên thử', password: 'mat-khau-dau-tien', ...body });

  // a unit outside the creator's scope is public reference data: 403 OUTSIDE_SCOPE, not "not found";
  // an unknown unit is 404; a role at or above the creator's is 403 FORBIDDEN
  it.each([
    ['admin', { role: 'administrator' }, 201, undefined],
    ['admin', { role: 'province_officer', provinceCode: '01' }, 201, undefined],
    ['admin', { role: 'commune_officer', communeCode: '99999' }, 404, 'COMMUNE_NOT_FOUND'],
    ['admin', { role: 'area_officer', areaId: '7c1f8a43-6a55-4a56-9d4c-64c5b0ab62f5' }, 404, 'AREA_NOT_FOUND'],
    ['tinh.quangninh', { role: 'instructor', communeCode: '06709' }, 201, undefined],
    ['tinh.quangninh', { role: 'instructor', communeCode: '00004' }, 403, 'OUTSIDE_SCOPE'],
    ['tinh.quangninh', { role: 'province_officer', provinceCode: '22' }, 403, 'FORBIDDEN'],
    ['khuvuc.halong', { role: 'commune_officer', communeCode: '06673' }, 201, undefined],
    ['khuvuc.halong', { role: 'commune_officer', communeCode: '06709' }, 403, 'OUTSIDE_SCOPE'],
    ['khuvuc.halong', { role: 'area_officer', areaId: '7c1f8a43-6a55-4a56-9d4c-64c5b0ab62f5' }, 403, 'FORBIDDEN'],
    ['xa.baichay', { role: 'instructor', communeCode: '06673' }, 201, undefined],
    ['xa.baichay', { role: 'instructor', communeCode: '06709' }, 403, 'OUTSIDE_SCOPE'],
    ['xa.baichay', { role: 'instructor', communeCode: '99999' }, 404, 'COMMUNE_NOT_FOUND'],
    ['xa.baichay', { role: 'commune_officer', communeCode: '06673' }, 403, 'FORBIDDEN'],
    ['gv.baichay', { role: 'instructor', communeCode: '06673' }, 403, 'FORBIDDEN'],
  ])('%s creating %j -> %i %s', async (creator, body, status, code) => {
    const res = await create(creator, body);
    expect(res.status).toBe(status);
    if (status === 201) expect(res.body).toMatchObject({ role: body.role, displayName: 'Nhân viên thử' });
    else expect(res.body.error.code).toBe(code);
  });

  it('places an area officer only in an area of a province in scope (another province\'s area: OUTSIDE_SCOPE)', async () => {
    const hanoi = await t.http
      .post('/api/v1/geo/areas')
      .set(as.admin)
      .send({ provinceCode: '01', name: 'Cụm Ba Đình thử', kind: 'cluster', communeCodes: ['00004'] })
      .expect(201);
    const outside = await create('tinh.quangninh', { role: 'area_officer', areaId: hanoi.body.id }).expect(403);
    expect(outside.body.error).toMatchObject({ code: 'OUTSIDE_SCOPE', message: 'Cụm/khu vực này nằm ngoài phạm vi quản lý của bạn.', details: { level: 'area' } });
    await create('admin', { role: 'area_officer', areaId: hanoi.body.id }).expect(201);
  });

  it('refuses a scope that does not fit the role, a taken username and a weak password', async () => {
    const mismatch = await create('admin', { role: 'commune_officer', provinceCode: '22' }).expect(400);
    expect(mismatch.body.error.code).toBe('ACCOUNT_SCOPE_MISMATCH');
    const two = await create('admin', { role: 'commune_officer', communeCode: '06673', provinceCode: '22' }).expect(400);
    expect(two.body.error.code).toBe('ACCOUNT_SCOPE_MISMATCH');
    const taken = await t.http
      .post('/api/v1/accounts')
      .set(as.admin)
      .send({ username: 'xa.baichay', displayName: 'Trùng', role: 'instructor', communeCode: '06673', password: 'mat-khau-dau-tien' })
      .expect(409);
    expect(taken.body.error.code).toBe('USERNAME_TAKEN');
    const weak = await create('admin', { role: 'instructor', communeCode: '06673', password: 'short' }).expect(400);
    expect(weak.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lists only the accounts placed inside the caller’s scope', async () => {
    const names = async (who: string) =>
      (await t.http.get('/api/v1/accounts').query({ limit: 500 }).set(as[who]).expect(200)).body.items.map((a: { username: string }) => a.username);
    const commune = await names('xa.baichay');
    expect(commune).toEqual(expect.arrayContaining(['gv.baichay', 'xa.baichay']));
    expect(commune).not.toContain('tinh.quangninh');
    expect(commune).not.toContain('khuvuc.halong');
    const area = await names('khuvuc.halong');
    expect(area).toEqual(expect.arrayContaining(['gv.baichay', 'xa.baichay']));
    expect(area).not.toContain('tinh.quangninh');
    const province = await names('tinh.quangninh');
    expect(province).toEqual(expect.arrayContaining(['gv.baichay', 'xa.baichay', 'khuvuc.halong', 'tinh.quangninh']));
    expect(province).not.toContain('admin');
    const everyone = await names('admin');
    expect(everyone).toEqual(expect.arrayContaining(['admin', 'gv.baichay', 'tinh.quangninh']));
    await t.http.get('/api/v1/accounts').set(as['gv.baichay']).expect(403);
  });

  it('lets an officer above reset a password; the account’s sessions end', async () => {
    const list = (await t.http.get('/api/v1/accounts').query({ q: 'gv.baichay' }).set(as['xa.baichay']).expect(200)).body.items;
    const gv = list.find((a: { username: string }) => a.username === 'gv.baichay');
    const before = await bearer(t.http, 'gv.baichay');
    await t.http.post(`/api/v1/accounts/${gv.id}/password`).set(as['xa.baichay']).send({ newPassword: 'mat-khau-cap-lai-1' }).expect(204);
    await t.http.get('/api/v1/auth/me').set(before).expect(401);
    await t.http.post('/api/v1/auth/login').send({ username: 'gv.baichay', password: TEST_PASSWORD }).expect(401);
    await t.http.post('/api/v1/auth/login').send({ username: 'gv.baichay', password: 'mat-khau-cap-lai-1' }).expect(200);

    const all = (await t.http.get('/api/v1/accounts').query({ limit: 500 }).set(as.admin).expect(200)).body.items;
    const province = all.find((a: { username: string }) => a.username === 'tinh.quangninh');
    const commune = all.find((a: { username: string }) => a.username === 'xa.baichay');
    // a commune officer cannot even see the province officer; an instructor cannot reset anyone
    await t.http.post(`/api/v1/accounts/${province.id}/password`).set(as['xa.baichay']).send({ newPassword: 'mat-khau-cap-lai-2' }).expect(404);
    await t.http.post(`/api/v1/accounts/${commune.id}/password`).set(as['tinh.quangninh']).send({ newPassword: 'mat-khau-cap-lai-3' }).expect(204);
    await t.http.post(`/api/v1/accounts/${commune.id}/password`).send({ newPassword: 'mat-khau-cap-lai-4' }).expect(401);
    await t.http.post('/api/v1/accounts/not-a-uuid/password').set(as.admin).send({ newPassword: 'mat-khau-cap-lai-5' }).expect(400);
  });
});
