import { Module } from '@nestjs/common';
import { OutboxDispatcher, vietnamDayFromToday } from '@hvs/platform';
import { CoverageAggregatesModule, CoverageMaintenance, CoverageRecount } from '@hvs/reporting';
import { bearer, completeCourse, coreCourseVersion, createTestAppWithDemoData, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';

/** The api with reporting's consumers, which the worker runs in production (its outbox dispatcher). */
@Module({ imports: [AppModule, CoverageAggregatesModule] })
class CoverageTestModule {}

interface Cell {
  registered: number;
  enrolled: number;
  attended: number;
  completed: number;
  certified: number;
  recognised: number;
  pending: number;
}

/** The reporting_counts cells are exact after every kind of change, and coverage:verify agrees (docs/reporting.md). */
describe('coverage aggregates', () => {
  let t: TestApp;
  let dispatcher: OutboxDispatcher;
  let recount: CoverageRecount;
  let maintenance: CoverageMaintenance;
  let officer: Record<string, string>;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(CoverageTestModule);
    dispatcher = t.app.get(OutboxDispatcher);
    recount = t.app.get(CoverageRecount);
    maintenance = t.app.get(CoverageMaintenance);
    officer = await bearer(t.http, 'xa.baichay');
    // the demo data was written before the consumers ran: build the projection once, as a deployment would
    await drain();
    await maintenance.rebuild();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  async function drain(): Promise<void> {
    while ((await dispatcher.dispatchBatch()).claimed > 0);
  }

  async function expectNoDifference(today?: string): Promise<void> {
    const result = await recount.run({ today });
    expect(result.differences).toEqual([]);
    expect(result.residentsChecked).toBeGreaterThan(0);
  }

  /** A cell summed over its shards. */
  async function cell(level: string, unit: string, grp = 'all', adult = true): Promise<Cell> {
    const [row] = await t.db.query(
      `SELECT coalesce(sum(registered), 0)::int AS registered, coalesce(sum(enrolled), 0)::int AS enrolled, coalesce(sum(attended), 0)::int AS attended,
              coalesce(sum(completed), 0)::int AS completed, coalesce(sum(certified), 0)::int AS certified,
              coalesce(sum(recognised), 0)::int AS recognised, coalesce(sum(pending), 0)::int AS pending
         FROM reporting_counts WHERE level = $1 AND unit_code = $2 AND grp = $3 AND adult = $4`,
      [level, unit, grp, adult],
    );
    return row;
  }

  async function register(body: Record<string, unknown> = {}): Promise<string> {
    const n = ++serial;
    const res = await t.http
      .post('/api/v1/residents')
      .set(officer)
      .send({
        fullName: `Người Thống Kê ${String.fromCharCode(65 + (n % 26))}`,
        birthDate: '1980-05-0' + (1 + (n % 9)),
        sex: 'female',
        noSmartphone: true,
        communeCode: '06673',
        consent: { purposes: ['training_records'], method: 'assisted' },
        ...body,
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('starts exact: the rebuilt projection of the demo data equals a recount', async () => {
    await expectNoDifference();
  });

  it('counts a registration in the village, commune, province and country, in its groups, and nowhere else', async () => {
    const [village] = await t.db.query(`SELECT code FROM geo_villages WHERE commune_code = '06673' ORDER BY code LIMIT 1`);
    const cells = () =>
      Promise.all([
        cell('village', village.code),
        cell('commune', '06673'),
        cell('province', '22'),
        cell('country', 'VN'),
        cell('commune', '06673', 'disability'),
        cell('commune', '06673', 'age:36-59'),
      ]);
    const before = await cells();
    await register({ villageCode: village.code, disability: true });
    await drain();
    const after = await cells();
    after.forEach((a, k) => expect(a.registered).toBe(before[k].registered + 1));
    await expectNoDifference();
  });

  it('follows a completion, a pending certificate, a recognition and an erasure', async () => {
    const id = await register();
    await drain();
    const start = await cell('commune', '06673');

    // what learning's completion rule writes: the completion and its event
    const course = await coreCourseVersion(t);
    await t.db.query(
      `INSERT INTO learning_course_completions (resident_id, version_id, path, via) SELECT id, $2, path, 'self_paced' FROM identity_residents WHERE id = $1`,
      [id, course.versionId],
    );
    await completeCourse(t, id, course);
    await drain(); // the certificate (pending) and the completion
    expect(await cell('commune', '06673')).toMatchObject({ completed: start.completed + 1, pending: start.pending + 1, certified: start.certified });

    // recognised: the certificate written as the issuer would, and its event
    await t.db.query(
      `UPDATE certificates_certificates SET state = 'recognised', partner_reference = 'VNEID-TEST', credential_jwt = 'e30.e30.sig', recognised_at = now()
        WHERE resident_id = $1`,
      [id],
    );
    await t.db.query(
      `INSERT INTO outbox_events (topic, dedupe_key, payload) VALUES ('certificates.residents_changed', 'test:' || gen_random_uuid(), jsonb_build_object('residentIds', ARRAY[$1::uuid]))`,
      [id],
    );
    await drain();
    expect(await cell('commune', '06673')).toMatchObject({ certified: start.certified + 1, recognised: start.recognised + 1, pending: start.pending });
    const [today] = await t.db.query(
      `SELECT coalesce(sum(recognitions), 0)::int AS recognitions, coalesce(sum(certified_adults), 0)::int AS certified FROM reporting_daily
        WHERE level = 'commune' AND unit_code = '06673' AND day = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`,
    );
    expect(today.recognitions).toBeGreaterThanOrEqual(1);
    await expectNoDifference();

    // erased: no longer counted anywhere
    await t.http.post(`/api/v1/residents/${id}/erasure`).set(officer).expect(204);
    await drain();
    expect(await cell('commune', '06673')).toMatchObject({ registered: start.registered - 1, certified: start.certified, completed: start.completed });
    await expectNoDifference();
  });

  it("a unit's figures equal the sum of its children's", async () => {
    const sums: Array<{ parent: number; children: number }> = await t.db.query(
      `WITH c AS (SELECT level, unit_code, grp, adult, sum(registered) AS n FROM reporting_counts GROUP BY 1, 2, 3, 4)
       SELECT (SELECT coalesce(sum(n), 0) FROM c WHERE level = 'country')::int AS parent,
              (SELECT coalesce(sum(n), 0) FROM c WHERE level = 'province')::int AS children
       UNION ALL
       SELECT (SELECT coalesce(sum(n), 0) FROM c WHERE level = 'province' AND unit_code = '22')::int,
              (SELECT coalesce(sum(n), 0) FROM c JOIN geo_communes g ON g.code = c.unit_code WHERE c.level = 'commune' AND g.province_code = '22')::int`,
    );
    for (const s of sums) expect(s.children).toBe(s.parent);
    expect(sums[0].parent).toBeGreaterThan(0);
  });

  it('coverage:verify reports a counter that was changed behind its back, and a missing projection row', async () => {
    await t.db.query(`UPDATE reporting_counts SET certified = certified + 1 WHERE (level, unit_code, grp, adult, shard) =
      (SELECT level, unit_code, grp, adult, shard FROM reporting_counts WHERE level = 'commune' AND unit_code = '06673' AND grp = 'all' AND adult LIMIT 1)`);
    const [[victim]] = await t.db.query(`DELETE FROM reporting_residents WHERE resident_id = (SELECT resident_id FROM reporting_residents LIMIT 1) RETURNING resident_id`);
    const result = await recount.run();
    expect(result.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'resident', where: victim.resident_id, found: null }),
        expect.objectContaining({ kind: 'counter', where: 'commune 06673 all adult' }),
      ]),
    );
    // a rebuild repairs both
    await maintenance.rebuild();
    await expectNoDifference();
  });

  // last: the projection is then a day ahead of the calendar
  it('moves a resident from minor to adult on their 18th birthday, and not a day before', async () => {
    // Vietnam's calendar, as the projection counts it (between 17:00 and 24:00 UTC it is already tomorrow there)
    const tomorrow = vietnamDayFromToday(1);
    const birth = `${Number(tomorrow.slice(0, 4)) - 18}${tomorrow.slice(4)}`;
    const minorsBefore = await cell('commune', '06673', 'all', false);
    const adultsBefore = await cell('commune', '06673', 'all', true);
    await register({ birthDate: birth });
    await drain();
    const [row] = await t.db.query(`SELECT age_band, band_changes_on::text AS on FROM reporting_residents ORDER BY updated_at DESC LIMIT 1`);
    expect(row).toEqual({ age_band: 'minor', on: tomorrow });
    expect((await cell('commune', '06673', 'all', false)).registered).toBe(minorsBefore.registered + 1);

    // the daily job of today moves nobody; tomorrow's moves them
    await maintenance.refreshAgeBands(vietnamDayFromToday(0));
    expect((await cell('commune', '06673', 'all', true)).registered).toBe(adultsBefore.registered);
    expect(await maintenance.refreshAgeBands(tomorrow)).toBeGreaterThanOrEqual(1);
    expect((await cell('commune', '06673', 'all', true)).registered).toBe(adultsBefore.registered + 1);
    expect((await cell('commune', '06673', 'age:18-35', true)).registered).toBeGreaterThanOrEqual(1);
    expect((await cell('commune', '06673', 'all', false)).registered).toBe(minorsBefore.registered);
    await expectNoDifference(tomorrow);
  });
});
