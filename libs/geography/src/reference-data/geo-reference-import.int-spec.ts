import { createTestDatabase, type TestDatabase } from '@hvs/testing';
import { buildDataSourceOptions } from '@hvs/platform';
import { DataSource } from 'typeorm';
import { importGeoReferenceData, splitFormerProvinces, splitFormerUnits } from './geo-reference-import';

describe('reference data import', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase(); // cloned from the template, which already holds the data once
    ds = await new DataSource(buildDataSourceOptions({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: 4 })).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const counts = async () => {
    const [row] = await ds.query(
      `SELECT (SELECT count(*)::int FROM geo_provinces) AS provinces, (SELECT count(*)::int FROM geo_communes) AS communes,
              (SELECT max(updated_at) FROM geo_communes) AS last_update`,
    );
    return row as { provinces: number; communes: number; last_update: Date };
  };

  it('holds the official 34 provinces and 3,321 communes with their types', async () => {
    const c = await counts();
    expect(c).toMatchObject({ provinces: 34, communes: 3321 });
    const types = await ds.query(`SELECT type, count(*)::int AS n FROM geo_communes GROUP BY type ORDER BY type`);
    expect(types).toEqual([
      { type: 'dac_khu', n: 13 },
      { type: 'phuong', n: 709 },
      { type: 'xa', n: 2599 },
    ]);
    const [bn] = await ds.query(`SELECT full_name, type, path::text AS path FROM geo_provinces WHERE code = '24'`);
    expect(bn).toEqual({ full_name: 'Thành phố Bắc Ninh', type: 'thanh_pho', path: '24' });
    const [bc] = await ds.query(`SELECT path::text AS path, former_names FROM geo_communes WHERE code = '06673'`);
    expect(bc).toEqual({ path: '22.06673', former_names: ['Phường Hùng Thắng', 'Phường Bãi Cháy'] });
  });

  it('skips a second import of the same files, and a forced one changes no row', async () => {
    const before = await counts();
    const again = await importGeoReferenceData(ds);
    expect(again.skipped).toBe(true);
    const forced = await importGeoReferenceData(ds, { force: true });
    expect(forced.skipped).toBe(false);
    const after = await counts();
    expect(after).toEqual(before);
  });

  it('repairs a unit changed in the database and is safe to run concurrently', async () => {
    await ds.query(`UPDATE geo_communes SET name = 'Tên sai', search_name = 'ten sai' WHERE code = '06673'`);
    await Promise.all([importGeoReferenceData(ds, { force: true }), importGeoReferenceData(ds, { force: true })]);
    const [row] = await ds.query(`SELECT name, search_name FROM geo_communes WHERE code = '06673'`);
    expect(row).toEqual({ name: 'Bãi Cháy', search_name: 'phuong bai chay' });
    expect(await counts()).toMatchObject({ provinces: 34, communes: 3321 });
  });
});

describe('former names parsing', () => {
  it('splits merged provinces', () => {
    expect(splitFormerProvinces('tỉnh Ninh Thuận và tỉnh Khánh Hòa')).toEqual(['tỉnh Ninh Thuận', 'tỉnh Khánh Hòa']);
    expect(splitFormerProvinces('giữ nguyên')).toEqual([]);
    expect(splitFormerProvinces('')).toEqual([]);
  });

  it('splits merged communes and drops the notes in brackets', () => {
    expect(
      splitFormerUnits('Phường Cửa Đông (phần còn lại sau khi sáp nhập vào phường Hoàn Kiếm), Xã A, Xã A'),
    ).toEqual(['Phường Cửa Đông', 'Xã A']);
  });
});
