import { Module } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { OutboxDispatcher } from '@hvs/platform';
import { CoverageAggregatesModule, CoverageMaintenance, CoverageRecount } from '@hvs/reporting';
import { bearer, classApiFixtures, createTestAppWithDemoData, issueTestCertificate, registerTestResident, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';

const { accountId, coreCourse, createClass } = classApiFixtures;

/** The api with reporting's consumers, which the worker runs in production (its outbox dispatcher). */
@Module({ imports: [AppModule, CoverageAggregatesModule] })
class ReportingTestModule {}

type Auth = { authorization: string };
const R = '/api/v1/reporting';
const HOME = '06673'; // Bãi Cháy, in the demo area Hạ Long
const SIBLING = '06709'; // Móng Cái, the same province, another area
const ELSEWHERE = '00004'; // Hà Nội

/**
 * Reporting's read side (docs/reporting.md): denominators (official, estimate, registered fallback),
 * targets per unit, the drill-down country → province → area → commune → village → class, the groups,
 * trend and projection, rankings and exports, and who may see what — all from the aggregates, which
 * coverage:verify finds exact at the end.
 */
describe('reporting: the certification rate of every unit', () => {
  let t: TestApp;
  let dispatcher: OutboxDispatcher;
  const as: Record<string, Auth> = {};
  let seq = 0;
  let areaId: string;
  let otherAreaId: string;
  const thisYear = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date());

  beforeAll(async () => {
    t = await createTestAppWithDemoData(ReportingTestModule);
    dispatcher = t.app.get(OutboxDispatcher);
    for (const u of ['admin', 'tinh.quangninh', 'khuvuc.halong', 'xa.baichay', 'gv.baichay']) as[u] = await bearer(t.http, u);
    await drain();
    await t.app.get(CoverageMaintenance).rebuild();
    const areas = await t.db.query(`SELECT a.id, bool_or(m.commune_code = $1) AS home FROM geo_areas a JOIN geo_area_communes m ON m.area_id = a.id WHERE a.province_code = '22' GROUP BY a.id`, [HOME]);
    areaId = areas.find((a: { home: boolean }) => a.home).id;
    otherAreaId = areas.find((a: { home: boolean }) => !a.home).id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  async function drain(): Promise<void> {
    while ((await dispatcher.dispatchBatch()).claimed > 0);
  }

  /** A resident of a commune (adult unless a birth date says otherwise), counted once the events are consumed. */
  async function resident(communeCode: string, body: Record<string, unknown> = {}): Promise<string> {
    const n = ++seq;
    const res = await t.http
      .post('/api/v1/residents')
      .set(as.admin)
      .send({
        fullName: `Người Báo Cáo ${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + (Math.floor(n / 26) % 26))}`,
        birthDate: `19${50 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`,
        sex: 'female',
        noSmartphone: false,
        communeCode,
        consent: { purposes: ['training_records'], method: 'assisted' },
        ...body,
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** A recognised certificate for the resident, announced as the issuer announces it. */
  async function certify(residentId: string): Promise<string> {
    const c = await issueTestCertificate(t, residentId, 'Người Báo Cáo', 'recognised');
    await t.db.query(
      `INSERT INTO outbox_events (topic, dedupe_key, payload) VALUES ('certificates.residents_changed', 'test:' || gen_random_uuid(), jsonb_build_object('residentIds', ARRAY[$1::uuid]))`,
      [residentId],
    );
    await drain();
    return c.id;
  }

  const figures = async (path: string, auth: Auth = as.admin, query = '') => {
    const res = await t.http.get(`${R}/figures/${path}${query}`).set(auth);
    expect(res.status).toBe(200);
    return res.body;
  };
  const child = (view: { children: Array<{ unit: { code: string }; figures: Record<string, unknown> }> }, code: string) =>
    view.children.find((c) => c.unit.code === code)!.figures as Record<string, number> & { denominatorSource: string; target: { rate: number; setFor: string } };

  describe('denominators', () => {
    it('falls back to registered adults and says so, for the commune and its province', async () => {
      await resident(HOME);
      await drain();
      const commune = await figures(`communes/${HOME}`);
      expect(commune.figures).toMatchObject({ denominatorSource: 'registered' });
      expect(commune.figures.adultPopulation).toBe(commune.figures.registered);
      expect(commune.figures.registered).toBeGreaterThan(0);
      const province = await figures('provinces/22');
      expect(province.figures.denominatorSource).toBe('registered');
      expect(province.figures.denominatorCommunes.registered).toBe(province.children.length);
    });

    it('uses the official figure once entered, keeps the history, and ignores the same figure entered again', async () => {
      const put = (adults: number, source = 'Cục Thống kê tỉnh Quảng Ninh, Niên giám 2025') =>
        t.http.put(`${R}/populations/${HOME}?period=${thisYear}`).set(as['tinh.quangninh']).send({ adults, source, sourceDate: '2025-12-31' });
      expect((await put(1000)).body).toMatchObject({ communeCode: HOME, denominatorSource: 'official', denominator: 1000, population: { adults: 1000, estimate: false } });
      await put(1200).expect(200);
      await put(1200).expect(200);
      const history = await t.http.get(`${R}/populations/${HOME}/history`).set(as['khuvuc.halong']).expect(200);
      expect(history.body.items.map((i: { adults: number; supersededAt: string | null }) => [i.adults, i.supersededAt === null])).toEqual([
        [1200, true],
        [1000, false],
      ]);
      const commune = await figures(`communes/${HOME}`);
      expect(commune.figures).toMatchObject({ adultPopulation: 1200, denominatorSource: 'official' });
      const province = await figures('provinces/22');
      expect(province.figures.denominatorSource).toBe('mixed');
      expect(province.figures.denominatorCommunes).toMatchObject({ official: 1 });
      const list = await t.http.get(`${R}/populations?provinceCode=22`).set(as['tinh.quangninh']).expect(200);
      expect(list.body.fallbackCommunes).toBe(list.body.items.length - 1);
    });

    it('refuses bad figures, other roles and communes outside the scope', async () => {
      const body = { adults: 10, source: 'Nguồn', sourceDate: '2025-12-31' };
      for (const bad of [{ ...body, adults: -1 }, { ...body, adults: 1.5 }, { ...body, source: '' }, { ...body, sourceDate: '31/12/2025' }, { ...body, extra: 1 }]) {
        const res = await t.http.put(`${R}/populations/${HOME}`).set(as['tinh.quangninh']).send(bad);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      const future = await t.http.put(`${R}/populations/${HOME}`).set(as['tinh.quangninh']).send({ ...body, sourceDate: '2099-01-01' });
      expect(future.body.error.code).toBe('SOURCE_DATE_IN_FUTURE');
      expect((await t.http.put(`${R}/populations/${ELSEWHERE}`).set(as['tinh.quangninh']).send(body)).body.error.code).toBe('OUTSIDE_SCOPE');
      await t.http.put(`${R}/populations/${HOME}`).set(as['xa.baichay']).send(body).expect(403);
      expect((await t.http.put(`${R}/populations/${HOME}?period=1999`).set(as['tinh.quangninh']).send(body)).body.error.code).toBe('PERIOD_NOT_FOUND');
      expect((await t.http.put(`${R}/populations/6673`).set(as['tinh.quangninh']).send(body)).status).toBe(400);
    });

    it('imports a province\'s CSV with per-row errors; the same file again changes nothing', async () => {
      const csv = [
        'Mã xã;Tên xã;Số người từ 18 tuổi trở lên;Nguồn số liệu;Ngày số liệu',
        `${SIBLING};Móng Cái 1;2.500;Niên giám 2025;31/12/2025`,
        '06712;;abc;Niên giám 2025;31/12/2025',
        `${ELSEWHERE};Hà Nội;100;Niên giám 2025;31/12/2025`,
        '99999;;100;Niên giám 2025;31/12/2025',
        `${SIBLING};Móng Cái 1;2.600;Niên giám 2025;31/12/2025`,
        '06724;;300;;31/12/2025',
      ].join('\r\n');
      const send = () => t.http.post(`${R}/population-imports?provinceCode=22`).set(as['tinh.quangninh']).set('content-type', 'text/csv').send(csv);
      const first = await send();
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ total: 6, created: 1, updated: 0, unchanged: 0, rejected: 5 });
      expect(first.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
        [3, 'ADULTS_INVALID'],
        [4, 'COMMUNE_OUTSIDE_PROVINCE'],
        [5, 'COMMUNE_NOT_FOUND'],
        [6, 'DUPLICATE_COMMUNE'],
        [7, 'SOURCE_INVALID'],
      ]);
      const again = await send();
      expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: 5 });
      expect(child(await figures('provinces/22'), SIBLING)).toMatchObject({ adultPopulation: 2500, denominatorSource: 'official' });

      // an XLSX file, as the template is filled in
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Dân số');
      ws.addRow(['Mã xã (5 chữ số)', 'Số người từ 18 tuổi trở lên', 'Nguồn số liệu', 'Ngày số liệu']);
      ws.addRow([6712, 4321, 'Niên giám 2025', new Date(Date.UTC(2025, 11, 31))]);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      const res = await t.http
        .post(`${R}/population-imports?provinceCode=22`)
        .set(as['tinh.quangninh'])
        .set('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(xlsx);
      expect(res.body).toMatchObject({ total: 1, created: 1, rejected: 0 });
      // area and commune officers read the figures but do not import them
      await t.http.post(`${R}/population-imports?provinceCode=22`).set(as['khuvuc.halong']).set('content-type', 'text/csv').send(csv).expect(403);
      const template = await t.http.get(`${R}/population-imports/template.csv`).set(as['tinh.quangninh']).expect(200);
      expect(template.text.startsWith('\uFEFFMã xã')).toBe(true);
    });
  });

  describe('targets', () => {
    it('is 80 % by the end of the period by default; a province sets its own, and one for a commune', async () => {
      const before = await t.http.get(`${R}/targets?provinceCode=22`).set(as['tinh.quangninh']).expect(200);
      expect(before.body.province.target).toEqual({ rate: 0.8, dueOn: `${thisYear}-12-31`, setFor: 'default' });

      await t.http.put(`${R}/targets`).set(as['tinh.quangninh']).send({ level: 'province', code: '22', rate: 0.85 }).expect(200);
      const commune = await t.http.put(`${R}/targets`).set(as['tinh.quangninh']).send({ level: 'commune', code: SIBLING, rate: 0.5, dueOn: `${thisYear}-06-30` }).expect(200);
      expect(commune.body.target).toEqual({ rate: 0.5, dueOn: `${thisYear}-06-30`, setFor: 'commune' });

      const province = await figures('provinces/22');
      expect(province.figures.target).toMatchObject({ rate: 0.85, setFor: 'province' });
      expect(child(province, HOME).target).toMatchObject({ rate: 0.85, setFor: 'province' });
      const sibling = child(province, SIBLING);
      expect(sibling.target).toMatchObject({ rate: 0.5, setFor: 'commune' });
      expect(sibling.targetPeople).toBe(Math.ceil(0.5 * sibling.adultPopulation));
      expect(sibling.gap).toBe(Math.max(0, sibling.targetPeople - sibling.certified));
      expect(child(await figures('country'), '22').target).toMatchObject({ rate: 0.85, setFor: 'province' });

      // ended: the commune follows its province again; the history keeps both
      expect((await t.http.delete(`${R}/targets/commune/${SIBLING}`).set(as['tinh.quangninh']).expect(200)).body.target.setFor).toBe('province');
      expect((await t.http.delete(`${R}/targets/commune/${SIBLING}`).set(as['tinh.quangninh'])).body.error.code).toBe('TARGET_NOT_SET');
      const history = await t.http.get(`${R}/targets/history?level=commune&code=${SIBLING}`).set(as['tinh.quangninh']).expect(200);
      expect(history.body.items).toHaveLength(1);
      expect(history.body.items[0].supersededAt).not.toBeNull();
    });

    it('refuses bad targets, other roles and other provinces', async () => {
      for (const bad of [{ rate: 0 }, { rate: 1.5 }, { rate: 0.12345 }, { rate: '0.8' }, { level: 'village' }, { code: '6673' }, { dueOn: 'tomorrow' }]) {
        const res = await t.http.put(`${R}/targets`).set(as['tinh.quangninh']).send({ level: 'commune', code: HOME, rate: 0.6, ...bad });
        expect(res.status).toBe(400);
      }
      expect((await t.http.put(`${R}/targets`).set(as['tinh.quangninh']).send({ level: 'province', code: '01', rate: 0.6 })).body.error.code).toBe('OUTSIDE_SCOPE');
      expect((await t.http.put(`${R}/targets`).set(as['tinh.quangninh']).send({ level: 'province', code: HOME, rate: 0.6 })).body.error.code).toBe('TARGET_LEVEL');
      await t.http.put(`${R}/targets`).set(as['xa.baichay']).send({ level: 'commune', code: HOME, rate: 0.6 }).expect(403);
      await t.http.put(`${R}/targets`).set(as['khuvuc.halong']).send({ level: 'commune', code: HOME, rate: 0.6 }).expect(403);
    });
  });

  describe('figures, live', () => {
    it('moves the rate, gap, trend and projection when a certificate is recognised, and back when it is revoked', async () => {
      const id = await resident(HOME);
      await drain();
      const before = (await figures(`communes/${HOME}`)).figures;
      const certificateId = await certify(id);
      const after = await figures(`communes/${HOME}`);
      expect(after.figures.certified).toBe(before.certified + 1);
      expect(after.figures.certificates.recognised).toBe(before.certificates.recognised + 1);
      expect(after.figures.rate).toBeCloseTo(after.figures.certified / after.figures.adultPopulation);
      expect(after.figures.gap).toBe(Math.max(0, before.gap - 1));
      expect(after.figures.gapText).toMatch(/^còn thiếu [0-9.]+ người$/);
      expect(after.projection.perWeek).toBeGreaterThan(0);
      expect(after.projection.text).toMatch(/Với tốc độ 4 tuần gần đây/);

      const trend = await t.http.get(`${R}/trends/communes/${HOME}`).set(as['xa.baichay']).expect(200);
      expect(trend.body.bucket).toBe('week');
      const last = trend.body.points[trend.body.points.length - 1];
      expect(last.recognitions).toBeGreaterThanOrEqual(1);
      expect(last.certified).toBe(after.figures.certified);

      await t.http.post(`/api/v1/certificates/${certificateId}/revoke`).set(as['xa.baichay']).send({ reason: 'Cấp nhầm người' }).expect(200);
      await drain();
      const revoked = (await figures(`communes/${HOME}`)).figures;
      expect(revoked.certified).toBe(before.certified);
      expect(revoked.certificates.revoked).toBe(before.certificates.revoked + 1);
    });

    it('gives every group left behind its own rate and gap', async () => {
      const old = await resident(HOME, { birthDate: '1950-03-03', disability: true, poverty: 'poor', noSmartphone: true });
      await certify(old);
      const view = await figures(`communes/${HOME}`);
      const group = (g: string) => view.groups.find((x: { group: string }) => x.group === g);
      expect(view.groups.map((g: { group: string }) => g.group)).toEqual([
        'age:18-35',
        'age:36-59',
        'age:60+',
        'sex:male',
        'sex:female',
        'ethnic_minority',
        'disability',
        'poverty:poor',
        'poverty:near_poor',
        'no_smartphone',
      ]);
      for (const g of ['age:60+', 'disability', 'poverty:poor', 'no_smartphone']) {
        expect(group(g).certified).toBeGreaterThanOrEqual(1);
        expect(group(g).rate).toBeCloseTo(group(g).certified / group(g).registered);
      }
      expect(group('age:60+').label).toBe('Từ 60 tuổi trở lên');
      const ages = ['age:18-35', 'age:36-59', 'age:60+'].reduce((n, g) => n + group(g).registered, 0);
      expect(ages).toBe(view.figures.registered);
      expect(group('sex:male').registered + group('sex:female').registered).toBe(view.figures.registered);
    });

    it('a unit\'s figures are the sum of its children\'s: country, province, area', async () => {
      const sum = (view: { children: Array<{ figures: Record<string, number> }> }, k: string) => view.children.reduce((n, c) => n + c.figures[k], 0);
      for (const view of [await figures('country'), await figures('provinces/22'), await figures(`areas/${areaId}`)]) {
        for (const k of ['adultPopulation', 'registered', 'registeredAllAges', 'enrolled', 'attended', 'completed', 'certified']) {
          expect([view.unit.level, k, sum(view, k)]).toEqual([view.unit.level, k, view.figures[k]]);
        }
      }
      const province = await figures('provinces/22');
      const area = province.areas.find((a: { unit: { code: string } }) => a.unit.code === areaId);
      expect(area.figures).toEqual((await figures(`areas/${areaId}`)).figures);
      // the country's row of a province (its denominators summed in the database, registered adults read
      // only for the communes that fall back to them) equals the province's own figure, commune by commune
      const inCountry = child(await figures('country'), '22');
      for (const k of ['adultPopulation', 'registered', 'certified']) expect([k, inCountry[k]]).toEqual([k, province.figures[k]]);
      expect(inCountry.denominatorSource).toEqual(province.figures.denominatorSource);
    });
  });

  describe('drill-down to a class, and who sees what', () => {
    let classId: string;
    let villageCode: string;

    beforeAll(async () => {
      [{ code: villageCode }] = await t.db.query(`SELECT code FROM geo_villages WHERE commune_code = $1 ORDER BY code LIMIT 1`, [HOME]);
      const course = await coreCourse(t, as.admin);
      const c = await createClass(t, as['xa.baichay'], { courseVersionId: course.versionId, villageCode, instructorIds: [await accountId(t, 'gv.baichay')] });
      classId = c.id;
      const learner = await resident(HOME, { villageCode });
      await t.http.post(`/api/v1/classes/${classId}/enrolments`).set(as['xa.baichay']).send({ residentIds: [learner] }).expect((r) => expect(r.status).toBeLessThan(300));
      await drain();
      await certify(learner);
    });

    it('goes country → province → area → commune → village → class, each level with its children', async () => {
      const country = await figures('country');
      expect(country.childLevel).toBe('province');
      expect(country.children.find((c: { unit: { code: string } }) => c.unit.code === '22')).toBeDefined();
      const province = await figures('provinces/22');
      expect(province.childLevel).toBe('commune');
      expect(province.areas.length).toBeGreaterThanOrEqual(2);
      const area = await figures(`areas/${areaId}`);
      expect(area.children.map((c: { unit: { code: string } }) => c.unit.code)).toContain(HOME);
      const commune = await figures(`communes/${HOME}`);
      expect(commune.childLevel).toBe('village');
      const village = await figures(`villages/${villageCode}`);
      expect(village.figures.denominatorSource).toBe('registered');
      expect(village.children.map((c: { unit: { code: string } }) => c.unit.code)).toContain(classId);
      const klass = await figures(`classes/${classId}`);
      expect(klass.figures).toMatchObject({ denominatorSource: 'enrolled', adultPopulation: 1, enrolled: 1, certified: 1, rate: 1 });
      expect(klass.children).toEqual([]);
      expect(village.children.find((c: { unit: { code: string } }) => c.unit.code === classId).figures).toEqual(klass.figures);
    });

    it('officers see their scope only; instructors their commune and classes; residents nothing', async () => {
      const status = async (auth: Auth, path: string) => (await t.http.get(`${R}/${path}`).set(auth)).status;
      // province officer: the province and below, not the country nor another province
      expect(await status(as['tinh.quangninh'], 'figures/provinces/22')).toBe(200);
      expect(await status(as['tinh.quangninh'], 'figures/country')).toBe(403);
      expect(await status(as['tinh.quangninh'], 'figures/provinces/01')).toBe(403);
      expect(await status(as['tinh.quangninh'], `figures/communes/${ELSEWHERE}`)).toBe(403);
      // area officer: their area and its communes, not the province, another area or a commune outside
      expect(await status(as['khuvuc.halong'], `figures/areas/${areaId}`)).toBe(200);
      expect(await status(as['khuvuc.halong'], `figures/communes/${HOME}`)).toBe(200);
      expect(await status(as['khuvuc.halong'], `rankings/areas/${areaId}`)).toBe(200);
      expect(await status(as['khuvuc.halong'], 'figures/provinces/22')).toBe(403);
      expect(await status(as['khuvuc.halong'], `figures/areas/${otherAreaId}`)).toBe(403);
      expect(await status(as['khuvuc.halong'], `figures/communes/${SIBLING}`)).toBe(403);
      expect(await status(as['khuvuc.halong'], `exports/communes/${SIBLING}.csv`)).toBe(403);
      // commune officer: the commune, its villages and classes
      expect(await status(as['xa.baichay'], `figures/communes/${HOME}`)).toBe(200);
      expect(await status(as['xa.baichay'], `figures/classes/${classId}`)).toBe(200);
      expect(await status(as['xa.baichay'], `figures/communes/${SIBLING}`)).toBe(403);
      // instructor: their commune and their own class; not the rankings nor the exports
      expect(await status(as['gv.baichay'], `figures/communes/${HOME}`)).toBe(200);
      expect(await status(as['gv.baichay'], `figures/classes/${classId}`)).toBe(200);
      expect(await status(as['gv.baichay'], 'rankings/provinces/22')).toBe(403);
      expect(await status(as['gv.baichay'], `exports/communes/${HOME}.xlsx`)).toBe(403);
      // an instructor who is not on the class's staff does not find it
      const [{ id: other }] = await t.db.query(`SELECT id FROM classes_classes WHERE commune_code = $1 AND id <> $2 AND NOT EXISTS
        (SELECT 1 FROM classes_staff s JOIN identity_accounts a ON a.id = s.account_id WHERE s.class_id = classes_classes.id AND a.username = 'gv.baichay')
        UNION ALL SELECT $2::uuid LIMIT 1`, [HOME, classId]);
      if (other !== classId) expect((await t.http.get(`${R}/figures/classes/${other}`).set(as['gv.baichay'])).body.error.code).toBe('CLASS_NOT_FOUND');
      // residents: nothing
      const someone = await registerTestResident(t, as.admin, { communeCode: HOME });
      for (const path of [`figures/communes/${HOME}`, `figures/classes/${classId}`, 'periods', `trends/communes/${HOME}`]) {
        expect(await status(someone.auth as Auth, path)).toBe(403);
      }
      const unknownArea = await t.http.get(`${R}/figures/areas/00000000-0000-4000-8000-000000000000`).set(as.admin);
      expect(unknownArea.status).toBe(404);
      expect((await t.http.get(`${R}/figures/villages/0667`).set(as.admin)).status).toBe(400);
      expect((await t.http.get(`${R}/figures/communes/${HOME}?period=nope!`).set(as.admin)).body.error.code).toBe('VALIDATION_FAILED');
      expect((await t.http.get(`${R}/figures/communes/${HOME}?unknown=1`).set(as.admin)).status).toBe(400);
    });
  });

  describe('rankings and exports', () => {
    it('ranks the communes of a province by rate and by progress, searchable ignoring diacritics', async () => {
      const byRate = await t.http.get(`${R}/rankings/provinces/22`).set(as['tinh.quangninh']).expect(200);
      const rates = byRate.body.items.map((i: { figures: { rate: number | null } }) => i.figures.rate ?? -1);
      expect(rates).toEqual([...rates].sort((a, b) => b - a));
      expect(byRate.body.total).toBe(byRate.body.items.length);
      const search = await t.http.get(`${R}/rankings/provinces/22?q=bai chay`).set(as['tinh.quangninh']).expect(200);
      expect(search.body.items.map((i: { unit: { code: string } }) => i.unit.code)).toEqual([HOME]);
      expect(search.body.items[0].rank).toBe(byRate.body.items.find((i: { unit: { code: string } }) => i.unit.code === HOME).rank);
      const byProgress = await t.http.get(`${R}/rankings/provinces/22?by=progress`).set(as['tinh.quangninh']).expect(200);
      expect(byProgress.body.items[0].gained).toBeGreaterThan(0);
      expect((await t.http.get(`${R}/rankings/provinces/22?from=2026-02-01&to=2026-01-01`).set(as['tinh.quangninh'])).body.error.code).toBe('INVALID_RANGE');
      expect((await t.http.get(`${R}/rankings/provinces/22?by=size`).set(as['tinh.quangninh'])).status).toBe(400);
    });

    it('exports a province as XLSX and CSV with Vietnamese headers, one row per commune, equal to the API', async () => {
      const api = await figures('provinces/22', as['tinh.quangninh']);
      const res = await t.http
        .get(`${R}/exports/provinces/22.xlsx`)
        .set(as['tinh.quangninh'])
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(res.headers['content-disposition']).toContain('.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
      const ws = wb.worksheets[0];
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      const header = rows.find((r) => r[0] === 'Mã xã/phường')!;
      expect(header).toContain('Có chứng nhận được VNeID công nhận');
      const home = rows.find((r) => r[0] === HOME)!;
      const certifiedAt = header.indexOf('Có chứng nhận được VNeID công nhận');
      expect(home[certifiedAt]).toBe(child(api, HOME).certified);
      expect(rows.filter((r) => typeof r[0] === 'string' && /^[0-9]{5}$/.test(r[0] as string))).toHaveLength(api.children.length);

      const csv = await t.http.get(`${R}/exports/communes/${HOME}.csv`).set(as['xa.baichay']).expect(200);
      expect(csv.text.startsWith('\uFEFF')).toBe(true);
      expect(csv.text).toContain('Mã thôn/tổ dân phố');
      expect(csv.text).toContain('Tổng cộng');
    });
  });

  it('coverage:verify finds the aggregates exact after all of it', async () => {
    await drain();
    const result = await t.app.get(CoverageRecount).run();
    expect(result.differences).toEqual([]);
  });
});
