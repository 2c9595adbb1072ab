/**
 * The database baseline of coverage-read: bare Fastify routes that run, for each kind of figure the
 * api serves, the same aggregate statements (COVERAGE_READ_SQL, shared with reporting's repositories)
 * with the same parameters and the same concurrency, through a pg Pool of the api's default size, and
 * return the rows as JSON. Nothing else: no authentication, scope, validation, period lookup, shaping
 * (rates, gaps, projection, groups, ranking) or logging. The communes of each province and the members
 * of each area are read once at start (the api holds the catalog in memory; it reads areas per
 * request, so does this for the figures of an area). Its own process (HOST, PORT, DATABASE_URL,
 * PG_POOL_SIZE); loopback only.
 *
 *   GET /country              the api's GET /reporting/figures/country (its denominators summed by province in SQL, as the api's)
 *   GET /provinces/:code      GET /reporting/figures/provinces/:code
 *   GET /areas/:id            GET /reporting/figures/areas/:id
 *   GET /communes/:code       GET /reporting/figures/communes/:code
 *   GET /rankings/:code       GET /reporting/rankings/provinces/:code
 */
import { vietnamDayFromToday, vietnamYear } from '@hvs/platform';
import { COVERAGE_READ_SQL } from '@hvs/reporting';
import { pgBaselineServer } from './baseline-process';

const { app, pool, start } = pgBaselineServer('pg-coverage-server');

const PERIOD = String(vietnamYear());
/** The last four weeks (the pace of the projection), as the api reads them. */
const PACE_DAYS = 28;
const POPULATION_COLUMNS = 'commune_code, adults, estimate';
const TARGET_COLUMNS = 'unit_level, unit_code, rate, due_on';

const communesOf = new Map<string, string[]>();
const provinceOf = new Map<string, string>();
const pathOf = new Map<string, string>();
let provinces: string[] = [];

function days(): [string, string] {
  return [vietnamDayFromToday(-(PACE_DAYS - 1)), vietnamDayFromToday(0)];
}

const q = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows;
const counts = (level: string, codes: string[], groups: boolean) => q(COVERAGE_READ_SQL.counts(groups), [level, codes]);
const populations = (codes: string[]) => q(COVERAGE_READ_SQL.populations(POPULATION_COLUMNS), [PERIOD, codes]);
const targets = (provinceCodes: string[], communeCodes: string[]) => q(COVERAGE_READ_SQL.targets(TARGET_COLUMNS), [PERIOD, provinceCodes, communeCodes]);
const gained = (level: string, codes: string[]) => q(COVERAGE_READ_SQL.gained, [level, codes, ...days()]);

app.get('/country', async () => {
  const [unit, children, denominators, book, pace] = await Promise.all([
    counts('country', ['VN'], true),
    counts('province', provinces, false),
    q(COVERAGE_READ_SQL.provinceDenominators, [PERIOD]),
    targets(provinces, []),
    gained('country', ['VN']),
  ]);
  return { unit, children, denominators, book, pace };
});

app.get('/provinces/:code', async (request, reply) => {
  const { code } = request.params as { code: string };
  const communes = communesOf.get(code);
  if (!communes) return reply.code(404).send({ error: 'unknown province' });
  const [unit, children, pops, book, areas, pace] = await Promise.all([
    counts('province', [code], true),
    counts('commune', communes, false),
    populations(communes),
    targets([code], communes),
    q(`SELECT a.id, a.name, array_agg(m.commune_code ORDER BY m.commune_code) AS members FROM geo_areas a
         LEFT JOIN geo_area_communes m ON m.area_id = a.id WHERE a.province_code = $1 GROUP BY a.id, a.name ORDER BY a.name`, [code]),
    gained('province', [code]),
  ]);
  return { unit, children, pops, book, areas, pace };
});

app.get('/areas/:id', async (request, reply) => {
  const { id } = request.params as { id: string };
  const [area] = await q(
    `SELECT a.province_code, array_agg(m.commune_code ORDER BY m.commune_code) AS members FROM geo_areas a
       JOIN geo_area_communes m ON m.area_id = a.id WHERE a.id = $1 GROUP BY a.province_code`,
    [id],
  );
  if (!area) return reply.code(404).send({ error: 'unknown area' });
  const members = area.members as string[];
  const [children, pops, book, pace] = await Promise.all([
    counts('commune', members, true),
    populations(members),
    targets([area.province_code], members),
    gained('commune', members),
  ]);
  return { children, pops, book, pace };
});

app.get('/communes/:code', async (request, reply) => {
  const { code } = request.params as { code: string };
  const province = provinceOf.get(code);
  if (!province) return reply.code(404).send({ error: 'unknown commune' });
  const [villages, classes] = await Promise.all([
    q(`SELECT code FROM geo_villages WHERE commune_code = $1 AND archived_at IS NULL ORDER BY seq`, [code]),
    q(`SELECT id::text AS id FROM classes_classes WHERE path = $1::ltree`, [pathOf.get(code)]),
  ]);
  const [unit, villageCounts, classCounts, pops, book, pace] = await Promise.all([
    counts('commune', [code], true),
    counts('village', villages.map((v) => v.code), false),
    counts('class', classes.map((c) => c.id), false),
    populations([code]),
    targets([province], [code]),
    gained('commune', [code]),
  ]);
  return { unit, villageCounts, classCounts, pops, book, pace };
});

app.get('/rankings/:code', async (request, reply) => {
  const { code } = request.params as { code: string };
  const communes = communesOf.get(code);
  if (!communes) return reply.code(404).send({ error: 'unknown province' });
  const [rows, pops, book, progress] = await Promise.all([
    counts('commune', communes, false),
    populations(communes),
    targets([code], communes),
    gained('commune', communes),
  ]);
  return { rows, pops, book, progress };
});

start(async () => {
  const rows = (await pool.query<{ code: string; province_code: string; path: string }>(`SELECT code, province_code, path::text AS path FROM geo_communes ORDER BY code`)).rows;
  for (const r of rows) {
    const list = communesOf.get(r.province_code) ?? [];
    list.push(r.code);
    communesOf.set(r.province_code, list);
    provinceOf.set(r.code, r.province_code);
    pathOf.set(r.code, r.path);
  }
  provinces = [...communesOf.keys()].sort();
  return `${rows.length} communes`;
});
