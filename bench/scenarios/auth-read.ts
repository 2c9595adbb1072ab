/**
 * auth-read (issue #3): an authenticated page of masked residents, the read a commune's staff do all day.
 *
 *   GET /api/v1/residents?communeCode=06673&limit=50[&cursor=…]   Authorization: Bearer <access token>
 *
 * through the whole api stack (access guard: JWT + account + scope; query validation; keyset page of 51
 * rows; 50 AES-256-GCM blobs decrypted; CCCD and phone masked; request log), against the same page
 * query run by a bare Fastify route through pg (baseline `pg-residents-page`), and the bare hello-world.
 */
import { Client } from 'pg';
import { DEMO_PASSWORD, maskPhone, parsePersonalDataKeys, PersonalDataCipher, ResidentPersonalDataCodec, type ResidentPersonalData } from '@hvs/identity';
import { Checks } from '../lib/checks';
import { ACCESS_TOKEN_TTL_S, http, login } from '../lib/http';
import type { HttpRequestSpec } from '../lib/load';
import { log } from '../lib/processes';
import type { BenchSettings } from '../lib/settings';
import { seedResidents, type SeededResidents } from '../lib/residents';
import { runKeys } from '../lib/system';
import type { ScenarioContext, ScenarioDefinition, Verification } from '../lib/types';

const COMMUNE_CODE = '06673';
const RESIDENTS = 20_000;
const LIMIT = 50;
/** Staff accounts of the commune whose sessions send the load (the two demo ones + created ones). */
const DEMO_STAFF = ['xa.baichay', 'gv.baichay'];
const EXTRA_STAFF = 8;
const SESSIONS = 50;
/** Requests per connection sequence (see HttpLoad.next), drawn at random from the commune's pages. */
const SEQUENCE_LENGTH = 400;
const TOKEN_MARGIN_S = 120;
const MASKED_CCCD = /^\*{8}[0-9]{4}$/;

interface Page {
  /** Page number in the commune's (path, id) order, from 0. */
  index: number;
  /** The cursor that asks for it (null: the first page), as the api handed it out. */
  cursor: string | null;
}

interface ResidentItem {
  id: string;
  fullName: string;
  cccd: string | null;
  phone: string | null;
  masked: boolean;
  communeCode: string;
}

const pagePath = (prefix: string, cursor: string | null): string =>
  `${prefix}?communeCode=${COMMUNE_CODE}&limit=${LIMIT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
/** The request as the docs and the result show it. */
const describePath = (prefix: string): string => `${prefix}?communeCode=${COMMUNE_CODE}&limit=${LIMIT}[&cursor=<cursor>]`;
const API_PATH = '/api/v1/residents';
const BASELINE_PATH = '/residents';

/** Seconds from the logins to the end of the verification, at most (every server's warm-up and runs). */
function tokenWindowS(settings: BenchSettings, servers: number): number {
  const perRunOverheadS = 3;
  return servers * (settings.warmupS + settings.rounds * (settings.durationS + perRunOverheadS)) + 60;
}



/** The commune's residents in the order the api must page them, by the bench's own query: (path, id). */
async function expectedOrder(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM identity_residents WHERE commune_code = $1 AND status = 'active' ORDER BY path, id`,
    [COMMUNE_CODE],
  );
  return rows.map((r) => r.id);
}

/**
 * Walks the whole commune through the api, page after page, as a client does: the cursors of every
 * page (the load asks for these pages), checked against the bench's own order on the way.
 */
