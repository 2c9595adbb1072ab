/**
 * coverage-read: officers reading the certification figures of a country of ten million registered
 * residents (the seeded coverage database, `npm run bench:seed -- --residents 10000000`):
 *
 *   GET /api/v1/reporting/figures/country                 5 %  (the national figure, 34 provinces)
 *   GET /api/v1/reporting/figures/provinces/:code         25 % (a province and its communes, its areas)
 *   GET /api/v1/reporting/figures/areas/:id               10 % (an area and its communes)
 *   GET /api/v1/reporting/figures/communes/:code          45 % (a commune, its villages and classes)
 *   GET /api/v1/reporting/rankings/provinces/:code        15 % (the communes of a province ranked)
 *
 * as the administrator, and as the demo province's officer for the units of Quảng Ninh. Baseline: the
 * same mix against bare Fastify routes running the same aggregate statements (pg-coverage-reads).
 * Beside the figures, a naive recount of the national figure (COUNT over residents, enrolments,
 * attendance, completions and certificates) is timed once, and its result bounds the api's answer.
 *
 * Verification: every sampled answer is checked against the base tables (registered residents and
 * recognised certificates of adults, by birth year: an exact age needs the encrypted birth date, so the
 * check is a bound: adults born in year Y-19 or before are certainly adults, in Y-18 maybe), the
 * children of each unit against the unit (the sum of the communes' figures is the province's), and
 * the rate against its parts.
 */
import { Client } from 'pg';
import { DEMO_PASSWORD } from '@hvs/identity';
import { vietnamYear } from '@hvs/platform';
import { ACCESS_TOKEN_TTL_S, http, login } from '../lib/http';
import type { HttpRequestSpec } from '../lib/load';
import { log } from '../lib/processes';
import type { BenchSettings } from '../lib/settings';
import { pick } from '../lib/text';
import type { ScenarioContext, ScenarioDefinition, Verification } from '../lib/types';

const API = '/api/v1/reporting';
const SEQUENCE_LENGTH = 400;
const DEMO_PROVINCE = '22';
const MIX = [
  ['country', 0.05],
  ['province', 0.25],
  ['area', 0.1],
  ['commune', 0.45],
  ['ranking', 0.15],
] as const;
type Kind = (typeof MIX)[number][0];
const VERIFY_PER_KIND = 6;
/** A province's report must download "in well under a second" (issue #14): each export is timed this many times. */
const EXPORT_TIMINGS = 3;
const MAX_EXPORT_MS = 1000;
/** Token lifetime margin: the load must end this long before the tokens expire. */
const TOKEN_MARGIN_S = 120;

export interface Drawn {
  kind: Kind;
  code: string;
  province: string;
  api: HttpRequestSpec;
  baseline: HttpRequestSpec;
}

interface FiguresBody {
  unit: { level: string; code: string };
  figures: { registered: number; registeredAllAges: number; certified: number; adultPopulation: number; rate: number | null; denominatorSource: string };
  children: Array<{ unit: { code: string }; figures: { registered: number; registeredAllAges: number; certified: number } }>;
}

/** Authorization headers for a unit of `province`: the demo province's officer for Quảng Ninh, the administrator elsewhere. */
export type OfficerAuth = (province: string) => Record<string, string>;

export async function officerTokens(baseUrl: string): Promise<OfficerAuth> {
  const admin = await login(baseUrl, 'admin', DEMO_PASSWORD, 'coverage');
  const officer = await login(baseUrl, 'tinh.quangninh', DEMO_PASSWORD, 'coverage');
  return (province: string) => ({ authorization: `Bearer ${province === DEMO_PROVINCE ? officer.token : admin.token}` });
}

