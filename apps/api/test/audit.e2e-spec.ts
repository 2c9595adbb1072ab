import { cccdPrefix, type AuditEventView } from '@hvs/identity';
import { bearer, createTestAppWithDemoData, type TestApp } from '@hvs/testing';
import type { Response } from 'supertest';
import { AppModule } from '../src/app.module';

type AuditEvent = AuditEventView;

/** A documentation address (RFC 5737), sent as the client address through the trusted proxy header. */
const CLIENT_IP = '203.0.113.7';

describe('audit trail', () => {
  let t: TestApp;
  const as: Record<string, { authorization: string }> = {};
  const ids: Record<string, string> = {};
  let serial = 500;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    for (const u of ['admin', 'tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) {
      as[u] = await bearer(t.http, u);
      ids[u] = (await t.http.get('/api/v1/auth/me').set(as[u]).expect(200)).body.id;
    }
  });
  afterAll(() => t.close());

  const person = (over: Record<string, unknown> = {}) => ({
    fullName: 'Phạm Văn Bình',
    birthDate: '1961-09-30',
    sex: 'male',
    cccd: cccdPrefix('22', 1961, 'male') + String(++serial).padStart(6, '0'),
    phone: `09${String(20_000_000 + serial)}`,
    communeCode: '06673',
    consent: { purposes: ['training_records'], method: 'assisted' },
    ...over,
  });

  /** Events straight from the table (not through the endpoint under test). */
  const eventsOf = async (where: string, params: unknown[] = []): Promise<AuditEvent[]> =>
    t.db.query(
      `SELECT id::text, at, actor_account_id AS "actorAccountId", actor_role AS "actorRole", action, target_type AS "targetType",
              target_id AS "targetId", unit_path::text AS "unitPath", request_id AS "requestId", host(ip) AS ip, details
         FROM audit_events WHERE ${where} ORDER BY id`,
      params,
    );
  const count = async (): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM audit_events`))[0].n;
  const list = (who: string, query: Record<string, string | number> = {}) => t.http.get('/api/v1/audit-events').query(query).set(as[who]);

  describe('the table is append-only', () => {
    it.each([
      ['UPDATE', `UPDATE audit_events SET action = 'x.y' WHERE id = (SELECT min(id) FROM audit_events)`],
      ['DELETE', `DELETE FROM audit_events WHERE id = (SELECT min(id) FROM audit_events)`],
      ['TRUNCATE', `TRUNCATE audit_events`],
    ])('refuses %s', async (op, sql) => {
      const before = await count();
      expect(before).toBeGreaterThan(0); // the demo seeding wrote events, so the row triggers have a row to refuse
      await expect(t.db.query(sql)).rejects.toThrow(`audit_events is append-only (${op} refused)`);
      expect(await count()).toBe(before);
    });
  });

  describe('writes are recorded', () => {
    it('a resident registration: actor, role, request id, address and unit', async () => {
      const res = await t.http.post('/api/v1/residents').set(as['xa.baichay']).set('x-forwarded-for', CLIENT_IP).send(person()).expect(201);
      const requestId = res.headers['x-request-id'];
      expect(requestId).toEqual(expect.any(String));
      const events = await eventsOf(`action = 'resident.create' AND target_id = $1`, [res.body.id]);
      expect(events).toEqual([
        expect.objectContaining({
          actorAccountId: ids['xa.baichay'],
          actorRole: 'commune_officer',
          targetType: 'resident',
          unitPath: '22.06673',
          requestId,
          ip: CLIENT_IP,
        }),
      ]);
      // personal values never go into the trail
      const raw = JSON.stringify(await eventsOf(`target_id = $1`, [res.body.id]));
      expect(raw).not.toContain(res.body.cccd);
      expect(raw).not.toContain('Bình');
    });

    it('village and area writes, with the names of the changed fields only', async () => {
      const created = await t.http.post('/api/v1/geo/communes/06673/villages').set(as['xa.baichay']).send({ name: 'Thôn Nhật Ký', type: 'thon' }).expect(201);
      const code = created.body.code as string;
      await t.http.patch(`/api/v1/geo/villages/${code}`).set(as['xa.baichay']).send({ name: 'Thôn Nhật Ký Mới', type: 'thon' }).expect(200);
      await t.http.delete(`/api/v1/geo/villages/${code}`).set(as['xa.baichay']).expect(204);
      const villageEvents = await eventsOf(`target_type = 'village' AND target_id = $1`, [code]);
      expect(villageEvents.map((e) => [e.action, e.unitPath, e.actorRole])).toEqual([
        ['village.create', `22.06673.${code.slice(-4)}`, 'commune_officer'],
        ['village.update', `22.06673.${code.slice(-4)}`, 'commune_officer'],
        ['village.archive', `22.06673.${code.slice(-4)}`, 'commune_officer'],
      ]);
      expect(villageEvents[1]?.details).toEqual({ fields: ['name'] });

      const area = await t.http
        .post('/api/v1/geo/areas')
        .set(as['tinh.quangninh'])
        .send({ provinceCode: '22', name: 'Cụm nhật ký', kind: 'cluster', communeCodes: ['06673'] })
        .expect(201);
      await t.http.patch(`/api/v1/geo/areas/${area.body.id}`).set(as['tinh.quangninh']).send({ communeCodes: ['06673', '06676'] }).expect(200);
      await t.http.delete(`/api/v1/geo/areas/${area.body.id}`).set(as['tinh.quangninh']).expect(204);
      const areaEvents = await eventsOf(`target_type = 'area' AND target_id = $1`, [area.body.id]);
      expect(areaEvents.map((e) => [e.action, e.unitPath, e.actorAccountId])).toEqual([
        ['area.create', '22', ids['tinh.quangninh']],
        ['area.update', '22', ids['tinh.quangninh']],
        ['area.delete', '22', ids['tinh.quangninh']],
      ]);
      expect(areaEvents[1]?.details).toEqual({ fields: ['communeCodes'] });
    });

    it('the demo seeding is recorded as a system process', async () => {
      const seeded = await eventsOf(`action = 'village.create' AND actor_role = 'system:seed'`);
      expect(seeded.length).toBeGreaterThan(0);
      expect(seeded[0]).toMatchObject({ actorAccountId: null, requestId: null, ip: null });
    });

    it('account writes: creation, password reset, password change, logout everywhere', async () => {
      const created = await t.http
        .post('/api/v1/accounts')
        .set(as['xa.baichay'])
        .send({ username: 'gv.nhatky', displayName: 'Giảng viên nhật ký', role: 'instructor', password: 'mat-khau-ban-dau', communeCode: '06673' })
        .expect(201);
      const id = created.body.id as string;
      await t.http.post(`/api/v1/accounts/${id}/password`).set(as['xa.baichay']).send({ newPassword: 'mat-khau-dat-lai' }).expect(204);
      const own = await bearer(t.http, 'gv.nhatky', 'mat-khau-dat-lai');
      await t.http.post('/api/v1/auth/password').set(own).send({ currentPassword: 'mat-khau-dat-lai', newPassword: 'mat-khau-cua-toi' }).expect(204);
      await t.http.post('/api/v1/auth/password').set(own).send({ currentPassword: 'sai', newPassword: 'mat-khau-khac-1' }).expect(401);
      const again = await bearer(t.http, 'gv.nhatky', 'mat-khau-cua-toi');
      const logout = await t.http.post('/api/v1/auth/logout-all').set(again).set('x-forwarded-for', CLIENT_IP).expect(204);
      const events = await eventsOf(`target_type = 'account' AND target_id = $1`, [id]);
      expect(events.map((e) => [e.action, e.actorAccountId, e.unitPath])).toEqual([
        ['account.create', ids['xa.baichay'], '22.06673'],
        ['account.password_reset', ids['xa.baichay'], '22.06673'],
        ['account.password_change', id, '22.06673'],
        ['account.logout_all', id, '22.06673'],
      ]);
      expect(events[3]).toMatchObject({ actorRole: 'instructor', requestId: logout.headers['x-request-id'], ip: CLIENT_IP });
      expect(JSON.stringify(events)).not.toContain('mat-khau');
    });

    it('a refused write (400) records nothing', async () => {
      const before = await count();
      await t.http.post('/api/v1/geo/communes/06673/villages').set(as['xa.baichay']).send({ name: 'Thôn Sai', type: 'không có' }).expect(400);
      await t.http.post('/api/v1/residents').set(as['xa.baichay']).send(person({ consent: { purposes: ['notifications'], method: 'assisted' } })).expect(400);
      await t.http.post('/api/v1/residents').set(as['xa.baichay']).send(person({ birthDate: '1961-13-40' })).expect(400);
      expect(await count()).toBe(before);
    });
  });

  describe('unmasked reads are recorded', () => {
    it('a commune officer reading a resident in full writes resident.read_unmasked; a masked read writes nothing', async () => {
      const { body: resident } = await t.http.post('/api/v1/residents').set(as.admin).send(person()).expect(201);
      const reads = () => eventsOf(`action = 'resident.read_unmasked' AND target_id = $1`, [resident.id]);
      expect(await reads()).toEqual([]);
      const full = await t.http.get(`/api/v1/residents/${resident.id}`).set(as['xa.baichay']).expect(200);
      expect(full.body.masked).toBe(false);
      expect(await reads()).toEqual([
        expect.objectContaining({ actorAccountId: ids['xa.baichay'], unitPath: '22.06673', requestId: full.headers['x-request-id'] }),
      ]);
      const masked = await t.http.get(`/api/v1/residents/${resident.id}`).set(as['tinh.quangninh']).expect(200);
      expect(masked.body.masked).toBe(true);
      expect(await reads()).toHaveLength(1);
    });
  });

  describe('GET /audit-events', () => {
    let haNoiVillage: string;
    beforeAll(async () => {
      haNoiVillage = (await t.http.post('/api/v1/geo/communes/00004/villages').set(as.admin).send({ name: 'Thôn Ngoài Tỉnh', type: 'thon' }).expect(201)).body
        .code;
    });

    /** Every event the caller can see, page by page. */
    const all = async (who: string, query: Record<string, string | number> = {}): Promise<AuditEvent[]> => {
      const out: AuditEvent[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await list(who, cursor ? { ...query, limit: 200, cursor } : { ...query, limit: 200 }).expect(200);
        out.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      return out;
    };
    const inside = (paths: string[]) => (e: AuditEvent) => !!e.unitPath && paths.some((p) => e.unitPath === p || e.unitPath!.startsWith(`${p}.`));

    it('administrators see every event, with every field', async () => {
      const events = await all('admin');
      expect(events.length).toBe(await count());
      const outside = events.find((e) => e.targetId === haNoiVillage);
      expect(outside).toMatchObject({ action: 'village.create', unitPath: `01.00004.${haNoiVillage.slice(-4)}`, actorAccountId: ids.admin, actorRole: 'administrator' });
      expect(outside).toEqual({
        id: expect.stringMatching(/^[0-9]+$/),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        actorAccountId: ids.admin,
        actorRole: 'administrator',
        action: 'village.create',
        targetType: 'village',
        targetId: haNoiVillage,
        unitPath: `01.00004.${haNoiVillage.slice(-4)}`,
        requestId: expect.any(String),
        ip: expect.any(String),
        details: null,
      });
      // events without a unit (an administrator account's own writes) are for administrators only
      await t.http.post('/api/v1/auth/logout-all').set(await bearer(t.http, 'admin')).expect(204);
      as.admin = await bearer(t.http, 'admin');
      const unitless = (await all('admin', { action: 'account.logout_all' })).filter((e) => e.unitPath === null);
      expect(unitless.length).toBeGreaterThan(0);
    });

    it('a province officer sees the events of the province, not those of another province', async () => {
      const events = await all('tinh.quangninh');
      expect(events.length).toBeGreaterThan(0);
      expect(events.every(inside(['22']))).toBe(true);
      expect(events.some((e) => e.unitPath === '22.06673')).toBe(true);
      expect(events.some((e) => e.targetId === haNoiVillage)).toBe(false);
    });

    it('a commune officer sees the events of the commune only', async () => {
      const events = await all('xa.baichay');
      expect(events.length).toBeGreaterThan(0);
      expect(events.every(inside(['22.06673']))).toBe(true);
      expect(events.some((e) => e.action === 'resident.create')).toBe(true);
      expect(events.some((e) => e.targetType === 'area')).toBe(false);
    });

    it('an area officer sees the events of the area\'s communes', async () => {
      const events = await all('khuvuc.halong');
      expect(events.some((e) => e.unitPath?.startsWith('22.06673'))).toBe(true);
      expect(events.every((e) => !!e.unitPath && /^22\.[0-9]{5}/.test(e.unitPath))).toBe(true);
    });

    it('instructors may not read the trail (403)', async () => {
      const res = await list('gv.baichay').expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      await t.http.get('/api/v1/audit-events').expect(401);
    });

    it('filters by action, target, actor and time', async () => {
      const byAction = await all('admin', { action: 'village.archive' });
      expect(byAction.length).toBeGreaterThan(0);
      expect(byAction.every((e) => e.action === 'village.archive')).toBe(true);

      const byTarget = await all('admin', { targetType: 'village', targetId: haNoiVillage });
      expect(byTarget.map((e) => e.action)).toEqual(['village.create']);

      const byActor = await all('tinh.quangninh', { actorAccountId: ids['tinh.quangninh'] });
      expect(byActor.map((e) => e.action).sort()).toEqual(['area.create', 'area.delete', 'area.update']);

      const [newest] = (await list('admin', { limit: 1 }).expect(200)).body.items as AuditEvent[];
      const fromNewest = await all('admin', { from: newest!.at });
      expect(fromNewest.map((e) => e.id)).toContain(newest!.id);
      expect(await all('admin', { from: new Date(Date.now() + 3_600_000).toISOString() })).toEqual([]);
      const before = await all('admin', { to: '2000-01-01T00:00:00Z' });
      expect(before).toEqual([]);
      await list('admin', { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }).expect(400);
    });

    it('pages newest first with an opaque cursor, each event once', async () => {
      const whole = (await list('admin', { limit: 200 }).expect(200)).body.items as AuditEvent[];
      expect(whole.length).toBeGreaterThan(7);
      const paged: AuditEvent[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Response = await list('admin', cursor ? { limit: 3, cursor } : { limit: 3 }).expect(200);
        expect(res.body.limit).toBe(3);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        paged.push(...res.body.items);
        cursor = res.body.nextCursor;
        if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        pages++;
      } while (cursor && pages < 3);
      expect(paged.map((e) => e.id)).toEqual(whole.slice(0, paged.length).map((e) => e.id));
      const times = whole.map((e) => Date.parse(e.at));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      // default limit
      expect((await list('admin').expect(200)).body.limit).toBe(50);
    });

    it('refuses unknown fields, bad limits and forged cursors (400)', async () => {
      const unknown = await list('admin', { unitPath: '22' }).expect(400);
      expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
      expect(unknown.body.error.details).toEqual([expect.objectContaining({ field: 'unitPath', rule: 'whitelistValidation' })]);
      await list('admin', { limit: 0 }).expect(400);
      await list('admin', { limit: 201 }).expect(400);
      await list('admin', { from: 'yesterday' }).expect(400);
      await list('admin', { actorAccountId: 'nobody' }).expect(400);
      await list('admin', { action: 'DROP TABLE' }).expect(400);
      const forged = await list('admin', { cursor: Buffer.from('not a cursor').toString('base64url') }).expect(400);
      expect(forged.body.error.code).toBe('INVALID_CURSOR');
    });
  });
});
