import { randomUUID } from 'node:crypto';
import { ModulesContainer } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ACCESS_RULE, OutboxDispatcher } from '@hvs/platform';
import { bearer, completeCourse, createTestAppWithDemoData, issueTestCertificate, registerTestResident, type TestApp } from '@hvs/testing';
import type { Response } from 'supertest';
import { AppModule } from '../src/app.module';
import { classApiFixtures } from '@hvs/testing';
const { accountId, staffAccount } = classApiFixtures;

/**
 * Who may do what, for every protected endpoint, from one table: each role against a target in its own
 * scope, a sibling unit (same province, outside an area or commune scope) and a unit in another province.
 * Allowed -> the success status; personal data (a resident, a class) outside the scope -> 404 (existence
 * does not leak); a unit the request names (commune, village, area, province: public reference data)
 * outside the scope -> 403 OUTSIDE_SCOPE (`OUT`); a role that may not call the endpoint at all -> 403
 * FORBIDDEN; no token -> 401 UNAUTHORIZED (a bad token: 401 INVALID_TOKEN, see auth tests).
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

/** A unit named by the request lies outside the caller's scope: 403 OUTSIDE_SCOPE. */
const OUT = 'outside';
type Outcome = number | typeof OUT;
type Expect = Record<Caller, Record<Where, Outcome>>;
const all = (own: Outcome, sibling: Outcome, other: Outcome) => ({ own, sibling, other });
/** The rules of an endpoint addressed by a unit: where the personal-data rule says 404, the unit is outside the scope. */
const unitAddressed = (rules: Expect): Expect =>
  Object.fromEntries(
    Object.entries(rules).map(([caller, byWhere]) => [
      caller,
      Object.fromEntries(Object.entries(byWhere).map(([where, outcome]) => [where, outcome === 404 ? OUT : outcome])),
    ]),
  ) as Expect;
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
 * (another province is a unit outside their scope: 403 OUTSIDE_SCOPE).
 */
const COURSE_AUTHOR_RULES: Expect = {
  anonymous: all(401, 401, 401),
  admin: all(201, 201, 201),
  province: all(201, 201, OUT),
  area: all(403, 403, 403),
  commune: all(403, 403, 403),
  instructor: all(403, 403, 403),
  resident: all(403, 403, 403),
};
/**
 * Managing classes (create): administrators, province officers in their province, commune officers in
 * their commune; area officers only read, instructors work in their classes but do not create them.
 */
const CLASS_MANAGE_RULES = (ok: number): Expect => ({
  anonymous: all(401, 401, 401),
  admin: all(ok, ok, ok),
  province: all(ok, ok, 404),
  area: all(403, 403, 403),
  commune: all(ok, 404, 404),
  instructor: all(403, 403, 403),
  resident: all(403, 403, 403),
});
/**
 * Reading a class (and its sessions, rosters, register): every staff role on the classes in its scope;
 * the instructor only on classes they are staff of (the own-commune class below has gv.baichay as its
 * instructor, the sibling and other ones another commune's instructor).
 */
const CLASS_READ_RULES = RESIDENT_RULES;
/** Working in a class (sessions, enrolments): the managers and the class's own staff; area officers 403. */
const CLASS_WORK_RULES = (ok: number): Expect => ({ ...CLASS_MANAGE_RULES(ok), instructor: all(ok, 404, 404) });
/**
 * Taking attendance (roster marks, offline sync): commune officers of the class's commune and the
 * class's own staff only; administrators, province and area officers may not (403), although they
 * read the class and its roster.
 */