async function walkPages(baseUrl: string, token: string, order: string[]): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  let seen = 0;
  for (let index = 0; ; index++) {
    if (index > order.length / LIMIT + 2) throw new Error('auth-read: walking the pages did not end');
    const res: { status: number; body: { items: ResidentItem[]; nextCursor: string | null }; text: string } = await http(
      baseUrl,
      pagePath(API_PATH, cursor),
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (res.status !== 200) throw new Error(`auth-read: page ${index} answered HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    const ids = res.body.items.map((i) => i.id);
    const expected = order.slice(seen, seen + LIMIT);
    if (ids.join() !== expected.join()) throw new Error(`auth-read: page ${index} is not the expected slice of the (path, id) order`);
    pages.push({ index, cursor });
    seen += ids.length;
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  if (seen !== order.length) throw new Error(`auth-read: the pages held ${seen} residents, expected ${order.length}`);
  return pages;
}

async function verify(
  baseUrl: string,
  tokens: string[],
  pages: Page[],
  order: string[],
  residents: Map<string, ResidentPersonalData>,
): Promise<Verification> {
  const checks = new Checks();

  for (const [n, page] of pages.entries()) {
    const token = tokens[n % tokens.length];
    let problem: string | null = null;
    let first: unknown;
    try {
      const res = await http<{ items?: ResidentItem[]; nextCursor?: string | null; limit?: number }>(baseUrl, pagePath(API_PATH, page.cursor), {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = res.body;
      const expected = order.slice(page.index * LIMIT, page.index * LIMIT + LIMIT);
      if (res.status !== 200) problem = `HTTP ${res.status}: ${res.text.slice(0, 200)}`;
      else if (!body || !Array.isArray(body.items) || body.limit !== LIMIT || !('nextCursor' in body)) problem = 'response is not {items[], nextCursor, limit: 50}';
      else if (body.items.length !== LIMIT) problem = `${body.items.length} items, expected ${LIMIT}`;
      else if (body.items.map((i) => i.id).join() !== expected.join()) problem = 'items are not the expected residents in (path, id) order';
      else if ((body.nextCursor === null) !== ((page.index + 1) * LIMIT >= order.length)) problem = 'nextCursor does not say whether a page follows';
      else {
        for (const item of body.items) {
          const data = residents.get(item.id);
          if (!data) problem = `unknown resident ${item.id}`;
          else if (item.masked !== true) problem = `resident ${item.id} not masked`;
          else if (data.cccd === null ? item.cccd !== null : item.cccd === null || !MASKED_CCCD.test(item.cccd)) {
            problem = `cccd ${JSON.stringify(item.cccd)} of ${item.id} does not match ${MASKED_CCCD}${data.cccd === null ? ' (expected null: no CCCD)' : ''}`;
          } else if (data.cccd !== null && item.cccd?.slice(-4) !== data.cccd.slice(-4)) problem = `cccd of ${item.id} does not end with the resident's last four digits`;
          else if (item.phone !== (data.phone ? maskPhone(data.phone) : null)) problem = `phone of ${item.id} is not the masked number`;
          else if (item.fullName !== data.fullName) problem = `fullName of ${item.id} is not the resident's (decryption)`;
          else if (item.communeCode !== COMMUNE_CODE) problem = `communeCode of ${item.id} is ${item.communeCode}`;
          if (problem) break;
        }
        first = { id: body.items[0].id, fullName: body.items[0].fullName, cccd: body.items[0].cccd, phone: body.items[0].phone };
      }
    } catch (err) {
      problem = `request failed: ${(err as Error).message}`;
    }
    checks.note({ page: page.index, cursor: page.cursor, first }, problem);
  }

  // the guard is really in the path: no token, or a broken one, gets no residents
  for (const [label, headers] of [
    ['no token', {}],
    ['tampered token', { authorization: `Bearer ${tokens[0].slice(0, -4)}AAAA` }],
  ] as const) {
    const res = await http<{ error?: { code?: string } }>(baseUrl, pagePath(API_PATH, null), { headers });
    checks.note({ request: `GET without a valid token (${label})`, status: res.status, code: res.body?.error?.code }, res.status === 401 ? null : `HTTP ${res.status}, expected 401`);
  }

  return checks.result(
    `after the load, GET ${describePath(API_PATH)} with the load's tokens for every distinct page the load sent (${pages.length}): HTTP 200, ` +
    `{items, nextCursor, limit: 50}, exactly 50 items, the expected residents in (path, id) order (the bench's own SQL), every item masked ` +
    `(masked: true, cccd ${MASKED_CCCD} ending with the resident's last four digits — null only for the demo resident registered without ` +
    'a CCCD —, phone masked as 0912***678), fullName equal to the stored one (decryption), nextCursor present unless the last page; ' +
    'plus 401 without a token and with a tampered one',
  );
}

