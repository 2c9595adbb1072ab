import { COUNTERS } from './coverage-cells';

export const SUMS = COUNTERS.map((c) => `sum(${c})::int AS ${c}`).join(', ');

/**
 * Every counter cell as the projection gives it, written in SQL (the consumers compute the same in
 * TypeScript, coverage-cells.ts): the recount compares the stored counters with it, and a rebuild
 * writes it. Columns: level, unit_code, grp, adult and every counter. Classes: the group `all` only,
 * `enrolled` every person of the class, `attended` those who attended it.
 */
export const PROJECTION_CELLS_SQL = `
  WITH r AS (
    SELECT *, age_band <> 'minor' AS adult FROM reporting_residents
  ), cells AS (
    SELECT u.level, u.unit_code, g.grp, r.adult,
           1 AS registered, r.enrolled::int AS enrolled, r.attended::int AS attended, r.completed::int AS completed,
           (r.recognised > 0)::int AS certified, r.recognised, r.pending, r.rejected, r.failed, r.revoked
      FROM r
      CROSS JOIN LATERAL (VALUES ('village', r.village_code), ('commune', r.commune_code), ('province', r.province_code), ('country', 'VN')) AS u(level, unit_code)
      CROSS JOIN LATERAL unnest(
        ARRAY['all', 'age:' || r.age_band, 'sex:' || r.sex]
        || CASE WHEN r.ethnic_minority THEN ARRAY['ethnic_minority'] ELSE ARRAY[]::text[] END
        || CASE WHEN r.disability THEN ARRAY['disability'] ELSE ARRAY[]::text[] END
        || CASE WHEN r.poverty <> 'none' THEN ARRAY['poverty:' || r.poverty] ELSE ARRAY[]::text[] END
        || CASE WHEN r.no_smartphone THEN ARRAY['no_smartphone'] ELSE ARRAY[]::text[] END) AS g(grp)
     WHERE u.unit_code IS NOT NULL
    UNION ALL
    SELECT 'class', c.class_id::text, 'all', r.adult,
           1, 1, (c.class_id = ANY(r.attended_class_ids))::int, r.completed::int,
           (r.recognised > 0)::int, r.recognised, r.pending, r.rejected, r.failed, r.revoked
      FROM r CROSS JOIN LATERAL unnest(r.class_ids) AS c(class_id)
  )
  SELECT level, unit_code, grp, adult, ${SUMS} FROM cells GROUP BY 1, 2, 3, 4`;

/**
 * Rewrites every counter from the projection, into shard 0 (a rebuild, or a bulk load that wrote the
 * projection itself, e.g. the benchmark's seed). Run it in a transaction that first takes
 * `LOCK TABLE reporting_residents, reporting_counts IN EXCLUSIVE MODE` and empties reporting_counts.
 */
export const REWRITE_COUNTS_SQL = `
  INSERT INTO reporting_counts (level, unit_code, grp, adult, shard, ${COUNTERS.join(', ')})
  SELECT level, unit_code, grp, adult, 0, ${COUNTERS.join(', ')} FROM (${PROJECTION_CELLS_SQL}) AS cells`;
