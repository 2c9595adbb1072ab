import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeSearchText } from '@hvs/platform';
import { parse } from 'csv-parse/sync';
import type { DataSource, EntityManager } from 'typeorm';
import { geoDataDir } from './geo-data-files';

export const GEO_REFERENCE_DATASET = 'vn-admin-units-2025';

interface ProvinceRow {
  code: string;
  name: string;
  full_name: string;
  name_en: string;
  full_name_en: string;
  type: string;
  pre_merger_provinces: string;
  bando_population: string;
  area_km2_gis: string;
}

interface CommuneRow {
  code: string;
  name: string;
  full_name: string;
  name_en: string;
  full_name_en: string;
  type: string;
  province_code: string;
  code_2025_07_01: string;
  full_name_2025_07_01: string;
  bando_population: string;
  bando_quality_flags: string;
  pre_merger_units: string;
  area_km2_gis: string;
}

export interface GeoImportResult {
  skipped: boolean;
  provinces: number;
  communes: number;
  checksum: string;
}

const numberOrNull = (v: string): number | null => (v.trim() === '' ? null : Number(v));

/** "tỉnh Ninh Thuận và tỉnh Khánh Hòa" -> ["tỉnh Ninh Thuận", "tỉnh Khánh Hòa"]; "giữ nguyên" -> []. */
export function splitFormerProvinces(text: string): string[] {
  const t = text.trim();
  if (!t || t === 'giữ nguyên') return [];
  return t
    .split(/,| và /)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "Phường A, Xã B (phần còn lại sau khi ...)" -> ["Phường A", "Xã B"]. */
export function splitFormerUnits(text: string): string[] {
  const withoutNotes = text.replace(/\([^)]*\)/g, '');
  return [...new Set(withoutNotes.split(',').map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean))];
}

function readCsv<T>(file: string): { rows: T[]; raw: string } {
  const raw = readFileSync(join(geoDataDir(), file), 'utf8');
  return { rows: parse(raw, { columns: true, skip_empty_lines: true, trim: true }) as T[], raw };
}

/**
 * Loads the official provinces and communes into the database. Idempotent: rows are upserted by code
 * (the code is a unit's identity; names and types may change) and a second run with the same files
 * does nothing at all.
 */
export async function importGeoReferenceData(dataSource: DataSource, options: { force?: boolean } = {}): Promise<GeoImportResult> {
  const provinces = readCsv<ProvinceRow>('provinces.csv');
  const communes = readCsv<CommuneRow>('communes.csv');
  const checksum = createHash('sha256').update(provinces.raw).update(communes.raw).digest('hex');

  return dataSource.transaction(async (tx) => {
    // Serialise concurrent imports (two processes starting together).
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [GEO_REFERENCE_DATASET]);
    const [done] = await tx.query('SELECT checksum FROM geo_reference_imports WHERE dataset = $1', [GEO_REFERENCE_DATASET]);
    if (!options.force && done?.checksum === checksum) {
      return { skipped: true, provinces: provinces.rows.length, communes: communes.rows.length, checksum };
    }
    await upsertProvinces(tx, provinces.rows);
    await upsertCommunes(tx, communes.rows);
    await tx.query(
      `INSERT INTO geo_reference_imports (dataset, checksum, provinces, communes, imported_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (dataset) DO UPDATE SET checksum = EXCLUDED.checksum, provinces = EXCLUDED.provinces,
         communes = EXCLUDED.communes, imported_at = now()`,
      [GEO_REFERENCE_DATASET, checksum, provinces.rows.length, communes.rows.length],
    );
    return { skipped: false, provinces: provinces.rows.length, communes: communes.rows.length, checksum };
  });
}

