import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { cellId, COUNTERS, type CellKey, type Counters, type DailyChange, type ProjectionRow } from './coverage-cells';
import { REWRITE_COUNTS_SQL } from './projection-cells-sql';

/** The advisory-lock class of reporting's per-resident locks (the object id is a hash of the resident id). */
const RESIDENT_LOCK_CLASS = 1765;
export const SHARDS = 16;

interface StoredRow {
  resident_id: string;
  commune_code: string;
  village_code: string | null;
  province_code: string;
  birth_year: number;
  age_band: ProjectionRow['ageBand'];
  band_changes_on: string | null;
  sex: ProjectionRow['sex'];
  ethnic_minority: boolean;
  disability: boolean;
  poverty: ProjectionRow['poverty'];
  no_smartphone: boolean;
  enrolled: boolean;
  attended: boolean;
  completed: boolean;
  class_ids: string[];
  attended_class_ids: string[];
  recognised: number;
  pending: number;
  rejected: number;
  failed: number;
  revoked: number;
  as_of: string;
}

const ROW_COLUMNS = `resident_id, commune_code, village_code, province_code, birth_year, age_band, band_changes_on::text AS band_changes_on, sex,
  ethnic_minority, disability, poverty, no_smartphone, enrolled, attended, completed, class_ids::text[] AS class_ids, attended_class_ids::text[] AS attended_class_ids,
  recognised, pending, rejected, failed, revoked, as_of::text AS as_of`;

function rowOf(r: StoredRow): ProjectionRow {
  return {
    residentId: r.resident_id,
    communeCode: r.commune_code,
    villageCode: r.village_code,
    provinceCode: r.province_code,
    birthYear: r.birth_year,
    ageBand: r.age_band,
    bandChangesOn: r.band_changes_on,
    sex: r.sex,
    ethnicMinority: r.ethnic_minority,
    disability: r.disability,
    poverty: r.poverty,
    noSmartphone: r.no_smartphone,
    enrolled: r.enrolled,
    attended: r.attended,
    completed: r.completed,
    classIds: r.class_ids,
    attendedClassIds: r.attended_class_ids,
    recognised: r.recognised,
    pending: r.pending,
    rejected: r.rejected,
    failed: r.failed,
    revoked: r.revoked,
    asOf: r.as_of,
  };
}