const ATTENDANCE_RULES = (ok: number): Expect => ({
  anonymous: all(401, 401, 401),
  admin: all(403, 403, 403),
  province: all(403, 403, 403),
  area: all(403, 403, 403),
  commune: all(ok, 404, 404),
  instructor: all(ok, 404, 404),
  resident: all(403, 403, 403),
});
/** A certificate's documents (PDF, credential): officers for the residents of their scope; instructors and residents may not (403). */
const CERTIFICATE_DOCUMENT_RULES = (ok: number): Expect => ({ ...RESIDENT_DATA_RULES(ok), resident: all(403, 403, 403) });
/** A resident's own certificate documents: the resident, for their own certificate only (others' are 404); staff 403. */
const OWN_CERTIFICATE_RULES = (ok: number): Expect => ({
  anonymous: all(401, 401, 401),
  admin: all(403, 403, 403),
  province: all(403, 403, 403),
  area: all(403, 403, 403),
  commune: all(403, 403, 403),
  instructor: all(403, 403, 403),
  resident: all(ok, 404, 404),
});
/** Public routes: anyone, signed in or not. */
const PUBLIC_RULES = (ok: number): Expect => ({
  anonymous: all(ok, ok, ok),
  admin: all(ok, ok, ok),
  province: all(ok, ok, ok),
  area: all(ok, ok, ok),
  commune: all(ok, ok, ok),
  instructor: all(ok, ok, ok),
  resident: all(ok, ok, ok),
});
/** Revoking and re-submitting a certificate: commune officers of its commune and administrators. */
const CERTIFICATE_FIX_RULES = (ok: number): Expect => ({
  anonymous: all(401, 401, 401),
  admin: all(ok, ok, ok),
  province: all(403, 403, 403),
  area: all(403, 403, 403),
  commune: all(ok, 404, 404),
  instructor: all(403, 403, 403),
  resident: all(403, 403, 403),
});
const AREA_RULES = (ok: number): Expect => ({
  anonymous: all(401, 401, 401),
  admin: all(ok, ok, ok),
  province: all(ok, ok, 404),
  area: all(403, 403, 403),
  commune: all(403, 403, 403),
  instructor: all(403, 403, 403),
  resident: all(403, 403, 403),
});

/**
 * Reporting (docs/reporting.md, "Access"): the figures of a unit for the officers whose scope holds it
 * and administrators, instructors their commune (and their classes); a unit outside is 403 OUTSIDE_SCOPE.
 * `instructor`: whether instructors may read it at all (figures, trends) or not (rankings, exports, populations).
 */
const REPORTING_COMMUNE_RULES = (instructor: boolean): Expect => ({
  anonymous: all(401, 401, 401),
  admin: all(200, 200, 200),
  province: all(200, 200, OUT),
  area: all(200, OUT, OUT),
  commune: all(200, OUT, OUT),
  instructor: instructor ? all(200, OUT, OUT) : all(403, 403, 403),
  resident: all(403, 403, 403),
});
/** A province's figures: its officers and administrators; area, commune officers and instructors are below it. */
const REPORTING_PROVINCE_RULES = (instructor: boolean): Expect => ({
  ...REPORTING_COMMUNE_RULES(instructor),
  area: all(OUT, OUT, OUT),
  commune: all(OUT, OUT, OUT),
  instructor: instructor ? all(OUT, OUT, OUT) : all(403, 403, 403),
});
/** The country's figures: administrators only (everyone else's scope is below it). */
const REPORTING_COUNTRY_RULES: Expect = {
  anonymous: all(401, 401, 401),
  admin: all(200, 200, 200),
  province: all(OUT, OUT, OUT),
  area: all(OUT, OUT, OUT),
  commune: all(OUT, OUT, OUT),
  instructor: all(OUT, OUT, OUT),
  resident: all(403, 403, 403),
};
/** Populations and targets: province officers of the province, and administrators, write them. */
const REPORTING_EDITOR_RULES = (ok: number): Expect => ({
  anonymous: all(401, 401, 401),
  admin: all(ok, ok, ok),
  province: all(ok, ok, OUT),
  area: all(403, 403, 403),
  commune: all(403, 403, 403),
  instructor: all(403, 403, 403),
  resident: all(403, 403, 403),
});
/** A province's list (populations, targets): every officer of it sees the communes of their scope. */
const REPORTING_PROVINCE_LIST_RULES: Expect = { ...REPORTING_COMMUNE_RULES(false), area: all(200, 200, OUT), commune: all(200, 200, OUT) };