async function upsertProvinces(tx: EntityManager, rows: ProvinceRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO geo_provinces (code, name, full_name, name_en, full_name_en, type, former_names,
        estimated_population, area_km2, path, search_name)
     SELECT r.code, r.name, r.full_name, r.name_en, r.full_name_en, r.type, r.former_names,
        r.estimated_population, r.area_km2, r.code::ltree, r.search_name
     FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, full_name text, name_en text,
        full_name_en text, type text, former_names text[], estimated_population integer,
        area_km2 numeric, search_name text)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, full_name = EXCLUDED.full_name,
        name_en = EXCLUDED.name_en, full_name_en = EXCLUDED.full_name_en, type = EXCLUDED.type,
        former_names = EXCLUDED.former_names, estimated_population = EXCLUDED.estimated_population,
        area_km2 = EXCLUDED.area_km2, search_name = EXCLUDED.search_name, updated_at = now()
     WHERE (geo_provinces.name, geo_provinces.full_name, geo_provinces.name_en, geo_provinces.full_name_en,
        geo_provinces.type, geo_provinces.former_names, geo_provinces.estimated_population, geo_provinces.area_km2)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.full_name, EXCLUDED.name_en, EXCLUDED.full_name_en,
        EXCLUDED.type, EXCLUDED.former_names, EXCLUDED.estimated_population, EXCLUDED.area_km2)`,
    [
      JSON.stringify(
        rows.map((r) => ({
          code: r.code,
          name: r.name,
          full_name: r.full_name,
          name_en: r.name_en,
          full_name_en: r.full_name_en,
          type: r.type,
          former_names: splitFormerProvinces(r.pre_merger_provinces),
          estimated_population: numberOrNull(r.bando_population),
          area_km2: numberOrNull(r.area_km2_gis),
          search_name: normalizeSearchText(r.full_name),
        })),
      ),
    ],
  );
}

async function upsertCommunes(tx: EntityManager, rows: CommuneRow[]): Promise<void> {
  const BATCH = 1000;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r) => ({
      code: r.code,
      province_code: r.province_code,
      name: r.name,
      full_name: r.full_name,
      name_en: r.name_en,
      full_name_en: r.full_name_en,
      type: r.type,
      former_code: r.code_2025_07_01 && r.code_2025_07_01 !== r.code ? r.code_2025_07_01 : null,
      former_names: splitFormerUnits(r.pre_merger_units),
      estimated_population: numberOrNull(r.bando_population),
      population_flags: r.bando_quality_flags ? r.bando_quality_flags.split(';').filter(Boolean) : [],
      area_km2: numberOrNull(r.area_km2_gis),
      search_name: normalizeSearchText(r.full_name),
    }));
    await tx.query(
      `INSERT INTO geo_communes (code, province_code, name, full_name, name_en, full_name_en, type, former_code,
          former_names, estimated_population, population_flags, area_km2, path, search_name)
       SELECT r.code, r.province_code, r.name, r.full_name, r.name_en, r.full_name_en, r.type, r.former_code,
          r.former_names, r.estimated_population, r.population_flags, r.area_km2,
          (r.province_code || '.' || r.code)::ltree, r.search_name
       FROM jsonb_to_recordset($1::jsonb) AS r(code text, province_code text, name text, full_name text,
          name_en text, full_name_en text, type text, former_code text, former_names text[],
          estimated_population integer, population_flags text[], area_km2 numeric, search_name text)
       ON CONFLICT (code) DO UPDATE SET province_code = EXCLUDED.province_code, name = EXCLUDED.name,
          full_name = EXCLUDED.full_name, name_en = EXCLUDED.name_en, full_name_en = EXCLUDED.full_name_en,
          type = EXCLUDED.type, former_code = EXCLUDED.former_code, former_names = EXCLUDED.former_names,
          estimated_population = EXCLUDED.estimated_population, population_flags = EXCLUDED.population_flags,
          area_km2 = EXCLUDED.area_km2, path = EXCLUDED.path, search_name = EXCLUDED.search_name, updated_at = now()
       WHERE (geo_communes.province_code, geo_communes.name, geo_communes.full_name, geo_communes.name_en,
          geo_communes.full_name_en, geo_communes.type, geo_communes.former_code, geo_communes.former_names,
          geo_communes.estimated_population, geo_communes.population_flags, geo_communes.area_km2)
         IS DISTINCT FROM (EXCLUDED.province_code, EXCLUDED.name, EXCLUDED.full_name, EXCLUDED.name_en,
          EXCLUDED.full_name_en, EXCLUDED.type, EXCLUDED.former_code, EXCLUDED.former_names,
          EXCLUDED.estimated_population, EXCLUDED.population_flags, EXCLUDED.area_km2)`,
      [JSON.stringify(batch)],
    );
  }
}
