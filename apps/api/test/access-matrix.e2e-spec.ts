import { ModulesContainer } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ACCESS_RULE } from '@hvs/platform';
import { bearer, createTestAppWithDemoData, registerTestResident, type TestApp } from '@hvs/testing';
import type { Response } from 'supertest';
import { AppModule } from '../src/app.module';

/**
 * Who may do what, for every protected endpoint, from one table: each role against a target in its own
 * scope, a sibling unit (same province, outside an area or commune scope) and a unit in another province.
 * Allowed -> the success status; outside the scope -> 404 (existence does not leak); a role that may not
 * call the endpoint at all -> 403; no token -> 401 UNAUTHORIZED (a bad token: 401 INVALID_TOKEN, see auth tests).
 */
type Caller = 'anonymous' | 'admin' | 'province' | 'area' | 'commune' | 'instructor' | 'resident';
type Where = 'own' | 'sibling' | 'other';
// the resident: an account with its own record, of Phường Bãi Cháy (registered in beforeAll)
const USERNAMES: Record<Exclude<Caller, 'anonymous' | 'resident'>, string> = {
  admin: 'admin',
  province: 'tinh.quangninh',
  area: 'khuvuc.halong',
  commune: 'xa.baichay',
  instructor: 'gv.baichay',
};
// own: Phường Bãi Cháy (in every demo scope); sibling: Phường Móng Cái 2 (Quảng Ninh, outside the area);
// other: Phường Ba Đình (Hà Nội)
const COMMUNE: Record<Where, string> = { own: '06673', sibling: '06709', other: '00004' };
const PROVINCE: Record<Where, string> = { own: '22', sibling: '22', other: '01' };

type Expect = Record<Caller, Record<Where, number>>;
const all = (own: number, sibling: number, other: number) => ({ own, sibling, other });
const VILLAGE_RULES = (ok: number): Expect => ({
  anonymous: all(401, 401, 401),
  admin: all(ok, ok, ok),
  province: all(ok, ok, 404),
  area: all(ok, 404, 404),
  commune: all(ok, 404, 404),
  instructor: all(403, 403, 403),
  resident: all(403, 403, 403),
});
/** Residents: every staff role in its scope (instructors register door to door); residents reach only their own record. */
const RESIDENT_RULES = (ok: number): Expect => ({
  anonymous: all(401, 401, 401),
  admin: all(ok, ok, ok),
  province: all(ok, ok, 404),
  area: all(ok, 404, 404),
  commune: all(ok, 404, 404),
  instructor: all(ok, 404, 404),
  resident: all(403, 403, 403),
});
/** Export and erasure on a resident's behalf: officers only. */
const RESIDENT_DATA_RULES = (ok: number): Expect => ({ ...RESIDENT_RULES(ok), instructor: all(403, 403, 403) });
/**
 * Learning on a resident's behalf (lesson progress, an assisted quiz attempt): commune officers and
 * instructors, for a resident of their scope; the other staff roles may not (403), whoever the resident;
 * a resident acts only for themselves (403 when naming anyone else).
 */
const ASSISTED_LEARNING_RULES = (ok: number): Expect => ({
  anonymous: all(401, 401, 401),
  admin: all(403, 403, 403),
  province: all(403, 403, 403),
  area: all(403, 403, 403),
  commune: all(ok, 404, 404),
  instructor: all(ok, 404, 404),
  resident: all(403, 403, 403),
});
/**
 * Creating a course offered by a province: administrators any; province officers their own province's
 * (another province's is 403: a course not created yet has no existence to hide).
 */
const COURSE_AUTHOR_RULES: Expect = {
  anonymous: all(401, 401, 401),
  admin: all(201, 201, 201),
  province: all(201, 201, 403),
  area: all(403, 403, 403),
  commune: all(403, 403, 403),
  instructor: all(403, 403, 403),
  resident: all(403, 403, 403),
};
const AREA_RULES = (ok: number): Expect => ({
  anonymous: all(401, 401, 401),
  admin: all(ok, ok, ok),
  province: all(ok, ok, 404),
  area: all(403, 403, 403),
  commune: all(403, 403, 403),
  instructor: all(403, 403, 403),
  resident: all(403, 403, 403),
});