/** `count` requests of the officers' mix (MIX), units drawn at random from the seeded database. */
export async function drawMix(db: Client, rng: () => number, auth: OfficerAuth, count: number): Promise<Drawn[]> {
  const communes = (await db.query<{ code: string; province_code: string }>(`SELECT code, province_code FROM geo_communes ORDER BY code`)).rows;
  const provinces = [...new Set(communes.map((c) => c.province_code))].sort();
  const areas = (await db.query<{ id: string; province_code: string }>(`SELECT id::text AS id, province_code FROM geo_areas ORDER BY id`)).rows;
  if (areas.length === 0) throw new Error('coverage-read: the seeded database has no area (demo data missing?)');

  const draw = (): Drawn => {
    let x = rng();
    const kind = MIX.find(([, p]) => (x -= p) < 0)?.[0] ?? 'commune';
    switch (kind) {
      case 'country':
        return { kind, code: 'VN', province: '', api: { path: `${API}/figures/country`, headers: auth('') }, baseline: { path: '/country' } };
      case 'province': {
        const p = pick(rng, provinces);
        return { kind, code: p, province: p, api: { path: `${API}/figures/provinces/${p}`, headers: auth(p) }, baseline: { path: `/provinces/${p}` } };
      }
      case 'area': {
        const a = pick(rng, areas);
        return { kind, code: a.id, province: a.province_code, api: { path: `${API}/figures/areas/${a.id}`, headers: auth(a.province_code) }, baseline: { path: `/areas/${a.id}` } };
      }
      case 'commune': {
        const c = pick(rng, communes);
        return { kind, code: c.code, province: c.province_code, api: { path: `${API}/figures/communes/${c.code}`, headers: auth(c.province_code) }, baseline: { path: `/communes/${c.code}` } };
      }
      case 'ranking': {
        const p = pick(rng, provinces);
        return { kind, code: p, province: p, api: { path: `${API}/rankings/provinces/${p}`, headers: auth(p) }, baseline: { path: `/rankings/${p}` } };
      }
    }
  };
  return Array.from({ length: count }, draw);
}

interface ExportTiming {
  province: string;
  communes: number;
  format: 'xlsx' | 'csv';
  /** Whole downloads (request sent to last byte), ms, one per try. */
  ms: number[];
  bytes: number;
  /** CSV only: the lines of a commune (by its code). */
  rows: number | null;
  status: number;
}

/** Downloads the report of the province with the most communes, EXPORT_TIMINGS times per format, on an idle api. */
async function timeProvinceExports(db: Client, baseUrl: string, auth: OfficerAuth): Promise<ExportTiming[]> {
  const [largest] = (
    await db.query<{ province_code: string; n: number }>(`SELECT province_code, count(*)::int AS n FROM geo_communes GROUP BY province_code ORDER BY n DESC, province_code LIMIT 1`)
  ).rows;
  const timings: ExportTiming[] = [];
  for (const format of ['xlsx', 'csv'] as const) {
    const timing: ExportTiming = { province: largest.province_code, communes: largest.n, format, ms: [], bytes: 0, rows: null, status: 0 };
    for (let i = 0; i < EXPORT_TIMINGS; i++) {
      const t = performance.now();
      const res = await fetch(`${baseUrl}${API}/exports/provinces/${largest.province_code}.${format}`, { headers: auth(largest.province_code), signal: AbortSignal.timeout(30_000) });
      const body = Buffer.from(await res.arrayBuffer());
      timing.ms.push(Math.round((performance.now() - t) * 10) / 10);
      timing.status = res.status;
      timing.bytes = body.length;
      if (format === 'csv') timing.rows = body.toString('utf8').split('\r\n').filter((line) => /^"?[0-9]{5}"?,/.test(line)).length;
    }
    timings.push(timing);
  }
  return timings;
}

function tokenWindowS(settings: BenchSettings): number {
  // two servers: warm-up and rounds each, then the two open-loop runs, then the verification
  return 2 * (settings.warmupS + settings.rounds * (settings.durationS + 3)) + 2 * (settings.durationS + 10) + 120;
}

