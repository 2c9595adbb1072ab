import { BAY, startMock, type MockServer } from '@hvs/testing';

const verify = (m: MockServer, body: unknown) => m.partner('POST', '/v1/citizens/verify', { body });

describe('vneid-mock: citizen check', () => {
  let m: MockServer;
  beforeAll(async () => {
    m = await startMock({ VNEID_SEED: 'citizens-e2e' });
  });
  afterAll(() => m.close());

  it("knows the platform's demo resident, however his name is spaced or cased, but not with other diacritics or another date", async () => {
    expect((await verify(m, BAY)).body).toEqual({ result: 'match' });
    expect((await verify(m, { ...BAY, fullName: '  trần   VĂN bảy ' })).body).toEqual({ result: 'match' });
    expect((await verify(m, { ...BAY, fullName: 'Tran Van Bay' })).body).toEqual({ result: 'mismatch', field: 'fullName', fields: ['fullName'] });
    expect((await verify(m, { ...BAY, fullName: 'Trần Văn Bẩy' })).body).toMatchObject({ result: 'mismatch', field: 'fullName' });
    expect((await verify(m, { ...BAY, birthDate: '1962-05-21' })).body).toEqual({ result: 'mismatch', field: 'birthDate', fields: ['birthDate'] });
  });

  it('answers not_found for numbers no one can have', async () => {
    for (const cccd of ['099062912001', '922062912001', '022290000001']) {
      expect((await verify(m, { ...BAY, cccd })).body).toEqual({ result: 'not_found' });
    }
  });

  it('gives every generated person their outcome, deterministically for the seed', async () => {
    const listed: Record<string, Array<{ cccd: string; person: { fullName: string; birthDate: string }; field: string | null }>> = {};
    for (const expected of ['match', 'mismatch', 'not_found']) {
      const res = await m.admin('GET', `/admin/citizens?expected=${expected}&count=15`);
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(15);
      listed[expected] = res.body.items;
      for (const c of res.body.items) {
        const answer = (await verify(m, { cccd: c.cccd, ...c.person, sex: undefined })).body;
        expect(answer.result).toBe(expected);
        if (expected === 'mismatch') expect(answer.field).toBe(c.field);
        if (expected === 'mismatch') expect(c.registry[c.field]).not.toBe(c.person[c.field]);
      }
    }
    expect(new Set(listed.mismatch!.map((c) => c.field))).toEqual(new Set(['fullName', 'birthDate']));
    // the next page continues the list
    const next = await m.admin('GET', '/admin/citizens?expected=match&count=5&offset=10');
    expect(next.body.items.map((c: { cccd: string }) => c.cccd)).toEqual(listed.match!.slice(10, 15).map((c) => c.cccd));

    // the same seed in another process: the same people and answers; another seed: other people
    const same = await startMock({ VNEID_SEED: 'citizens-e2e' });
    const other = await startMock({ VNEID_SEED: 'another-seed' });
    try {
      for (const c of [...listed.match!, ...listed.mismatch!]) {
        const here = await m.admin('GET', `/admin/citizens/${c.cccd}`);
        expect((await same.admin('GET', `/admin/citizens/${c.cccd}`)).body).toEqual(here.body);
      }
      const answersThere = [];
      for (const c of listed.match!) answersThere.push((await other.partner('POST', '/v1/citizens/verify', { body: { cccd: c.cccd, ...c.person, sex: undefined } })).body.result);
      expect(answersThere.filter((r) => r !== 'match').length).toBeGreaterThan(10); // other names under those numbers
    } finally {
      await same.close();
      await other.close();
    }
  });

  it('describes what the registry holds for a number', async () => {
    const res = await m.admin('GET', `/admin/citizens/${BAY.cccd}`);
    expect(res.body).toEqual({
      cccd: BAY.cccd,
      registered: true,
      registry: { fullName: BAY.fullName, birthDate: BAY.birthDate },
      person: { fullName: BAY.fullName, birthDate: BAY.birthDate, sex: 'male' },
      expected: 'match',
      field: null,
    });
    expect((await m.admin('GET', '/admin/citizens/099062912001')).body).toMatchObject({ registered: false, person: null, expected: 'not_found' });
    expect((await m.admin('GET', '/admin/citizens/12345')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await m.admin('GET', '/admin/citizens?expected=maybe')).status).toBe(400);
    expect((await m.admin('GET', '/admin/citizens?expected=match&count=0')).status).toBe(400);
  });

  it('registers people added at run time exactly as given, until a reset', async () => {
    const [stranger] = (await m.admin('GET', '/admin/citizens?expected=not_found&count=1')).body.items;
    const added = { cccd: stranger.cccd, fullName: 'Lê Thị Mận', birthDate: '1958-04-12' };
    expect((await verify(m, added)).body).toEqual({ result: 'not_found' });
    expect((await m.admin('POST', '/admin/citizens', { citizens: [added] })).body).toEqual({ added: 1 });
    expect((await verify(m, added)).body).toEqual({ result: 'match' });
    expect((await verify(m, { ...added, fullName: 'Lê Thị Mần' })).body.result).toBe('mismatch');
    expect((await m.admin('POST', '/admin/citizens', { citizens: [] })).status).toBe(400);
    expect((await m.admin('POST', '/admin/citizens', { citizens: [{ ...added, cccd: '1' }] })).body.error.details[0].field).toBe('citizens.0.cccd');
    await m.admin('POST', '/admin/reset');
    expect((await verify(m, added)).body).toEqual({ result: 'not_found' });
  });

  it('refuses malformed checks with 400 VALIDATION_FAILED naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...BAY, cccd: '02206291200' }, 'cccd'],
      [{ ...BAY, cccd: 22062912001 }, 'cccd'],
      [{ ...BAY, fullName: '' }, 'fullName'],
      [{ ...BAY, fullName: 'x'.repeat(101) }, 'fullName'],
      [{ ...BAY, birthDate: '2026-02-30' }, 'birthDate'],
      [{ ...BAY, birthDate: '20-05-1962' }, 'birthDate'],
      [{ ...BAY, birthDate: '1962-20-05' }, 'birthDate'],
      [{ cccd: BAY.cccd, fullName: BAY.fullName }, 'birthDate'],
      [{ ...BAY, phone: '0912000001' }, 'phone'],
    ];
    const before = (await m.admin('GET', '/admin/inspection')).body.counters.verifications;
    for (const [body, field] of cases) {
      const res = await verify(m, body);
      expect({ field, status: res.status, code: res.body.error?.code }).toEqual({ field, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await m.partner('POST', '/v1/citizens/verify', { body: '{"cccd":' })).body.error.code).toBe('INVALID_JSON');
    const counted = (await m.admin('GET', '/admin/inspection')).body.counters.verifications;
    expect(counted).toEqual(before); // refused checks are no checks
  });
});
