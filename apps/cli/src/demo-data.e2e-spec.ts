import { createTestApp, type TestApp } from '@hvs/testing';
import { seedGeoDemoData } from '@hvs/geography';
import { Module } from '@nestjs/common';
import { ConfigModule, DatabaseModule } from '@hvs/platform';
import { SetupModule } from './setup.module';

@Module({ imports: [ConfigModule, DatabaseModule, SetupModule] })
class DemoTestModule {}

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(DemoTestModule, { apiPrefix: false });
  });
  afterAll(() => t.close());

  const snapshot = () =>
    t.db.query(`SELECT (SELECT count(*)::int FROM geo_villages) AS villages, (SELECT count(*)::int FROM geo_areas) AS areas,
                       (SELECT count(*)::int FROM geo_area_communes) AS members`);

  it('is created once; a second and a concurrent third run duplicate nothing', async () => {
    const first = await seedGeoDemoData(t.app);
    expect(first).toEqual({ villages: 13, areas: 2 });
    const after = await snapshot();
    expect(after).toEqual([{ villages: 13, areas: 2, members: 17 }]);
    const again = await Promise.all([seedGeoDemoData(t.app), seedGeoDemoData(t.app)]);
    expect(again).toEqual([
      { villages: 0, areas: 0 },
      { villages: 0, areas: 0 },
    ]);
    expect(await snapshot()).toEqual(after);
  });
});