describe('access matrix', () => {
  let t: TestApp;
  const auth: Partial<Record<Caller, { authorization: string }>> = {};
  const villages: Record<Where, string[]> = { own: [], sibling: [], other: [] };
  const areas: Record<Where, string[]> = { own: [], sibling: [], other: [] };
  /** The seeded core course (KNS-CB): its current version, first lesson and final assessment. */
  const core = { courseId: '', versionId: '', firstLessonId: '', finalQuizId: '' };
  let seq = 0;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    for (const [caller, username] of Object.entries(USERNAMES)) auth[caller as Caller] = await bearer(t.http, username);
    const admin = auth.admin as { authorization: string };
    auth.resident = (await registerTestResident(t, admin, { communeCode: COMMUNE.own })).auth ?? undefined;
    const courses = await t.http.get('/api/v1/learning/courses').set(admin).expect(200);
    core.courseId = courses.body.items.find((c: { code: string }) => c.code === 'KNS-CB').id;
    const version = (await t.http.get(`/api/v1/learning/courses/${core.courseId}`).set(admin).expect(200)).body.version;
    core.versionId = version.id;
    core.firstLessonId = version.lessons.find((l: { position: number }) => l.position === 1).id;
    core.finalQuizId = version.quizzes.find((q: { kind: string }) => q.kind === 'final').id;
  });
  afterAll(() => t.close());

  /** A fresh village / area per case (as admin), so cases do not depend on each other. */
  async function village(where: Where): Promise<string> {
    const res = await t.http
      .post(`/api/v1/geo/communes/${COMMUNE[where]}/villages`)
      .set(auth.admin ?? {})
      .send({ name: `Thôn ma trận ${++seq}`, type: 'thon' })
      .expect(201);
    villages[where].push(res.body.code);
    return res.body.code;
  }
  async function area(where: Where): Promise<string> {
    const communes = where === 'other' ? ['00004'] : where === 'own' ? ['06673'] : ['06709'];
    const res = await t.http
      .post('/api/v1/geo/areas')
      .set(auth.admin ?? {})
      .send({ provinceCode: PROVINCE[where], name: `Cụm ma trận ${++seq}`, kind: 'cluster', communeCodes: communes })
      .expect(201);
    areas[where].push(res.body.id);
    return res.body.id;
  }

  /** A fresh resident per case (as admin), without CCCD: distinct birth dates keep them apart. */
  async function resident(where: Where): Promise<string> {
    const res = await t.http.post('/api/v1/residents').set(auth.admin ?? {}).send(residentBody(where)).expect(201);
    return res.body.id;
  }
  function residentBody(where: Where) {
    const day = new Date(Date.UTC(1950, 0, 1) + ++seq * 86_400_000).toISOString().slice(0, 10);
    return { fullName: 'Người Dân Ma Trận', birthDate: day, sex: 'female', communeCode: COMMUNE[where], consent: { purposes: ['training_records'], method: 'assisted' } };
  }

  const ENDPOINTS: Array<{
    name: string;
    expect: Expect;
    /** The exact code of a 404 when it matters (otherwise any `*_NOT_FOUND`). */
    notFound?: string;
    call: (where: Where, headers: Record<string, string>) => Promise<Response>;
  }> = [
    {
      name: 'POST /geo/communes/{code}/villages',
      expect: VILLAGE_RULES(201),
      call: (where, headers) =>
        t.http.post(`/api/v1/geo/communes/${COMMUNE[where]}/villages`).set(headers).send({ name: `Thôn mới ${++seq}`, type: 'thon' }),
    },
    {
      name: 'PATCH /geo/villages/{code}',
      expect: VILLAGE_RULES(200),
      call: async (where, headers) => t.http.patch(`/api/v1/geo/villages/${await village(where)}`).set(headers).send({ type: 'ban' }),
    },
    {
      name: 'DELETE /geo/villages/{code}',
      expect: VILLAGE_RULES(204),
      call: async (where, headers) => t.http.delete(`/api/v1/geo/villages/${await village(where)}`).set(headers),
    },
    {
      name: 'POST /geo/areas',
      expect: AREA_RULES(201),
      call: (where, headers) =>
        t.http
          .post('/api/v1/geo/areas')
          .set(headers)
          .send({ provinceCode: PROVINCE[where], name: `Cụm mới ${++seq}`, kind: 'cluster', communeCodes: [COMMUNE[where]] }),
    },
    {
      name: 'PATCH /geo/areas/{id}',
      expect: AREA_RULES(200),
      call: async (where, headers) => t.http.patch(`/api/v1/geo/areas/${await area(where)}`).set(headers).send({ name: `Đổi tên ${++seq}` }),
    },
    {
      name: 'DELETE /geo/areas/{id}',
      expect: AREA_RULES(204),
      call: async (where, headers) => t.http.delete(`/api/v1/geo/areas/${await area(where)}`).set(headers),
    },
    {
      name: 'POST /residents',
      expect: RESIDENT_RULES(201),
      call: (where, headers) => t.http.post('/api/v1/residents').set(headers).send(residentBody(where)),
    },
    {
      name: 'GET /residents?communeCode',
      expect: RESIDENT_RULES(200),
      call: (where, headers) => t.http.get('/api/v1/residents').query({ communeCode: COMMUNE[where] }).set(headers),
    },
    {
      name: 'GET /residents/{id}',
      expect: RESIDENT_RULES(200),
      call: async (where, headers) => t.http.get(`/api/v1/residents/${await resident(where)}`).set(headers),
    },
    {
      name: 'PATCH /residents/{id}',
      expect: RESIDENT_RULES(200),
      call: async (where, headers) => t.http.patch(`/api/v1/residents/${await resident(where)}`).set(headers).send({ noSmartphone: true }),
    },
    {
      name: 'POST /residents/{id}/consents',
      expect: RESIDENT_RULES(201),
      call: async (where, headers) =>
        t.http.post(`/api/v1/residents/${await resident(where)}/consents`).set(headers).send({ purposes: ['contact_by_phone'], method: 'assisted' }),
    },
    {
      name: 'DELETE /residents/{id}/consents/{purpose}',
      expect: RESIDENT_RULES(200),
      call: async (where, headers) => t.http.delete(`/api/v1/residents/${await resident(where)}/consents/training_records`).set(headers),
    },
    {
      name: 'GET /residents/{id}/export',
      expect: RESIDENT_DATA_RULES(200),
      call: async (where, headers) => t.http.get(`/api/v1/residents/${await resident(where)}/export`).set(headers),
    },
    {
      name: 'POST /residents/imports?communeCode',
      expect: RESIDENT_DATA_RULES(201),
      call: (where, headers) => {
        const day = new Date(Date.UTC(1940, 0, 1) + ++seq * 86_400_000).toISOString().slice(0, 10);
        const file = `Họ và tên,Ngày sinh,Giới tính,Số CCCD,Số điện thoại,Đồng ý\nNgười Nhập Ma Trận,${day},Nữ,,,có\n`;
        return t.http.post('/api/v1/residents/imports').query({ communeCode: COMMUNE[where] }).set(headers).set('content-type', 'text/csv').send(file);
      },
    },
    {
      name: 'POST /residents/{id}/erasure',
      expect: RESIDENT_DATA_RULES(204),
      call: async (where, headers) => t.http.post(`/api/v1/residents/${await resident(where)}/erasure`).set(headers),
    },
    {
      name: 'GET /learning/residents/{id}/courses/{courseId}/progress',
      expect: RESIDENT_RULES(200),
      notFound: 'RESIDENT_NOT_FOUND',
      call: async (where, headers) => t.http.get(`/api/v1/learning/residents/${await resident(where)}/courses/${core.courseId}/progress`).set(headers),
    },
    {
      name: 'PUT /learning/lessons/{lessonId}/progress with residentId',
      expect: ASSISTED_LEARNING_RULES(200),
      notFound: 'RESIDENT_NOT_FOUND',
      call: async (where, headers) =>
        t.http
          .put(`/api/v1/learning/lessons/${core.firstLessonId}/progress`)
          .set(headers)
          .send({ status: 'completed', timeSpentS: 600, residentId: await resident(where) }),
    },
    {
      name: 'POST /learning/quizzes/{quizId}/attempts with residentId (assisted)',
      expect: ASSISTED_LEARNING_RULES(201),
      notFound: 'RESIDENT_NOT_FOUND',
      call: async (where, headers) =>
        t.http.post(`/api/v1/learning/quizzes/${core.finalQuizId}/attempts`).set(headers).send({ residentId: await resident(where) }),
    },
    {
      name: 'GET /learning/course-versions/{versionId}/question-stats?communeCode',
      expect: RESIDENT_RULES(200),
      notFound: 'COMMUNE_NOT_FOUND',
      call: (where, headers) =>
        t.http.get(`/api/v1/learning/course-versions/${core.versionId}/question-stats`).query({ communeCode: COMMUNE[where] }).set(headers),
    },
    {
      name: 'POST /learning/courses (offeredByProvince)',
      expect: COURSE_AUTHOR_RULES,
      call: (where, headers) =>
        t.http
          .post('/api/v1/learning/courses')
          .set(headers)
          .send({ code: `MT-${++seq}`, title: `Khóa học ma trận ${seq}`, offeredByProvince: PROVINCE[where] }),
    },
    {
      // the trail is not addressed by unit: each officer reads the events of their own scope (see audit.e2e-spec.ts)
      name: 'GET /audit-events',
      expect: {
        anonymous: all(401, 401, 401),
        admin: all(200, 200, 200),
        province: all(200, 200, 200),
        area: all(200, 200, 200),
        commune: all(200, 200, 200),
        instructor: all(403, 403, 403),
        resident: all(403, 403, 403),
      },
      call: (_where, headers) => t.http.get('/api/v1/audit-events').set(headers),
    },
  ];

  const cases = ENDPOINTS.flatMap((e) =>
    (Object.keys(e.expect) as Caller[]).flatMap((caller) =>
      (['own', 'sibling', 'other'] as Where[]).map((where) => ({ endpoint: e, caller, where, status: e.expect[caller][where] })),
    ),
  );

  it.each(cases.map((c) => [`${c.endpoint.name} as ${c.caller} on ${c.where} -> ${c.status}`, c] as const))('%s', async (_name, c) => {
    const headers: Record<string, string> = c.caller === 'anonymous' ? {} : (auth[c.caller] ?? {});
    const res = await c.endpoint.call(c.where, headers);
    expect(res.status).toBe(c.status);
    if (c.status === 404) expect(res.body.error.code).toEqual(c.endpoint.notFound ?? expect.stringMatching(/_NOT_FOUND$/));
    if (c.status === 403) expect(res.body.error.code).toBe('FORBIDDEN');
    if (c.status === 401) expect(res.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Bạn cần đăng nhập để thực hiện thao tác này.' });
  });

  it('every route of the api states who may call it', () => {
    const missing: string[] = [];
    let routes = 0;
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        if (!metatype || typeof metatype !== 'function') continue;
        const classRule = Reflect.getMetadata(ACCESS_RULE, metatype);
        const proto = metatype.prototype as Record<string, unknown>;
        for (const name of Object.getOwnPropertyNames(proto)) {
          const handler = proto[name];
          if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
          routes++;
          if (!classRule && !Reflect.getMetadata(ACCESS_RULE, handler)) missing.push(`${metatype.name}.${name}`);
        }
      }
    }
    expect(routes).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });
});
