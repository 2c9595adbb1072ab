import { COMMUNES_SQL } from '@hvs/geography';
import { SUMS } from '../aggregates/projection-cells-sql';

/**
 * The statements the figures are read with (docs/reporting.md, "Reading"), in one place: the reads
 * of the aggregates (CoverageReads), the current populations (PopulationRepository) and targets
 * (TargetRepository). Exported for the benchmark's database baseline, which serves the same figures
 * with the same statements and nothing else.
 */
export const COVERAGE_READ_SQL = {
  /** $1 level, $2 unit codes: each unit's cells summed over the shards; with `groups`, every group (else `all`). */
  counts: (groups: boolean) =>
    `SELECT unit_code, grp, adult, ${SUMS} FROM reporting_counts
      WHERE level = $1 AND unit_code = ANY($2::text[]) ${groups ? '' : `AND grp = 'all'`}
      GROUP BY 1, 2, 3`,
  /** $1 level, $2 unit codes: the daily series of the units together. */
  days: `SELECT day::text AS day, sum(recognitions)::int AS recognitions, sum(certified_adults)::int AS "certifiedAdults"
           FROM reporting_daily WHERE level = $1 AND unit_code = ANY($2::text[]) GROUP BY day ORDER BY day`,
  /** $1 level, $2 unit codes, $3..$4 days: certified adults gained by each unit. */
  gained: `SELECT unit_code, sum(certified_adults)::int AS n FROM reporting_daily
            WHERE level = $1 AND unit_code = ANY($2::text[]) AND day BETWEEN $3::date AND $4::date GROUP BY 1`,
  /** $1 period, $2 commune codes: the current official populations. */
  populations: (columns: string) =>
    `SELECT ${columns} FROM reporting_populations WHERE period_code = $1 AND superseded_at IS NULL AND commune_code = ANY($2::text[])`,
  /** $1 period, $2 province codes, $3 commune codes: the current targets of those units. */
  targets: (columns: string) =>
    `SELECT ${columns} FROM reporting_targets WHERE period_code = $1 AND superseded_at IS NULL
        AND ((unit_level = 'province' AND unit_code = ANY($2::text[])) OR (unit_level = 'commune' AND unit_code = ANY($3::text[])))`,
  /**
   * $1 period: each province's adult population summed over its communes (the entered figure, else
   * the registered adults), with how many communes have each source: the national figure's
   * denominators in 34 rows instead of a row per commune.
   */
  provinceDenominators: `
    WITH communes AS (
      SELECT c.code, c.province_code, p.adults, p.estimate
        FROM ${COMMUNES_SQL} c
        LEFT JOIN reporting_populations p ON p.commune_code = c.code AND p.period_code = $1 AND p.superseded_at IS NULL
    ), registered AS (
      -- the registered adults only of the communes that fall back to them (no entered population)
      SELECT unit_code, sum(registered)::int AS adults FROM reporting_counts
       WHERE level = 'commune' AND grp = 'all' AND adult AND unit_code = ANY (ARRAY(SELECT code FROM communes WHERE adults IS NULL))
       GROUP BY 1
    )
    SELECT c.province_code AS "provinceCode",
           sum(CASE WHEN c.adults IS NOT NULL THEN c.adults ELSE coalesce(r.adults, 0) END)::int AS adults,
           count(*) FILTER (WHERE c.adults IS NOT NULL AND NOT c.estimate)::int AS official,
           count(*) FILTER (WHERE c.adults IS NOT NULL AND c.estimate)::int AS estimate,
           count(*) FILTER (WHERE c.adults IS NULL)::int AS registered
      FROM communes c LEFT JOIN registered r ON r.unit_code = c.code
     GROUP BY 1`,
} as const;