describe('access matrix', () => {
  let t: TestApp;
  const auth: Partial<Record<Caller, { authorization: string }>> = {};
  const villages: Record<Where, string[]> = { own: [], sibling: [], other: [] };
  const areas: Record<Where, string[]> = { own: [], sibling: [], other: [] };
  /** The seeded core course (KNS-CB): its current version, first lesson and final assessment. */
  const core = { courseId: '', versionId: '', firstLessonId: '', finalQuizId: '' };
  /** The instructor of the classes created in each commune: gv.baichay in its own, accounts made in beforeAll elsewhere. */
  const classInstructor: Record<Where, string> = { own: '', sibling: '', other: '' };
  let seq = 0;
  /** The recognised certificate of the matrix's resident (own); other residents' certificates are made per case. */
  let residentsCertificate = '';

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    for (const [caller, username] of Object.entries(USERNAMES)) auth[caller as Caller] = await bearer(t.http, username);
    const admin = auth.admin as { authorization: string };
    const matrixResident = await registerTestResident(t, admin, { communeCode: COMMUNE.own });
    auth.resident = matrixResident.auth ?? undefined;
    residentsCertificate = (await issueTestCertificate(t, matrixResident.id, 'Người Học Kiểm Thử')).id;
    const courses = await t.http.get('/api/v1/learning/courses').set(admin).expect(200);
    core.courseId = courses.body.items.find((c: { code: string }) => c.code === 'KNS-CB').id;
    const version = (await t.http.get(`/api/v1/learning/courses/${core.courseId}`).set(admin).expect(200)).body.version;
    core.versionId = version.id;
    core.firstLessonId = version.lessons.find((l: { position: number }) => l.position === 1).id;
    core.finalQuizId = version.quizzes.find((q: { kind: string }) => q.kind === 'final').id;
    classInstructor.own = await accountId(t, USERNAMES.instructor);
    classInstructor.sibling = (await staffAccount(t, admin, { username: 'gv.matran.mongcai', role: 'instructor', communeCode: COMMUNE.sibling })).id;
    classInstructor.other = (await staffAccount(t, admin, { username: 'gv.matran.badinh', role: 'instructor', communeCode: COMMUNE.other })).id;
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

  /** A fresh recognised certificate per case, of a fresh resident of the commune. */
  async function certificate(where: Where): Promise<{ id: string; serial: string; jwt: string }> {
    return issueTestCertificate(t, await resident(where), 'Người Dân Ma Trận');
  }
  /** For the resident's own routes: their own certificate in the own commune, another resident's elsewhere. */
  async function ownCertificate(where: Where): Promise<string> {
    return where === 'own' ? residentsCertificate : (await certificate(where)).id;
  }
  /** A fresh resident per case with a pending certificate of the core course (made by the outbox consumer), optionally moved to a state. */
  async function pendingCertificate(where: Where, state?: 'rejected'): Promise<string> {
    const residentId = await resident(where);
    await completeCourse(t, residentId, core);
    const dispatcher = t.app.get(OutboxDispatcher);
    while ((await dispatcher.dispatchBatch()).claimed > 0);
    const [row] = await t.db.query(`SELECT id FROM certificates_certificates WHERE resident_id = $1`, [residentId]);
    if (state === 'rejected') {
      await t.db.query(
        `UPDATE certificates_certificates SET state = 'rejected', rejection_code = 'CITIZEN_MISMATCH', rejection_reason = 'Họ tên không khớp.' WHERE id = $1`,
        [row.id],
      );
    }
    return row.id;
  }

  /**
   * A fresh class per case (as admin) in the commune, teaching the core course, with that commune's
   * instructor (gv.baichay in the own commune); with `session`, also a session today and, with
   * `enrolled`, a resident of the commune enrolled in it.
   */
  async function klass(where: Where): Promise<string> {
    const res = await t.http
      .post('/api/v1/classes')
      .set(auth.admin ?? {})
      .send({ communeCode: COMMUNE[where], name: `Lớp ma trận ${++seq}`, courseVersionId: core.versionId, capacity: 30, instructorIds: [classInstructor[where]] })
      .expect(201);
    return res.body.id;
  }
  async function classSession(where: Where, withResident = false): Promise<{ classId: string; sessionId: string; residentId: string | null }> {
    const classId = await klass(where);
    const session = await t.http.post(`/api/v1/classes/${classId}/sessions`).set(auth.admin ?? {}).send({}).expect(201);
    let residentId: string | null = null;
    if (withResident) {
      residentId = await resident(where);
      const enrolled = await t.http.post(`/api/v1/classes/${classId}/enrolments`).set(auth.admin ?? {}).send({ residentIds: [residentId] }).expect(200);
      expect(enrolled.body.enrolled).toBe(1);
    }
    return { classId, sessionId: session.body.id, residentId };
  }

  /**
   * Attendance marks are answered one by one: for the callers allowed by role, the outcome of the
   * request's only mark, by where its class is. An offline batch is not addressed by unit, so a session
   * outside the caller's reach does not fail the request: its mark alone is rejected, like an unknown
   * session (SESSION_NOT_FOUND).
   */
  const SYNC_MARK: Partial<Record<Caller, Record<Where, string>>> = {
    commune: { own: 'accepted', sibling: 'SESSION_NOT_FOUND', other: 'SESSION_NOT_FOUND' },
    instructor: { own: 'accepted', sibling: 'SESSION_NOT_FOUND', other: 'SESSION_NOT_FOUND' },
  };
  const ROSTER_MARK: Partial<Record<Caller, Partial<Record<Where, string>>>> = { commune: { own: 'accepted' }, instructor: { own: 'accepted' } };

  const ENDPOINTS: Array<{
    name: string;
    expect: Expect;
    /** The exact code of a 404 when it matters (otherwise any `*_NOT_FOUND`). */
    notFound?: string;
    /** Per caller and target: the outcome (`accepted`) or rejection code of the answer's first mark result. */
    markOutcome?: Partial<Record<Caller, Partial<Record<Where, string>>>>;
    call: (where: Where, headers: Record<string, string>) => Promise<Response>;
  }> = [
    {
      name: 'POST /geo/communes/{code}/villages',
      expect: unitAddressed(VILLAGE_RULES(201)),
      call: (where, headers) =>
        t.http.post(`/api/v1/geo/communes/${COMMUNE[where]}/villages`).set(headers).send({ name: `Thôn mới ${++seq}`, type: 'thon' }),
    },
    {
      name: 'PATCH /geo/villages/{code}',
      expect: unitAddressed(VILLAGE_RULES(200)),
      call: async (where, headers) => t.http.patch(`/api/v1/geo/villages/${await village(where)}`).set(headers).send({ type: 'ban' }),
    },
    {
      name: 'DELETE /geo/villages/{code}',
      expect: unitAddressed(VILLAGE_RULES(204)),
      call: async (where, headers) => t.http.delete(`/api/v1/geo/villages/${await village(where)}`).set(headers),
    },
    {
      name: 'POST /geo/areas',
      expect: unitAddressed(AREA_RULES(201)),
      call: (where, headers) =>
        t.http
          .post('/api/v1/geo/areas')
          .set(headers)
          .send({ provinceCode: PROVINCE[where], name: `Cụm mới ${++seq}`, kind: 'cluster', communeCodes: [COMMUNE[where]] }),
    },
    {
      name: 'PATCH /geo/areas/{id}',
      expect: unitAddressed(AREA_RULES(200)),
      call: async (where, headers) => t.http.patch(`/api/v1/geo/areas/${await area(where)}`).set(headers).send({ name: `Đổi tên ${++seq}` }),
    },
    {
      name: 'DELETE /geo/areas/{id}',
      expect: unitAddressed(AREA_RULES(204)),
      call: async (where, headers) => t.http.delete(`/api/v1/geo/areas/${await area(where)}`).set(headers),
    },
    {
      name: 'POST /residents',
      expect: unitAddressed(RESIDENT_RULES(201)),
      call: (where, headers) => t.http.post('/api/v1/residents').set(headers).send(residentBody(where)),
    },
    {
      name: 'GET /residents?communeCode',
      expect: unitAddressed(RESIDENT_RULES(200)),
      call: (where, headers) => t.http.get('/api/v1/residents').query({ communeCode: COMMUNE[where] }).set(headers),
    },
    {
      name: 'GET /residents?villageCode',
      expect: unitAddressed(RESIDENT_RULES(200)),
      call: async (where, headers) => t.http.get('/api/v1/residents').query({ villageCode: await village(where) }).set(headers),
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
      name: 'POST /resident-imports?communeCode',
      expect: unitAddressed(RESIDENT_DATA_RULES(201)),
      call: (where, headers) => {
        const day = new Date(Date.UTC(1940, 0, 1) + ++seq * 86_400_000).toISOString().slice(0, 10);
        const file = `Họ và tên,Ngày sinh,Giới tính,Số CCCD,Số điện thoại,Đồng ý\nNgười Nhập Ma Trận,${day},Nữ,,,có\n`;
        return t.http.post('/api/v1/resident-imports').query({ communeCode: COMMUNE[where] }).set(headers).set('content-type', 'text/csv').send(file);
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
      expect: unitAddressed(RESIDENT_RULES(200)),
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
      name: 'POST /classes (communeCode)',
      expect: unitAddressed(CLASS_MANAGE_RULES(201)),
      call: (where, headers) =>
        t.http
          .post('/api/v1/classes')
          .set(headers)
          .send({ communeCode: COMMUNE[where], name: `Lớp mới ${++seq}`, courseVersionId: core.versionId, capacity: 30, instructorIds: [classInstructor[where]] }),
    },
    {
      name: 'GET /classes?communeCode',
      expect: unitAddressed(CLASS_READ_RULES(200)),
      call: (where, headers) => t.http.get('/api/v1/classes').query({ communeCode: COMMUNE[where] }).set(headers),
    },
    {
      name: 'GET /classes?villageCode',
      expect: unitAddressed(CLASS_READ_RULES(200)),
      call: async (where, headers) => t.http.get('/api/v1/classes').query({ villageCode: await village(where) }).set(headers),
    },
    {
      name: 'GET /classes/summary?communeCode',
      expect: unitAddressed({ ...CLASS_READ_RULES(200), instructor: all(403, 403, 403) }),
      call: (where, headers) => t.http.get('/api/v1/classes/summary').query({ communeCode: COMMUNE[where] }).set(headers),
    },
    {
      name: 'GET /classes/{classId}',
      expect: CLASS_READ_RULES(200),
      notFound: 'CLASS_NOT_FOUND',
      call: async (where, headers) => t.http.get(`/api/v1/classes/${await klass(where)}`).set(headers),
    },
    {
      name: 'POST /classes/{classId}/sessions',
      expect: CLASS_WORK_RULES(201),
      notFound: 'CLASS_NOT_FOUND',
      call: async (where, headers) => t.http.post(`/api/v1/classes/${await klass(where)}/sessions`).set(headers).send({ startsAt: '19:00', endsAt: '20:30' }),
    },
    {
      name: 'GET /classes/{classId}/sessions/{sessionId}/roster',
      expect: CLASS_READ_RULES(200),
      notFound: 'CLASS_NOT_FOUND',
      call: async (where, headers) => {
        const { classId, sessionId } = await classSession(where);
        return t.http.get(`/api/v1/classes/${classId}/sessions/${sessionId}/roster`).set(headers);
      },
    },
    {
      name: 'PUT /classes/{classId}/sessions/{sessionId}/attendance',
      expect: ATTENDANCE_RULES(200),
      notFound: 'CLASS_NOT_FOUND',
      markOutcome: ROSTER_MARK,
      call: async (where, headers) => {
        const { classId, sessionId, residentId } = await classSession(where, true);
        return t.http.put(`/api/v1/classes/${classId}/sessions/${sessionId}/attendance`).set(headers).send({ marks: [{ residentId, status: 'present' }] });
      },
    },
    {
      // not addressed by unit: the batch names sessions; out of reach, the mark is rejected and the request still 200
      name: 'POST /attendance/sync (a mark for a session of the class)',
      expect: { ...ATTENDANCE_RULES(200), commune: all(200, 200, 200), instructor: all(200, 200, 200) },
      markOutcome: SYNC_MARK,
      call: async (where, headers) => {
        const { sessionId, residentId } = await classSession(where, true);
        const mark = { id: randomUUID(), sessionId, residentId, status: 'present', deviceTime: new Date().toISOString() };
        return t.http.post('/api/v1/attendance/sync').set(headers).set('Idempotency-Key', `ma-tran-${++seq}`).send({ deviceId: 'ma-tran', marks: [mark] });
      },
    },
    {
      name: 'GET /classes/{classId}/register.csv',
      expect: CLASS_READ_RULES(200),
      notFound: 'CLASS_NOT_FOUND',
      call: async (where, headers) => t.http.get(`/api/v1/classes/${await klass(where)}/register.csv`).set(headers),
    },
    {
      name: 'GET /certificates/{id}/pdf',
      expect: CERTIFICATE_DOCUMENT_RULES(200),
      notFound: 'CERTIFICATE_NOT_FOUND',
      call: async (where, headers) => t.http.get(`/api/v1/certificates/${(await certificate(where)).id}/pdf`).set(headers),
    },
    {
      name: 'GET /certificates/{id}/credential',
      expect: CERTIFICATE_DOCUMENT_RULES(200),
      notFound: 'CERTIFICATE_NOT_FOUND',
      call: async (where, headers) => t.http.get(`/api/v1/certificates/${(await certificate(where)).id}/credential`).set(headers),
    },
    {
      name: 'GET /me/certificates/{id}/pdf',
      expect: OWN_CERTIFICATE_RULES(200),
      notFound: 'CERTIFICATE_NOT_FOUND',
      call: async (where, headers) => t.http.get(`/api/v1/me/certificates/${await ownCertificate(where)}/pdf`).set(headers),
    },
    {
      name: 'GET /me/certificates/{id}/credential',
      expect: OWN_CERTIFICATE_RULES(200),
      notFound: 'CERTIFICATE_NOT_FOUND',
      call: async (where, headers) => t.http.get(`/api/v1/me/certificates/${await ownCertificate(where)}/credential`).set(headers),
    },
    {
      // public verification: anyone, whoever holds the certificate (each case from its own address: the throttle)
      name: 'GET /verify/{code}',
      expect: PUBLIC_RULES(200),
      call: async (where, headers) =>
        t.http.get(`/api/v1/verify/${(await certificate(where)).serial}`).set(headers).set('x-forwarded-for', `198.51.100.${++seq % 250}`),
    },
    {
      name: 'POST /verify',
      expect: PUBLIC_RULES(200),
      call: async (where, headers) =>
        t.http.post('/api/v1/verify').set(headers).set('x-forwarded-for', `198.51.100.${++seq % 250}`).send({ credential: (await certificate(where)).jwt }),
    },
    {
      name: 'GET /.well-known/jwks.json',
      expect: PUBLIC_RULES(200),
      call: (_where, headers) => t.http.get('/.well-known/jwks.json').set(headers),
    },
    {
      name: 'GET /certificates?communeCode',
      expect: unitAddressed(RESIDENT_DATA_RULES(200)),
      call: (where, headers) => t.http.get('/api/v1/certificates').query({ communeCode: COMMUNE[where] }).set(headers),
    },
    {
      name: 'GET /certificates?villageCode',
      expect: unitAddressed(RESIDENT_DATA_RULES(200)),
      call: async (where, headers) => t.http.get('/api/v1/certificates').query({ villageCode: await village(where) }).set(headers),
    },
    {
      name: 'GET /certificates/summary?unit',
      expect: unitAddressed(RESIDENT_DATA_RULES(200)),
      call: (where, headers) => t.http.get('/api/v1/certificates/summary').query({ unit: COMMUNE[where] }).set(headers),
    },
    {
      name: 'GET /certificates/{id}',
      expect: RESIDENT_DATA_RULES(200),
      notFound: 'CERTIFICATE_NOT_FOUND',
      call: async (where, headers) => t.http.get(`/api/v1/certificates/${await pendingCertificate(where)}`).set(headers),
    },
    {
      name: 'POST /certificates/{id}/revoke',
      expect: CERTIFICATE_FIX_RULES(200),
      notFound: 'CERTIFICATE_NOT_FOUND',
      call: async (where, headers) => t.http.post(`/api/v1/certificates/${await pendingCertificate(where)}/revoke`).set(headers).send({ reason: 'Cấp nhầm người' }),
    },
    {
      name: 'POST /certificates/{id}/resubmit',
      expect: CERTIFICATE_FIX_RULES(200),
      notFound: 'CERTIFICATE_NOT_FOUND',
      call: async (where, headers) => t.http.post(`/api/v1/certificates/${await pendingCertificate(where, 'rejected')}/resubmit`).set(headers),
    },
    {
      name: 'POST /certificates/redrive (communeCode)',
      expect: unitAddressed(RESIDENT_DATA_RULES(200)),
      call: (where, headers) => t.http.post('/api/v1/certificates/redrive').set(headers).send({ state: 'failed', communeCode: COMMUNE[where] }),
    },
    {
      // a resident's own certificates: not addressed by unit
      name: 'GET /me/certificates',
      expect: {
        anonymous: all(401, 401, 401),
        admin: all(403, 403, 403),
        province: all(403, 403, 403),
        area: all(403, 403, 403),
        commune: all(403, 403, 403),
        instructor: all(403, 403, 403),
        resident: all(200, 200, 200),
      },
      call: (_where, headers) => t.http.get('/api/v1/me/certificates').set(headers),
    },
    {
      name: 'GET /reporting/figures/country',
      expect: REPORTING_COUNTRY_RULES,
      call: (_where, headers) => t.http.get('/api/v1/reporting/figures/country').set(headers),
    },
    {
      name: 'GET /reporting/figures/provinces/{code}',
      expect: REPORTING_PROVINCE_RULES(true),
      call: (where, headers) => t.http.get(`/api/v1/reporting/figures/provinces/${PROVINCE[where]}`).set(headers),
    },
    {
      // a fresh area of the one commune (so a commune officer of it is covered by it too)
      name: 'GET /reporting/figures/areas/{id}',
      expect: REPORTING_COMMUNE_RULES(true),
      call: async (where, headers) => t.http.get(`/api/v1/reporting/figures/areas/${await area(where)}`).set(headers),
    },
    {
      name: 'GET /reporting/figures/communes/{code}',
      expect: REPORTING_COMMUNE_RULES(true),
      call: (where, headers) => t.http.get(`/api/v1/reporting/figures/communes/${COMMUNE[where]}`).set(headers),
    },
    {
      name: 'GET /reporting/figures/villages/{code}',
      expect: REPORTING_COMMUNE_RULES(true),
      call: async (where, headers) => t.http.get(`/api/v1/reporting/figures/villages/${await village(where)}`).set(headers),
    },
    {
      name: 'GET /reporting/figures/classes/{id}',
      expect: CLASS_READ_RULES(200),
      notFound: 'CLASS_NOT_FOUND',
      call: async (where, headers) => t.http.get(`/api/v1/reporting/figures/classes/${await klass(where)}`).set(headers),
    },
    {
      name: 'GET /reporting/trends/country',
      expect: REPORTING_COUNTRY_RULES,
      call: (_where, headers) => t.http.get('/api/v1/reporting/trends/country').set(headers),
    },
    {
      name: 'GET /reporting/trends/provinces/{code}',
      expect: REPORTING_PROVINCE_RULES(true),
      call: (where, headers) => t.http.get(`/api/v1/reporting/trends/provinces/${PROVINCE[where]}`).set(headers),
    },
    {
      name: 'GET /reporting/trends/areas/{id}',
      expect: REPORTING_COMMUNE_RULES(true),
      call: async (where, headers) => t.http.get(`/api/v1/reporting/trends/areas/${await area(where)}`).set(headers),
    },
    {
      name: 'GET /reporting/trends/communes/{code}',
      expect: REPORTING_COMMUNE_RULES(true),
      call: (where, headers) => t.http.get(`/api/v1/reporting/trends/communes/${COMMUNE[where]}`).set(headers),
    },
    {
      name: 'GET /reporting/rankings/provinces/{code}',
      expect: REPORTING_PROVINCE_RULES(false),
      call: (where, headers) => t.http.get(`/api/v1/reporting/rankings/provinces/${PROVINCE[where]}`).set(headers),
    },
    {
      name: 'GET /reporting/rankings/areas/{id}',
      expect: REPORTING_COMMUNE_RULES(false),
      call: async (where, headers) => t.http.get(`/api/v1/reporting/rankings/areas/${await area(where)}`).set(headers),
    },
    ...(['xlsx', 'csv'] as const).flatMap((format) => [
      {
        name: `GET /reporting/exports/provinces/{code}.${format}`,
        expect: REPORTING_PROVINCE_RULES(false),
        call: (where: Where, headers: Record<string, string>) => t.http.get(`/api/v1/reporting/exports/provinces/${PROVINCE[where]}.${format}`).set(headers),
      },
      {
        name: `GET /reporting/exports/areas/{id}.${format}`,
        expect: REPORTING_COMMUNE_RULES(false),
        call: async (where: Where, headers: Record<string, string>) => t.http.get(`/api/v1/reporting/exports/areas/${await area(where)}.${format}`).set(headers),
      },
      {
        name: `GET /reporting/exports/communes/{code}.${format}`,
        expect: REPORTING_COMMUNE_RULES(false),
        call: (where: Where, headers: Record<string, string>) => t.http.get(`/api/v1/reporting/exports/communes/${COMMUNE[where]}.${format}`).set(headers),
      },
    ]),
    {
      name: 'GET /reporting/periods',
      expect: { ...PUBLIC_RULES(200), anonymous: all(401, 401, 401), resident: all(403, 403, 403) },
      call: (_where, headers) => t.http.get('/api/v1/reporting/periods').set(headers),
    },
    {
      name: 'POST /reporting/periods',
      expect: { ...REPORTING_COUNTRY_RULES, admin: all(201, 201, 201), province: all(403, 403, 403), area: all(403, 403, 403), commune: all(403, 403, 403), instructor: all(403, 403, 403) },
      call: (_where, headers) =>
        t.http.post('/api/v1/reporting/periods').set(headers).send({ code: `CD-MT-${++seq}`, name: 'Chiến dịch ma trận', startsOn: '2027-01-01', endsOn: '2027-03-31' }),
    },
    {
      name: 'GET /reporting/populations?provinceCode',
      expect: REPORTING_PROVINCE_LIST_RULES,
      call: (where, headers) => t.http.get(`/api/v1/reporting/populations?provinceCode=${PROVINCE[where]}`).set(headers),
    },
    {
      name: 'PUT /reporting/populations/{communeCode}',
      expect: REPORTING_EDITOR_RULES(200),
      call: (where, headers) =>
        t.http.put(`/api/v1/reporting/populations/${COMMUNE[where]}`).set(headers).send({ adults: 1000 + ++seq, source: 'Niên giám ma trận', sourceDate: '2025-12-31' }),
    },
    {
      name: 'GET /reporting/populations/{communeCode}/history',
      expect: REPORTING_COMMUNE_RULES(false),
      call: (where, headers) => t.http.get(`/api/v1/reporting/populations/${COMMUNE[where]}/history`).set(headers),
    },
    {
      name: 'POST /reporting/population-imports?provinceCode',
      expect: REPORTING_EDITOR_RULES(201),
      call: (where, headers) =>
        t.http
          .post(`/api/v1/reporting/population-imports?provinceCode=${PROVINCE[where]}`)
          .set(headers)
          .set('content-type', 'text/csv')
          .send(`Mã xã;Số người từ 18 tuổi trở lên;Nguồn số liệu;Ngày số liệu\r\n${COMMUNE[where]};${2000 + ++seq};Niên giám ma trận;31/12/2025\r\n`),
    },
    ...(['csv', 'xlsx'] as const).map((format) => ({
      name: `GET /reporting/population-imports/template.${format}`,
      expect: { ...REPORTING_EDITOR_RULES(200), province: all(200, 200, 200) },
      call: (_where: Where, headers: Record<string, string>) => t.http.get(`/api/v1/reporting/population-imports/template.${format}`).set(headers),
    })),
    {
      name: 'GET /reporting/targets?provinceCode',
      expect: REPORTING_PROVINCE_LIST_RULES,
      call: (where, headers) => t.http.get(`/api/v1/reporting/targets?provinceCode=${PROVINCE[where]}`).set(headers),
    },
    {
      name: 'GET /reporting/targets/history',
      expect: REPORTING_COMMUNE_RULES(false),
      call: (where, headers) => t.http.get(`/api/v1/reporting/targets/history?level=commune&code=${COMMUNE[where]}`).set(headers),
    },
    {
      name: 'PUT /reporting/targets (a commune)',
      expect: REPORTING_EDITOR_RULES(200),
      call: (where, headers) => t.http.put('/api/v1/reporting/targets').set(headers).send({ level: 'commune', code: COMMUNE[where], rate: (60 + (++seq % 30)) / 100 }),
    },
    {
      // the administrator sets the commune's own target first, so there is one to end
      name: 'DELETE /reporting/targets/{level}/{code}',
      expect: REPORTING_EDITOR_RULES(200),
      call: async (where, headers) => {
        await t.http.put('/api/v1/reporting/targets').set(auth.admin ?? {}).send({ level: 'commune', code: COMMUNE[where], rate: 0.7 }).expect(200);
        return t.http.delete(`/api/v1/reporting/targets/commune/${COMMUNE[where]}`).set(headers);
      },
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
    if (c.status === OUT) {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'OUTSIDE_SCOPE', message: expect.stringMatching(/ nằm ngoài phạm vi quản lý của bạn\.$/) });
      return;
    }
    expect(res.status).toBe(c.status);
    if (c.status === 404) expect(res.body.error.code).toEqual(c.endpoint.notFound ?? expect.stringMatching(/_NOT_FOUND$/));
    if (c.status === 403) expect(res.body.error.code).toBe('FORBIDDEN');
    if (c.status === 401) expect(res.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Bạn cần đăng nhập để thực hiện thao tác này.' });
    const outcome = c.endpoint.markOutcome?.[c.caller]?.[c.where];
    if (outcome !== undefined) {
      expect(res.body.results).toHaveLength(1);
      expect(res.body.results[0]).toMatchObject(outcome === 'accepted' ? { outcome: 'accepted' } : { outcome: 'rejected', code: outcome, current: null });
    }
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
