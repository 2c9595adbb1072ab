import { vietnamToday } from '@hvs/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ResidentProfile, ResidentProfiles } from '@hvs/identity';
import type { DataSource } from 'typeorm';
import { COUNTERS, projectionDifference, type ProjectionRow } from './coverage-cells';
import { PROJECTION_CELLS_SQL, SUMS } from './projection-cells-sql';
import { CoverageProjector } from './coverage-projector';
import { CoverageRepository } from './coverage.repository';

const BATCH = 2000;
/** Pages checked at once (each runs its reads in parallel from the pool): the database's cores and Node's work together. */
const CHECKS_IN_FLIGHT = 2;

export interface CoverageDifference {
  kind: 'resident' | 'counter' | 'daily';
  /** What differs, e.g. the resident id, or `commune 06673 all adult`. */
  where: string;
  expected: unknown;
  found: unknown;
}

export interface RecountResult {
  residentsChecked: number;
  cellsChecked: number;
  differences: CoverageDifference[];
  /** More differences than were kept (the first ones are). */
  truncated: boolean;
}

/**
 * `coverage:verify` (docs/reporting.md, "Checking"): recounts everything from the base tables and
 * compares, independently of how the aggregates were kept:
 *   1. every active resident's projection, recomputed from each capability's facts, against the stored
 *      row, and every stored row against an active resident;
 *   2. every counter cell, summed over its shards, against a GROUP BY over the projection written in SQL
 *      (not the TypeScript that keeps the counters);
 *   3. each unit's certified adults against the sum of its daily series.
 */
@Injectable()
export class CoverageRecount {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CoverageRepository,
    private readonly projector: CoverageProjector,
    private readonly profiles: ResidentProfiles,
  ) {}

  async run(options: { maxDifferences?: number; today?: string } = {}): Promise<RecountResult> {
    const max = options.maxDifferences ?? 100;
    const today = options.today ?? vietnamToday();
    const differences: CoverageDifference[] = [];
    let total = 0;
    const note = (d: CoverageDifference) => {
      total++;
      if (differences.length < max) differences.push(d);
    };

    // 1. residents: facts -> projection; the next page is read while this one is checked, two checks at once
    let residentsChecked = 0;
    const check = async (page: readonly ResidentProfile[]) => {
      const ids = page.map((p) => p.residentId);
      const known = new Map(page.map((p) => [p.residentId, p]));
      const [expected, stored] = await Promise.all([this.projector.compute(undefined, ids, today, known), this.repository.load(this.dataSource.manager, ids)]);
      for (const id of ids) {
        residentsChecked++;
        const e = expected.get(id) ?? null;
        const s = stored.get(id) ?? null;
        const diff = rowDifference(e, s);
        if (diff) note({ kind: 'resident', where: id, expected: diff.expected, found: diff.found });
      }
    };
    const inFlight: Array<Promise<void>> = [];
    let page = await this.profiles.page(null, BATCH);
    while (page.length > 0) {
      const next = this.profiles.page(page[page.length - 1].residentId, BATCH);
      inFlight.push(check(page));
      if (inFlight.length >= CHECKS_IN_FLIGHT) await inFlight.shift();
      page = await next;
    }
    await Promise.all(inFlight);
    let storedAfter: string | null = null;
    for (;;) {
      const rows = await this.repository.page(this.dataSource.manager, storedAfter, BATCH);
      if (rows.length === 0) break;
      storedAfter = rows[rows.length - 1].residentId;
      const active = await this.profiles.of(rows.map((r) => r.residentId));
      for (const r of rows) if (!active.has(r.residentId)) note({ kind: 'resident', where: r.residentId, expected: null, found: 'a projection row' });
    }

    // 2. counters: projection -> cells (an independent SQL recount)
    const cells: Array<{ level: string; unit_code: string; grp: string; adult: boolean; expected: Record<string, number> | null; found: Record<string, number> | null }> =
      await this.dataSource.query(RECOUNT_SQL);
    for (const c of cells) note({ kind: 'counter', where: `${c.level} ${c.unit_code} ${c.grp} ${c.adult ? 'adult' : 'minor'}`, expected: c.expected, found: c.found });
    const [{ n: cellsChecked }] = await this.dataSource.query(`SELECT count(DISTINCT (level, unit_code, grp, adult))::int AS n FROM reporting_counts`);

    // 3. the daily series add up to today's certified adults
    const daily: Array<{ level: string; unit_code: string; expected: number; found: number }> = await this.dataSource.query(DAILY_SQL);
    for (const d of daily) note({ kind: 'daily', where: `${d.level} ${d.unit_code}`, expected: d.expected, found: d.found });

    return { residentsChecked, cellsChecked, differences, truncated: total > differences.length };
  }
}

function rowDifference(e: ProjectionRow | null, s: ProjectionRow | null): { expected: unknown; found: unknown } | null {
  if (e === null && s === null) return null;
  if (e === null || s === null) return { expected: e, found: s };
  const keys = projectionDifference(e, s).filter((k) => k !== 'asOf');
  if (keys.length === 0) return null;
  return { expected: Object.fromEntries(keys.map((k) => [k, e[k]])), found: Object.fromEntries(keys.map((k) => [k, s[k]])) };
}

const OBJECT = (alias: string) => `jsonb_build_object(${COUNTERS.map((c) => `'${c}', ${alias}.${c}`).join(', ')})`;

/** The cells the projection gives (PROJECTION_CELLS_SQL) full-joined with the stored cells; only the rows that differ. */
const RECOUNT_SQL = `
  WITH expected AS (${PROJECTION_CELLS_SQL}), found AS (
    SELECT level, unit_code, grp, adult, ${SUMS} FROM reporting_counts GROUP BY 1, 2, 3, 4
  )
  SELECT coalesce(e.level, f.level) AS level, coalesce(e.unit_code, f.unit_code) AS unit_code, coalesce(e.grp, f.grp) AS grp,
         coalesce(e.adult, f.adult) AS adult,
         CASE WHEN e.level IS NULL THEN NULL ELSE ${OBJECT('e')} END AS expected,
         CASE WHEN f.level IS NULL THEN NULL ELSE ${OBJECT('f')} END AS found
    FROM expected e FULL JOIN found f USING (level, unit_code, grp, adult)
   WHERE e.level IS NULL AND (${COUNTERS.map((c) => `f.${c} <> 0`).join(' OR ')})
      OR f.level IS NULL
      OR (e.level IS NOT NULL AND f.level IS NOT NULL AND (${COUNTERS.map((c) => `e.${c} <> f.${c}`).join(' OR ')}))
   ORDER BY 1, 2, 3, 4`;

/** Units whose daily series of certified adults does not add up to their certified adults now. */
const DAILY_SQL = `
  WITH now_certified AS (
    SELECT level, unit_code, sum(certified)::int AS n FROM reporting_counts
     WHERE grp = 'all' AND adult AND level NOT IN ('village', 'class') GROUP BY 1, 2
  ), series AS (
    SELECT level, unit_code, sum(certified_adults)::int AS n FROM reporting_daily GROUP BY 1, 2
  )
  SELECT coalesce(c.level, s.level) AS level, coalesce(c.unit_code, s.unit_code) AS unit_code, coalesce(c.n, 0) AS expected, coalesce(s.n, 0) AS found
    FROM now_certified c FULL JOIN series s USING (level, unit_code)
   WHERE coalesce(c.n, 0) <> coalesce(s.n, 0)`;