/** Base-table recount of one unit's registered residents and certified adults (bounds, by birth year). */
async function recount(db: Client, where: { communes: string[] } | 'country'): Promise<{ registeredAllAges: number; certifiedMin: number; certifiedMax: number; ms: number }> {
  const year = vietnamYear();
  const t = Date.now();
  const filter = where === 'country' ? '' : `AND r.commune_code = ANY($3::text[])`;
  const params: unknown[] = [year - 19, year - 18, ...(where === 'country' ? [] : [where.communes])];
  const [row] = (
    await db.query<{ registered: number; certified_min: number; certified_max: number }>(
      `SELECT count(*)::int AS registered,
              count(*) FILTER (WHERE r.birth_year <= $1 AND EXISTS (SELECT 1 FROM certificates_certificates c WHERE c.resident_id = r.id AND c.state = 'recognised'))::int AS certified_min,
              count(*) FILTER (WHERE r.birth_year <= $2 AND EXISTS (SELECT 1 FROM certificates_certificates c WHERE c.resident_id = r.id AND c.state = 'recognised'))::int AS certified_max
         FROM identity_residents r WHERE r.status = 'active' ${filter}`,
      params,
    )
  ).rows;
  return { registeredAllAges: row.registered, certifiedMin: row.certified_min, certifiedMax: row.certified_max, ms: Date.now() - t };
}

/** The naive national figure: every count the figure shows, over the base tables at request time. */
async function naiveNationalFigure(db: Client): Promise<{ ms: number; figures: Record<string, number> }> {
  const year = vietnamYear();
  const t = Date.now();
  const [row] = (
    await db.query(
      `SELECT count(*)::int AS registered,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM classes_enrolments e WHERE e.resident_id = r.id))::int AS enrolled,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM classes_attendance a WHERE a.resident_id = r.id AND a.status IN ('present', 'late')))::int AS attended,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM learning_course_completions l WHERE l.resident_id = r.id))::int AS completed,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM certificates_certificates c WHERE c.resident_id = r.id AND c.state = 'recognised'))::int AS certified
         FROM identity_residents r WHERE r.status = 'active' AND r.birth_year <= $1`,
      [year - 18],
    )
  ).rows;
  return { ms: Date.now() - t, figures: row };
}

