import { createTestDatabase, databaseUrl, type TestDatabase } from '@hvs/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '@hvs/migrations';
import { buildDataSourceOptions, MIGRATIONS_TABLE } from './data-source-options';
import { ensureDatabase } from './ensure-database';
import { runMigrationsWithLock } from './migrate';

describe('migrations under an advisory lock', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(() => db.drop());

  it('applies every migration exactly once when several processes start together', async () => {
    const sources = await Promise.all(
      [1, 2, 3].map((i) =>
        new DataSource(buildDataSourceOptions({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: 2 }, `race-${i}`)).initialize(),
      ),
    );
    try {
      const applied = await Promise.all(sources.map((s) => runMigrationsWithLock(s)));
      const counts = applied.map((a) => a.length).sort();
      expect(counts).toEqual([0, 0, ALL_MIGRATIONS.length]);
      const rows = await sources[0].query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`);
      expect(rows.map((r: { name: string }) => r.name)).toEqual(ALL_MIGRATIONS.map((m) => m.name));
      const [{ n }] = await sources[0].query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'geo_communes'`,
      );
      expect(n).toBe(1);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });

  it('rolls every migration back with down()', async () => {
    const ds = await new DataSource(buildDataSourceOptions({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: 2 })).initialize();
    try {
      for (let i = 0; i < ALL_MIGRATIONS.length; i++) await ds.undoLastMigration();
      const tables = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'geo_%' OR table_name LIKE 'identity_%'`);
      expect(tables).toEqual([]);
      expect(await runMigrationsWithLock(ds)).toHaveLength(ALL_MIGRATIONS.length);
    } finally {
      await ds.destroy();
    }
  });

  it('creates a missing database once, even when asked concurrently', async () => {
    const name = `hvs_test_${process.pid}_ensure_${randomBytes(3).toString('hex')}`;
    const created = await Promise.all([1, 2, 3].map(() => ensureDatabase(databaseUrl(name))));
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await ensureDatabase(databaseUrl(name))).toBe(false);
    const ds = await new DataSource({ type: 'postgres', url: databaseUrl('postgres') }).initialize();
    await ds.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await ds.destroy();
  });
});