/** The only queries of reporting_residents, reporting_counts and reporting_daily. */
@Injectable()
export class CoverageRepository {
  /**
   * Serialises the refreshes of these residents until the transaction ends (in id order: no deadlock),
   * also for residents who have no row yet, which `FOR UPDATE` could not lock.
   */
  async lockResidents(tx: EntityManager, sortedIds: readonly string[]): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(${RESIDENT_LOCK_CLASS}, hashtext(id::text)) FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n) ORDER BY n`, [
      [...sortedIds],
    ]);
  }

  async load(manager: EntityManager, ids: readonly string[]): Promise<Map<string, ProjectionRow>> {
    if (ids.length === 0) return new Map();
    const rows: StoredRow[] = await manager.query(`SELECT ${ROW_COLUMNS} FROM reporting_residents WHERE resident_id = ANY($1::uuid[])`, [[...ids]]);
    return new Map(rows.map((r) => [r.resident_id, rowOf(r)]));
  }

  /** A page of the projection, by resident id after `afterId`. */
  async page(manager: EntityManager, afterId: string | null, limit: number): Promise<ProjectionRow[]> {
    const rows: StoredRow[] = await manager.query(
      `SELECT ${ROW_COLUMNS} FROM reporting_residents WHERE ($1::uuid IS NULL OR resident_id > $1) ORDER BY resident_id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map(rowOf);
  }

  /** Residents whose age band changes on or before `day`, by id after `afterId`. */
  async bandChangesDue(manager: EntityManager, day: string, afterId: string | null, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT resident_id AS id FROM reporting_residents WHERE band_changes_on <= $1::date AND ($2::uuid IS NULL OR resident_id > $2)
        ORDER BY resident_id LIMIT $3`,
      [day, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  async save(tx: EntityManager, rows: readonly ProjectionRow[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <T>(f: (r: ProjectionRow) => T) => rows.map(f);
    // the class lists travel as one text each ('{id,id}'), since unnest cannot take an array of arrays
    await tx.query(
      `INSERT INTO reporting_residents (resident_id, commune_code, village_code, province_code, birth_year, age_band, band_changes_on, sex,
         ethnic_minority, disability, poverty, no_smartphone, enrolled, attended, completed, recognised, pending, rejected, failed, revoked, as_of,
         class_ids, attended_class_ids, updated_at)
       SELECT u.resident_id, u.commune_code, u.village_code, u.province_code, u.birth_year, u.age_band, u.band_changes_on, u.sex,
              u.ethnic_minority, u.disability, u.poverty, u.no_smartphone, u.enrolled, u.attended, u.completed,
              u.recognised, u.pending, u.rejected, u.failed, u.revoked, u.as_of, u.class_ids::uuid[], u.attended_class_ids::uuid[], now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::text[], $7::date[], $8::text[],
         $9::boolean[], $10::boolean[], $11::text[], $12::boolean[], $13::boolean[], $14::boolean[], $15::boolean[],
         $16::int[], $17::int[], $18::int[], $19::int[], $20::int[], $21::date[], $22::text[], $23::text[])
           AS u(resident_id, commune_code, village_code, province_code, birth_year, age_band, band_changes_on, sex, ethnic_minority, disability,
                poverty, no_smartphone, enrolled, attended, completed, recognised, pending, rejected, failed, revoked, as_of, class_ids, attended_class_ids)
       ON CONFLICT (resident_id) DO UPDATE SET commune_code = EXCLUDED.commune_code, village_code = EXCLUDED.village_code,
         province_code = EXCLUDED.province_code, birth_year = EXCLUDED.birth_year, age_band = EXCLUDED.age_band,
         band_changes_on = EXCLUDED.band_changes_on, sex = EXCLUDED.sex, ethnic_minority = EXCLUDED.ethnic_minority,
         disability = EXCLUDED.disability, poverty = EXCLUDED.poverty, no_smartphone = EXCLUDED.no_smartphone,
         enrolled = EXCLUDED.enrolled, attended = EXCLUDED.attended, completed = EXCLUDED.completed, recognised = EXCLUDED.recognised,
         pending = EXCLUDED.pending, rejected = EXCLUDED.rejected, failed = EXCLUDED.failed, revoked = EXCLUDED.revoked,
         as_of = EXCLUDED.as_of, class_ids = EXCLUDED.class_ids, attended_class_ids = EXCLUDED.attended_class_ids, updated_at = now()`,
      [
        col((r) => r.residentId),
        col((r) => r.communeCode),
        col((r) => r.villageCode),
        col((r) => r.provinceCode),
        col((r) => r.birthYear),
        col((r) => r.ageBand),
        col((r) => r.bandChangesOn),
        col((r) => r.sex),
        col((r) => r.ethnicMinority),
        col((r) => r.disability),
        col((r) => r.poverty),
        col((r) => r.noSmartphone),
        col((r) => r.enrolled),
        col((r) => r.attended),
        col((r) => r.completed),
        col((r) => r.recognised),
        col((r) => r.pending),
        col((r) => r.rejected),
        col((r) => r.failed),
        col((r) => r.revoked),
        col((r) => r.asOf),
        col((r) => `{${r.classIds.join(',')}}`),
        col((r) => `{${r.attendedClassIds.join(',')}}`),
      ],
    );
  }

  async remove(tx: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(`DELETE FROM reporting_residents WHERE resident_id = ANY($1::uuid[])`, [[...ids]]);
  }

  /**
   * Rewrites every counter from the projection (shard 0), the projection and the counters locked
   * against the consumers meanwhile: for a rebuild, which cannot otherwise undo a counter changed
   * behind the consumers' back.
   */
  async rewriteCounts(tx: EntityManager): Promise<void> {
    await tx.query(`LOCK TABLE reporting_residents, reporting_counts IN EXCLUSIVE MODE`);
    await tx.query(`DELETE FROM reporting_counts`);
    await tx.query(REWRITE_COUNTS_SQL);
  }

  /** Adds the changes to the counters, in one statement, in one shard. */
  async addToCounts(tx: EntityManager, unsorted: ReadonlyArray<{ key: CellKey; counters: Counters }>, shard: number): Promise<void> {
    if (unsorted.length === 0) return;
    // rows in one order for every writer: two transactions on the same shard then wait, never deadlock
    const changes = [...unsorted].sort((a, b) => compare(cellId(a.key), cellId(b.key)));
    const counterArrays = COUNTERS.map((c) => changes.map((x) => x.counters[c]));
    const n = 5;
    await tx.query(
      `INSERT INTO reporting_counts (level, unit_code, grp, adult, shard, ${COUNTERS.join(', ')})
       SELECT level, unit_code, grp, adult, $${n}::smallint, ${COUNTERS.map((c) => c).join(', ')}
         FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], ${COUNTERS.map((_, i) => `$${n + 1 + i}::int[]`).join(', ')})
           AS u(level, unit_code, grp, adult, ${COUNTERS.join(', ')})
       ON CONFLICT (level, unit_code, grp, adult, shard) DO UPDATE SET
         ${COUNTERS.map((c) => `${c} = reporting_counts.${c} + EXCLUDED.${c}`).join(', ')}`,
      [
        changes.map((x) => x.key.level),
        changes.map((x) => x.key.unitCode),
        changes.map((x) => x.key.group),
        changes.map((x) => x.key.adult),
        shard,
        ...counterArrays,
      ],
    );
  }

  /** Adds the day's recognitions and certified adults, in one statement, in one shard. */
  async addToDaily(tx: EntityManager, day: string, unsorted: readonly DailyChange[], shard: number): Promise<void> {
    if (unsorted.length === 0) return;
    const changes = [...unsorted].sort((a, b) => compare(`${a.level}|${a.unitCode}`, `${b.level}|${b.unitCode}`));
    await tx.query(
      `INSERT INTO reporting_daily (level, unit_code, day, shard, recognitions, certified_adults)
       SELECT level, unit_code, $1::date, $2::smallint, recognitions, certified_adults
         FROM unnest($3::text[], $4::text[], $5::int[], $6::int[]) AS u(level, unit_code, recognitions, certified_adults)
       ON CONFLICT (level, unit_code, day, shard) DO UPDATE SET
         recognitions = reporting_daily.recognitions + EXCLUDED.recognitions,
         certified_adults = reporting_daily.certified_adults + EXCLUDED.certified_adults`,
      [day, shard, changes.map((c) => c.level), changes.map((c) => c.unitCode), changes.map((c) => c.recognitions), changes.map((c) => c.certifiedAdults)],
    );
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
