import { cccdPrefix } from '@hvs/identity';
import { bearer, createTestAppWithDemoData, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';

/** A valid CCCD for a person (registered in Quảng Ninh, "022"), unique by `serial`. */
const cccdFor = (birthDate: string, sex: 'male' | 'female', serial: number) =>
  cccdPrefix('22', Number(birthDate.slice(0, 4)), sex) + String(serial).padStart(6, '0');

describe('residents registry', () => {
  let t: TestApp;
  const as: Record<string, { authorization: string }> = {};
  let serial = 100;
  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    for (const u of ['admin', 'tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) as[u] = await bearer(t.http, u);
  });
  afterAll(() => t.close());

  const person = (over: Record<string, unknown> = {}) => {
    const birthDate = (over.birthDate as string) ?? '1958-04-12';
    const sex = (over.sex as 'male' | 'female') ?? 'female';
    return {
      fullName: 'Nguyễn Thị Hoa',
      birthDate,
      sex,
      cccd: cccdFor(birthDate, sex, ++serial),
      phone: `09${String(10_000_000 + serial)}`,
      communeCode: '06673',
      consent: { purposes: ['training_records'], method: 'assisted' },
      ...over,
    };
  };
  const register = (who: string, body: Record<string, unknown>) => t.http.post('/api/v1/residents').set(as[who]).send(body);

  it('registers a resident: personal fields in full for the commune officer, flags derived, consent recorded', async () => {
    const body = person({ ethnicMinority: true, poverty: 'near_poor' });
    const res = await register('xa.baichay', body).expect(201);
    expect(res.body).toMatchObject({
      fullName: 'Nguyễn Thị Hoa',
      birthDate: '1958-04-12',
      birthYear: 1958,
      cccd: body.cccd,
      phone: body.phone,
      masked: false,
      communeCode: '06673',
      flags: { elderly: true, ethnicMinority: true, disability: false, poverty: 'near_poor', noSmartphone: false },
      registrationMethod: 'assisted',
      hasAccount: false,
    });
    expect(res.body.consents).toEqual([expect.objectContaining({ purpose: 'training_records', method: 'assisted', withdrawnAt: null })]);
  });

  it('masks CCCD and phone for the officers above the commune, and in every list', async () => {
    const body = person();
    const { body: created } = await register('xa.baichay', body).expect(201);
    const province = await t.http.get(`/api/v1/residents/${created.id}`).set(as['tinh.quangninh']).expect(200);
    expect(province.body).toMatchObject({ masked: true, cccd: `********${body.cccd.slice(-4)}`, phone: `${body.phone.slice(0, 4)}***${body.phone.slice(-3)}` });
    const list = await t.http.get('/api/v1/residents').query({ cccd: body.cccd }).set(as['xa.baichay']).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: created.id, masked: true, cccd: `********${body.cccd.slice(-4)}` });
  });

  it('finds residents by name ignoring diacritics, by phone and by village, page by page', async () => {
    const a = await register('xa.baichay', person({ fullName: 'Trần Văn Đức' })).expect(201);
    await register('xa.baichay', person({ fullName: 'Trần Thị Đào', sex: 'female' })).expect(201);
    const byName = await t.http.get('/api/v1/residents').query({ q: 'tran van duc' }).set(as['xa.baichay']).expect(200);
    expect(byName.body.items.map((r: { id: string }) => r.id)).toEqual([a.body.id]);
    const prefix = await t.http.get('/api/v1/residents').query({ q: 'TRAN D', limit: 1 }).set(as['xa.baichay']).expect(200);
    expect(prefix.body.items).toHaveLength(1);
    expect(prefix.body.nextCursor).toEqual(expect.any(String));
    const next = await t.http.get('/api/v1/residents').query({ q: 'TRAN D', limit: 1, cursor: prefix.body.nextCursor }).set(as['xa.baichay']).expect(200);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].id).not.toBe(prefix.body.items[0].id);
    expect(next.body.nextCursor).toBeNull();
    const byPhone = await t.http.get('/api/v1/residents').query({ phone: a.body.phone }).set(as['xa.baichay']).expect(200);
    expect(byPhone.body.items.map((r: { id: string }) => r.id)).toEqual([a.body.id]);
  });

  it('refuses a duplicate CCCD with 409, naming the commune only to callers who may see it', async () => {
    const body = person();
    await register('xa.baichay', body).expect(201);
    const sameCommune = await register('gv.baichay', { ...body, fullName: 'Người Khác' }).expect(409);
    expect(sameCommune.body.error).toMatchObject({ code: 'RESIDENT_DUPLICATE_CCCD', details: { communeCode: '06673' } });
    const admin = await register('admin', { ...body, communeCode: '00004' }).expect(409);
    expect(admin.body.error.details.communeCode).toBe('06673');
  });

  it.each([
    [{ cccd: '12345' }, 'CCCD_FORMAT'],
    [{ cccd: '022058000001', sex: 'female' }, 'CCCD_SEX_MISMATCH'],
    [{ cccd: '022358000001' }, 'CCCD_CENTURY_MISMATCH'],
    [{ cccd: '022157000001' }, 'CCCD_BIRTH_YEAR_MISMATCH'],
    [{ cccd: '099158000001' }, 'CCCD_UNKNOWN_PROVINCE'],
    [{ phone: '12345' }, 'PHONE_INVALID'],
    [{ birthDate: '2099-01-01', cccd: null }, 'BIRTH_DATE_OUT_OF_RANGE'],
    [{ birthDate: '1958-02-30' }, 'VALIDATION_FAILED'],
    [{ consent: { purposes: ['contact_by_phone'], method: 'self' } }, 'CONSENT_REQUIRED'],
    [{ consent: { purposes: ['training_records'], method: 'self', extra: 1 } }, 'VALIDATION_FAILED'],
    [{ secret: 'x' }, 'VALIDATION_FAILED'],
  ])('refuses %j with %s and records nothing', async (over, code) => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM identity_residents');
    const res = await register('xa.baichay', person(over)).expect(400);
    expect(res.body.error.code).toBe(code);
    const after = await t.db.query('SELECT count(*)::int AS n FROM identity_residents');
    expect(after[0].n).toBe(before[0].n);
  });
});
