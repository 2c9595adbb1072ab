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
      hasAccount: true, // registered with a phone no account holds (docs/security.md, resident accounts)
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
    const village = await t.http
      .post('/api/v1/geo/communes/06673/villages')
      .set(as['xa.baichay'])
      .send({ name: 'Tổ dân phố Thử Tìm', type: 'to_dan_pho' })
      .expect(201);
    const inVillage = await register('gv.baichay', person({ fullName: 'Hà Văn Sơn', sex: 'male', villageCode: village.body.code })).expect(201);
    expect(inVillage.body.villageCode).toBe(village.body.code);
    const byVillage = await t.http.get('/api/v1/residents').query({ villageCode: village.body.code }).set(as['xa.baichay']).expect(200);
    expect(byVillage.body.items.map((r: { id: string }) => r.id)).toEqual([inVillage.body.id]);
    const wrongCommune = await register('admin', person({ communeCode: '06709', villageCode: village.body.code, cccd: null })).expect(400);
    expect(wrongCommune.body.error.code).toBe('VILLAGE_NOT_IN_COMMUNE');
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

describe('residents registry: consent, export, erasure, personal data at rest', () => {
  let t: TestApp;
  const as: Record<string, { authorization: string }> = {};
  let serial = 500;
  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    for (const u of ['admin', 'tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) as[u] = await bearer(t.http, u);
  });
  afterAll(() => t.close());

  const registerOne = async (over: Record<string, unknown> = {}) => {
    const birthDate = '1961-09-02';
    const body = {
      fullName: 'Lê Văn Thắng',
      birthDate,
      sex: 'male',
      cccd: cccdFor(birthDate, 'male', ++serial),
      phone: `038${String(1_000_000 + serial)}`,
      communeCode: '06673',
      consent: { purposes: ['training_records', 'contact_by_phone'], method: 'paper_form' },
      ...over,
    };
    const res = await t.http.post('/api/v1/residents').set(as['xa.baichay']).send(body).expect(201);
    return { body, created: res.body as { id: string } };
  };

  it('stores no personal field in clear: the raw row holds neither name, birth date, CCCD nor phone', async () => {
    const { body, created } = await registerOne({ fullName: 'Phạm Thị Xuân Mai' });
    const [raw] = await t.db.query(`SELECT r::text AS row_text, encode(personal_data, 'escape') AS blob FROM identity_residents r WHERE id = $1`, [created.id]);
    const needles = [body.fullName, 'Pham Thi Xuan Mai', 'pham', body.birthDate, '02/09/1961', body.cccd, body.cccd.slice(-6), body.phone, body.phone.slice(-6)];
    for (const needle of needles) {
      expect(raw.row_text.toLowerCase()).not.toContain(needle.toLowerCase());
      expect(raw.blob.toLowerCase()).not.toContain(needle.toLowerCase());
    }
    // and no other table of the schema holds them either (consents, accounts, audit details)
    const tables: Array<{ table_name: string }> = await t.db.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    for (const { table_name } of tables) {
      const [hit] = await t.db.query(
        `SELECT count(*)::int AS n FROM "${table_name}" x WHERE lower(x::text) LIKE ANY($1)`,
        [[body.cccd, body.phone, body.fullName.toLowerCase()].map((n) => `%${n}%`)],
      );
      expect({ table: table_name, hits: hit.n }).toEqual({ table: table_name, hits: 0 });
    }
    // the blob decrypts only for its own row: copied to another row it fails authentication
    const other = await registerOne();
    const [original] = await t.db.query(`SELECT personal_data FROM identity_residents WHERE id = $1`, [other.created.id]);
    await t.db.query(`UPDATE identity_residents SET personal_data = (SELECT personal_data FROM identity_residents WHERE id = $1) WHERE id = $2`, [
      created.id,
      other.created.id,
    ]);
    const res = await t.http.get(`/api/v1/residents/${other.created.id}`).set(as['xa.baichay']);
    expect(res.status).toBe(500);
    await t.db.query(`UPDATE identity_residents SET personal_data = $1 WHERE id = $2`, [original.personal_data, other.created.id]);
    await t.http.get(`/api/v1/residents/${other.created.id}`).set(as['xa.baichay']).expect(200);
  });

  it('records more consent and withdraws it, keeping the history', async () => {
    const { created } = await registerOne();
    const granted = await t.http
      .post(`/api/v1/residents/${created.id}/consents`)
      .set(as['gv.baichay'])
      .send({ purposes: ['certificate_recognition'], method: 'self' })
      .expect(201);
    expect(granted.body.map((c: { purpose: string }) => c.purpose).sort()).toEqual(['certificate_recognition', 'contact_by_phone', 'training_records']);
    const withdrawn = await t.http.delete(`/api/v1/residents/${created.id}/consents/contact_by_phone`).set(as['gv.baichay']).expect(200);
    expect(withdrawn.body.find((c: { purpose: string }) => c.purpose === 'contact_by_phone').withdrawnAt).toEqual(expect.any(String));
    const again = await t.http.delete(`/api/v1/residents/${created.id}/consents/contact_by_phone`).set(as['gv.baichay']).expect(404);
    expect(again.body.error.code).toBe('CONSENT_NOT_FOUND');
    await t.http.delete(`/api/v1/residents/${created.id}/consents/marketing`).set(as['gv.baichay']).expect(400);
  });

  it('exports everything held about a resident, in full, with who accessed the record', async () => {
    const { body, created } = await registerOne();
    await t.http.get(`/api/v1/residents/${created.id}`).set(as['gv.baichay']).expect(200);
    const res = await t.http.get(`/api/v1/residents/${created.id}/export`).set(as['tinh.quangninh']).expect(200);
    expect(res.body.resident).toMatchObject({ id: created.id, fullName: body.fullName, cccd: body.cccd, phone: body.phone, masked: false });
    expect(res.body.resident.consents).toHaveLength(2);
    expect(res.body.accessLog.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['resident.create', 'resident.read_unmasked', 'resident.export']),
    );
    await t.http.get(`/api/v1/residents/${created.id}/export`).set(as['gv.baichay']).expect(403);
  });

  it('erases personal data but keeps the anonymised row, so counts do not change; the CCCD can be registered again', async () => {
    const { body, created } = await registerOne({ disability: true });
    const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM identity_residents WHERE commune_code = '06673'`))[0].n;
    const before = await count();
    await t.http.post(`/api/v1/residents/${created.id}/erasure`).set(as['xa.baichay']).expect(204);
    expect(await count()).toBe(before);
    const [row] = await t.db.query(`SELECT * FROM identity_residents WHERE id = $1`, [created.id]);
    expect(row).toMatchObject({
      status: 'erased',
      personal_data: null,
      cccd_index: null,
      phone_index: null,
      dedupe_index: null,
      name_tokens: [],
      birth_year: 1961,
      sex: 'male',
      disability: true,
      commune_code: '06673',
    });
    expect(row.erased_at).toBeInstanceOf(Date);
    const consents = await t.db.query(`SELECT withdrawn_at FROM identity_consents WHERE resident_id = $1`, [created.id]);
    expect(consents.every((c: { withdrawn_at: Date | null }) => c.withdrawn_at !== null)).toBe(true);
    await t.http.get(`/api/v1/residents/${created.id}`).set(as['xa.baichay']).expect(404);
    await t.http.post(`/api/v1/residents/${created.id}/erasure`).set(as['xa.baichay']).expect(404);
    const search = await t.http.get('/api/v1/residents').query({ cccd: body.cccd }).set(as['xa.baichay']).expect(200);
    expect(search.body.items).toEqual([]);
    await t.http.post('/api/v1/residents').set(as['xa.baichay']).send(body).expect(201);
  });

  it('corrects a resident, re-checking CCCD against the new birth date and refusing a duplicate', async () => {
    const { body, created } = await registerOne();
    const other = await registerOne();
    const moved = await t.http.patch(`/api/v1/residents/${created.id}`).set(as['xa.baichay']).send({ birthDate: '1962-01-01' }).expect(400);
    expect(moved.body.error).toMatchObject({ code: 'CCCD_BIRTH_YEAR_MISMATCH', details: { field: 'cccd' } });
    const dup = await t.http.patch(`/api/v1/residents/${created.id}`).set(as['xa.baichay']).send({ cccd: other.body.cccd }).expect(409);
    expect(dup.body.error.code).toBe('RESIDENT_DUPLICATE_CCCD');
    // listed once (its decrypted fields now cached), then corrected: the list shows the correction
    const listed = await t.http.get('/api/v1/residents').query({ cccd: body.cccd }).set(as['xa.baichay']).expect(200);
    expect(listed.body.items[0]).toMatchObject({ id: created.id, fullName: 'Lê Văn Thắng' });
    const ok = await t.http
      .patch(`/api/v1/residents/${created.id}`)
      .set(as['xa.baichay'])
      .send({ fullName: 'Lê Văn Thắng Lợi', phone: null, noSmartphone: true })
      .expect(200);
    expect(ok.body).toMatchObject({ fullName: 'Lê Văn Thắng Lợi', phone: null, flags: { noSmartphone: true } });
    const found = await t.http.get('/api/v1/residents').query({ q: 'thang loi' }).set(as['xa.baichay']).expect(200);
    expect(found.body.items.map((r: { id: string }) => r.id)).toEqual([created.id]);
    expect(found.body.items[0]).toMatchObject({ fullName: 'Lê Văn Thắng Lợi', phone: null });
    await t.http.patch(`/api/v1/residents/${created.id}`).set(as['xa.baichay']).send({ communeCode: '06709' }).expect(400);
  });

  it('keeps residents inside the caller\'s scope: other communes\' residents answer 404, the commune itself OUTSIDE_SCOPE', async () => {
    const { created } = await registerOne();
    const hanoi = await t.http
      .post('/api/v1/residents')
      .set(as.admin)
      .send({ fullName: 'Đỗ Minh Châu', birthDate: '1970-05-05', sex: 'female', communeCode: '00004', consent: { purposes: ['training_records'], method: 'self' } })
      .expect(201);
    await t.http.get(`/api/v1/residents/${hanoi.body.id}`).set(as['tinh.quangninh']).expect(404);
    await t.http.get(`/api/v1/residents/${hanoi.body.id}`).set(as['xa.baichay']).expect(404);
    await t.http.get(`/api/v1/residents/${created.id}`).set(as['khuvuc.halong']).expect(200);
    const listed = await t.http.get('/api/v1/residents').query({ communeCode: '00004' }).set(as['xa.baichay']).expect(403);
    expect(listed.body.error).toMatchObject({ code: 'OUTSIDE_SCOPE', message: 'Xã/phường/đặc khu có mã 00004 nằm ngoài phạm vi quản lý của bạn.', details: { level: 'commune', code: '00004' } });
    expect((await t.http.get('/api/v1/residents').query({ communeCode: '99999' }).set(as['xa.baichay']).expect(404)).body.error.code).toBe('COMMUNE_NOT_FOUND');
    const all = await t.http.get('/api/v1/residents').query({ limit: 200 }).set(as['tinh.quangninh']).expect(200);
    expect(all.body.items.some((r: { id: string }) => r.id === hanoi.body.id)).toBe(false);
    await t.http.get('/api/v1/residents').query({ cursor: 'bm90LWEtY3Vyc29y' }).set(as['xa.baichay']).expect(400);
  });
});