export const coverageRead: ScenarioDefinition = {
  name: 'coverage-read',
  title: 'Certification figures (country, province, area, commune, ranking) over 10 million residents',
  measures:
    'officers reading the figures of the seeded country (10 million residents): throughput against bare Fastify + pg routes running the same ' +
    'aggregate statements; the tail open-loop at half the api\'s own saturated rate; answers checked against the base tables',
  services: ['api'],
  baseline: 'pg-coverage-reads',
  connections: 20,
  database: { kind: 'coverage-seed', minResidents: 10_000_000 },
  prepareBudgetS: 600,
  targets: { minRatio: 0.5, maxTailP95OverP50: 3, maxTailP95Ms: 50, maxErrors: 0 },
  checkSettings(settings) {
    const windowS = tokenWindowS(settings);
    return windowS > ACCESS_TOKEN_TTL_S - TOKEN_MARGIN_S
      ? `the load would last about ${windowS}s after logging in, longer than the access tokens (${ACCESS_TOKEN_TTL_S}s, minus ${TOKEN_MARGIN_S}s): lower BENCH_ROUNDS or BENCH_DURATION`
      : null;
  },
  async prepare(ctx: ScenarioContext) {
    const api = ctx.system.services.api;
    if (!api) throw new Error('coverage-read needs the api');
    const db = new Client({ connectionString: ctx.settings.databaseUrl });
    await db.connect();
    try {
      const auth = await officerTokens(api.baseUrl);
      const sequence = await drawMix(db, ctx.rng, auth, SEQUENCE_LENGTH);
      const kinds = Object.fromEntries(MIX.map(([k]) => [k, sequence.filter((d) => d.kind === k).length]));

      log('coverage-read: timing a naive recount of the national figure over the base tables…');
      const naive = await naiveNationalFigure(db);
      log(`coverage-read: naive national recount took ${naive.ms} ms: ${JSON.stringify(naive.figures)}`);
      log('coverage-read: timing the reports of the largest province (XLSX, CSV)…');
      const exports = await timeProvinceExports(db, api.baseUrl, auth);
      for (const e of exports) log(`coverage-read: export of province ${e.province} (${e.communes} communes) as ${e.format}: ${e.ms.join(', ')} ms, ${e.bytes} bytes`);
      const t = Date.now();
      const national = await http<FiguresBody>(api.baseUrl, `${API}/figures/country`, { headers: auth('') });
      const aggregateMs = Date.now() - t;
      if (national.status !== 200) throw new Error(`coverage-read: national figures answered HTTP ${national.status}: ${national.text.slice(0, 200)}`);

      return {
        load: { baseUrl: api.baseUrl, description: `the mix ${JSON.stringify(kinds)} of GET ${API}/figures/... and /rankings/... (${SEQUENCE_LENGTH} drawn requests, in order)`, next: sequence.map((d) => d.api) },
        baselineRequests: { 'pg-coverage-reads': { description: 'the same mix, the same units, in the same order', next: sequence.map((d) => d.baseline) } },
        inputs: {
          sequence_length: SEQUENCE_LENGTH,
          mix: kinds,
          distinct_units: new Set(sequence.map((d) => `${d.kind}:${d.code}`)).size,
          naive_national_recount: {
            ms: naive.ms,
            figures: naive.figures,
            api_national_figure_ms: aggregateMs,
            ratio_naive_to_api: Math.round((naive.ms / Math.max(1, aggregateMs)) * 10) / 10,
            method: 'one COUNT over identity_residents with EXISTS over enrolments, attendance, completions and certificates (adults by birth year), on an idle system, timed once; beside it one api request for the national figure',
          },
          province_exports: {
            timings: exports,
            method: `GET ${API}/exports/provinces/{code}.{xlsx,csv} of the province with the most communes, ${EXPORT_TIMINGS} times each, request to last byte, on an idle api before the load; must be under ${MAX_EXPORT_MS} ms`,
          },
        },
        verify: () => verifyAnswers(api.baseUrl, db, sequence, auth, naive.figures, exports).finally(() => db.end()),
      };
    } catch (err) {
      await db.end();
      throw err;
    }
  },
};