export const authRead: ScenarioDefinition = {
  name: 'auth-read',
  title: 'Authenticated page of masked residents (50 per page, commune of 20,000)',
  measures:
    `GET ${describePath(API_PATH)} with a staff bearer token through the whole api (access guard: JWT, account, scope; query ` +
    `validation; keyset page; ${LIMIT} personal blobs decrypted; CCCD and phone masked; request logging ON, LOG_LEVEL info), ` +
    `in a commune of ${RESIDENTS.toLocaleString('en')} residents, pages drawn at random from the whole commune`,
  services: ['api'],
  baseline: 'pg-residents-page-direct',
  extraBaselines: ['http-hello-world', 'pg-residents-page'],
  connections: 50,
  targets: { minRatio: 0.6, maxTailP95OverP50: 3, maxErrors: 0 },
  prepareBudgetS: 180,

  checkSettings(settings) {
    const windowS = tokenWindowS(settings, 3);
    return windowS > ACCESS_TOKEN_TTL_S - TOKEN_MARGIN_S
      ? `the load would last about ${windowS}s after logging in, longer than the access tokens (${ACCESS_TOKEN_TTL_S}s, minus ${TOKEN_MARGIN_S}s ` +
          'of margin): lower BENCH_ROUNDS, BENCH_DURATION or BENCH_WARMUP'
      : null;
  },

  async prepare(ctx: ScenarioContext) {
    const api = ctx.system.services.api;
    if (!api) throw new Error('auth-read needs the api');
    const { rng } = ctx;
    const keys = { ...runKeys, ...ctx.system.appEnvOverrides };
    const codec = new ResidentPersonalDataCodec(
      new PersonalDataCipher(parsePersonalDataKeys(keys.PII_ENCRYPTION_KEYS, keys.PII_ENCRYPTION_KEY_ID, keys.PII_INDEX_KEY)),
    );

    const client = new Client({ connectionString: ctx.settings.databaseUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    let seeded: SeededResidents;
    let order: string[];
    try {
      log(`auth-read: seeding ${RESIDENTS} residents in commune ${COMMUNE_CODE}…`);
      seeded = await seedResidents(client, codec, rng, { communeCode: COMMUNE_CODE, target: RESIDENTS });
      log(`auth-read: ${seeded.written} residents written over ${seeded.villages} villages in ${(seeded.ms / 1000).toFixed(1)}s`);
      order = await expectedOrder(client);
    } finally {
      await client.end();
    }

    // staff of the commune: the two demo accounts and a few more, created by the administrator
    const admin = await login(api.baseUrl, 'admin', DEMO_PASSWORD, 'auth-read');
    const staff = [...DEMO_STAFF];
    for (let i = 1; i <= EXTRA_STAFF; i++) {
      const username = `bench.xa${String(i).padStart(2, '0')}`;
      const res = await http(api.baseUrl, '/api/v1/accounts', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
        body: JSON.stringify({
          username,
          displayName: `Cán bộ xã ${i}`,
          role: i % 2 ? 'commune_officer' : 'instructor',
          password: DEMO_PASSWORD,
          communeCode: COMMUNE_CODE,
        }),
      });
      if (res.status !== 201 && res.status !== 409) throw new Error(`auth-read: creating ${username}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      staff.push(username);
    }
    const tokens: string[] = [];
    let expiresIn = Infinity;
    for (let i = 0; i < SESSIONS; i++) {
      const session = await login(api.baseUrl, staff[i % staff.length], DEMO_PASSWORD, 'auth-read');
      tokens.push(session.token);
      expiresIn = Math.min(expiresIn, session.expiresIn);
    }
    const windowS = tokenWindowS(ctx.settings, 3);
    if (windowS > expiresIn - TOKEN_MARGIN_S) throw new Error(`auth-read: access tokens last ${expiresIn}s, the run needs them for about ${windowS}s`);
    log(`auth-read: ${tokens.length} sessions of ${staff.length} staff accounts; tokens valid ${expiresIn}s, the run needs about ${windowS}s`);

    const pages = (await walkPages(api.baseUrl, tokens[0], order)).filter((p) => (p.index + 1) * LIMIT <= order.length);
    // every connection sends this sequence (drawn in advance, see HttpLoad.next): random pages of the commune,
    // the sessions taking turns; the baseline is sent the same pages in the same order
    const drawn = Array.from({ length: SEQUENCE_LENGTH }, () => pages[Math.floor(rng() * pages.length)]);
    const apiRequests: HttpRequestSpec[] = drawn.map((p, i) => ({
      path: pagePath(API_PATH, p.cursor),
      headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
    }));
    const baselineRequests: HttpRequestSpec[] = drawn.map((p) => ({ path: pagePath(BASELINE_PATH, p.cursor) }));
    const distinct = [...new Map(drawn.map((p) => [p.index, p])).values()].sort((a, b) => a.index - b.index);

    return {
      load: {
        baseUrl: api.baseUrl,
        description:
          `GET ${describePath(API_PATH)} with a staff bearer token (each connection cycles through ${SEQUENCE_LENGTH} requests: ` +
          `pages drawn at random from the commune's ${pages.length} full pages, ${tokens.length} sessions of ${staff.length} commune staff accounts taking turns)`,
        next: apiRequests,
      },
      baselineRequests: {
        'pg-residents-page-direct': { description: `the query of ${describePath(BASELINE_PATH)}: the same ${SEQUENCE_LENGTH} pages in the same order`, next: baselineRequests },
        'pg-residents-page': {
          description: `GET ${describePath(BASELINE_PATH)}: the same ${SEQUENCE_LENGTH} pages in the same order, no token`,
          next: baselineRequests,
        },
      },
      inputs: {
        commune: COMMUNE_CODE,
        residents: order.length,
        residents_without_cccd: [...seeded.residents.values()].filter((d) => d.cccd === null).length,
        villages: seeded.villages,
        seeded_now: seeded.written,
        seed_s: Math.round(seeded.ms / 100) / 10,
        limit: LIMIT,
        pages: pages.length,
        sequence_length: SEQUENCE_LENGTH,
        distinct_pages_in_sequence: distinct.length,
        first_page_in_sequence: drawn.some((p) => p.cursor === null),
        staff_accounts: staff,
        sessions: tokens.length,
        token_lifetime_s: expiresIn,
      },
      verify: () => verify(api.baseUrl, tokens, distinct, order, seeded.residents),
    };
  },
};