async function verifyAnswers(
  baseUrl: string,
  db: Client,
  sequence: readonly Drawn[],
  auth: OfficerAuth,
  naive: Record<string, number>,
  exports: readonly ExportTiming[],
): Promise<Verification> {
  const examples: unknown[] = [];
  const failures: unknown[] = [];
  let checked = 0;
  const fail = (what: unknown) => failures.length < 50 && failures.push(what);
  for (const e of exports) {
    checked++;
    const slowest = Math.max(...e.ms);
    const problems = [
      e.status === 200 ? null : `HTTP ${e.status}`,
      slowest < MAX_EXPORT_MS ? null : `the slowest download took ${slowest} ms (must be under ${MAX_EXPORT_MS} ms)`,
      e.rows === null || e.rows === e.communes ? null : `${e.rows} CSV lines of a commune for ${e.communes} communes`,
    ].filter((x) => x !== null);
    if (problems.length) fail({ export: `${e.province}.${e.format}`, problems });
    else if (examples.length < 12) examples.push({ export: `${e.province}.${e.format}`, communes: e.communes, slowest_ms: slowest, bytes: e.bytes });
  }
  const picked = new Map<string, Drawn>();
  for (const d of sequence) {
    if ([...picked.values()].filter((p) => p.kind === d.kind).length < VERIFY_PER_KIND) picked.set(`${d.kind}:${d.code}`, d);
  }
  const communesOf = async (d: Drawn): Promise<string[] | 'country'> => {
    if (d.kind === 'country') return 'country';
    if (d.kind === 'commune') return [d.code];
    if (d.kind === 'area') return (await db.query<{ c: string }>(`SELECT commune_code AS c FROM geo_area_communes WHERE area_id = $1`, [d.code])).rows.map((r) => r.c);
    return (await db.query<{ c: string }>(`SELECT code AS c FROM geo_communes WHERE province_code = $1`, [d.code])).rows.map((r) => r.c);
  };
  for (const d of picked.values()) {
    checked++;
    const res = await http<FiguresBody & { items?: Array<{ unit: { code: string }; figures: FiguresBody['figures'] }> }>(baseUrl, d.api.path, { headers: auth(d.province) });
    if (res.status !== 200) {
      fail({ request: d.api.path, problem: `HTTP ${res.status}`, body: res.text.slice(0, 200) });
      continue;
    }
    const where = await communesOf(d);
    const truth = await recount(db, where === 'country' ? 'country' : { communes: where });
    const problems: string[] = [];
    if (d.kind === 'ranking') {
      const items = res.body.items ?? [];
      const sumRegistered = items.reduce((n, i) => n + i.figures.registeredAllAges, 0);
      const sumCertified = items.reduce((n, i) => n + i.figures.certified, 0);
      if (items.length !== (where as string[]).length) problems.push(`ranks ${items.length} communes, the province has ${(where as string[]).length}`);
      if (sumRegistered !== truth.registeredAllAges) problems.push(`registered (all ages) summed ${sumRegistered}, base tables ${truth.registeredAllAges}`);
      if (sumCertified < truth.certifiedMin || sumCertified > truth.certifiedMax) problems.push(`certified summed ${sumCertified} outside [${truth.certifiedMin}, ${truth.certifiedMax}]`);
      for (let i = 1; i < items.length; i++) {
        const a = items[i - 1].figures.rate ?? -1;
        const b = items[i].figures.rate ?? -1;
        if (a < b) problems.push(`rank ${i} has a lower rate than rank ${i + 1}`);
      }
    } else {
      const f = res.body.figures;
      if (f.registeredAllAges !== truth.registeredAllAges) problems.push(`registered (all ages) ${f.registeredAllAges}, base tables ${truth.registeredAllAges}`);
      if (f.certified < truth.certifiedMin || f.certified > truth.certifiedMax) problems.push(`certified ${f.certified} outside [${truth.certifiedMin}, ${truth.certifiedMax}]`);
      const expectedRate = f.adultPopulation > 0 ? f.certified / f.adultPopulation : null;
      if ((f.rate === null) !== (expectedRate === null) || (f.rate !== null && Math.abs(f.rate - expectedRate!) > 1e-3)) problems.push(`rate ${f.rate}, certified / population ${expectedRate}`);
      if (d.kind !== 'commune' || res.body.children.length > 0) {
        // the children add up to the unit (a commune's villages: its residents without a village are in no child)
        const sumRegistered = res.body.children.reduce((n, c) => n + c.figures.registeredAllAges, 0);
        const sumCertified = res.body.children.reduce((n, c) => n + c.figures.certified, 0);
        if (d.kind === 'commune' ? sumRegistered > f.registeredAllAges : sumRegistered !== f.registeredAllAges) problems.push(`children registered ${sumRegistered}, unit ${f.registeredAllAges}`);
        if (d.kind === 'commune' ? sumCertified > f.certified : sumCertified !== f.certified) problems.push(`children certified ${sumCertified}, unit ${f.certified}`);
      }
      if (d.kind === 'country' && (f.registered > naive.registered || f.certified > naive.certified)) {
        problems.push(`national registered adults ${f.registered} (naive by birth year ${naive.registered}), certified ${f.certified} (naive at most ${naive.certified})`);
      }
    }
    if (problems.length) fail({ request: d.api.path, problems });
    else if (examples.length < 6) examples.push({ request: d.api.path, base_tables: truth });
  }
  return {
    passed: failures.length === 0 && checked > 0,
    checked,
    failed: failures.length,
    method:
      `${checked} distinct units of the mix (up to ${VERIFY_PER_KIND} per kind), asked again after the load: registered residents equal to a COUNT ` +
      'over identity_residents; certified adults within the bounds of a recount over certificates (adult by birth year); the rate equal to ' +
      'certified / adult population; the children adding up to the unit; a ranking ordered by rate, covering every commune of the province',
    examples,
    failures,
  };
}
