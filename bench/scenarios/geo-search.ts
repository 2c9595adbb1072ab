import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { HttpRequestSpec } from '../lib/load';
import { REPO_ROOT } from '../lib/settings';
import { matchesAtWordBoundary, normalizeForCheck, pick, randomInt, stripDiacritics } from '../lib/text';
import type { ScenarioContext, ScenarioDefinition, Verification } from '../lib/types';

const LIMIT = 10;
/**
 * Prefixes are drawn at random (with replacement) from a pool this big, generated from the seed. It is
 * larger than what an in-process cache of recent queries would typically hold, so the run measures
 * the search itself under a realistic mix of repeated and new prefixes, not only a cache lookup.
 */
const POOL_SIZE = 20_000;
const VERIFY_SAMPLES = 200;
/** Requests per connection sequence, drawn at random from the pool. */
const SEQUENCE_LENGTH = 400;

interface Query {
  q: string;
  /** The commune whose name the prefix was cut from. */
  sourceCode: string;
  sourceName: string;
  style: string;
}

interface CommuneItem {
  code: string;
  name: string;
  fullName: string;
}

function loadCommuneNames(): { code: string; name: string }[] {
  const csv = readFileSync(join(REPO_ROOT, 'libs/geography/data/communes.csv'), 'utf8');
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => ({ code: r.code, name: r.name.normalize('NFC').trim() })).filter((r) => r.name);
}

/**
 * A prefix as a person types it into an autocomplete box: the first 1..N words or the first
 * 2..N letters of a real commune name, half the time without diacritics, sometimes in lower case.
 */
function randomQuery(rng: () => number, communes: { code: string; name: string }[]): Query {
  for (;;) {
    const c = pick(rng, communes);
    const words = c.name.split(' ');
    let q: string;
    let style: string;
    if (rng() < 0.35) {
      q = words.slice(0, randomInt(rng, 1, words.length)).join(' ');
      style = 'words';
    } else {
      const chars = [...c.name];
      q = chars.slice(0, randomInt(rng, 2, chars.length)).join('').trim();
      style = 'letters';
    }
    if (rng() < 0.5) {
      q = stripDiacritics(q);
      style += '+no-diacritics';
    }
    if (rng() < 0.25) {
      q = q.toLowerCase();
      style += '+lower';
    }
    if (normalizeForCheck(q).length >= 2) return { q, sourceCode: c.code, sourceName: c.name, style };
  }
}

const pathFor = (q: string): string => `/api/v1/geo/communes?q=${encodeURIComponent(q)}&limit=${LIMIT}`;

async function verify(baseUrl: string, sample: Query[]): Promise<Verification> {
  const examples: unknown[] = [];
  const failures: unknown[] = [];
  let failed = 0;
  for (const query of sample) {
    const url = `${baseUrl}${pathFor(query.q)}`;
    let problem: string | null = null;
    let body: { items?: CommuneItem[]; total?: number; limit?: number; offset?: number } | undefined;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const text = await res.text();
      if (res.status !== 200) problem = `HTTP ${res.status}: ${text.slice(0, 200)}`;
      else body = JSON.parse(text) as typeof body;
    } catch (err) {
      problem = `request failed: ${(err as Error).message}`;
    }
    if (!problem && body) {
      const items = body.items;
      if (!Array.isArray(items) || typeof body.total !== 'number' || body.limit !== LIMIT || body.offset !== 0) {
        problem = 'response is not {items[], total, limit, offset}';
      } else if (body.total < 1 || items.length === 0) {
        problem = 'no result, although the prefix was cut from a real commune name';
      } else if (items.length !== Math.min(body.total, LIMIT)) {
        problem = `items.length ${items.length} does not match total ${body.total} and limit ${LIMIT}`;
      } else if (!items.some((it) => matchesAtWordBoundary(it.name, query.q))) {
        problem = 'no item whose normalised name has the prefix at a word boundary';
      } else if (!normalizeForCheck(items[0].name).startsWith(normalizeForCheck(query.q))) {
        // The source commune's own name starts with the prefix, so the best match must too.
        problem = `first item "${items[0].name}" does not start with the prefix (ranking)`;
      }
    }
    const entry = {
      q: query.q,
      style: query.style,
      from: query.sourceName,
      total: body?.total,
      first: body?.items?.slice(0, 3).map((i) => i.name),
    };
    if (problem) {
      failed++;
      if (failures.length < 20) failures.push({ ...entry, problem });
    } else if (examples.length < 5) {
      examples.push(entry);
    }
  }
  return {
    passed: failed === 0,
    checked: sample.length,
    failed,
    method:
      `after the load, GET ${pathFor('<prefix>')} for ${sample.length} prefixes from the pool: HTTP 200, page shape, total >= 1, ` +
      'some item whose normalised name (NFD, no marks, đ->d, lower case) has the prefix at a word boundary, and the first item starting with it',
    examples,
    failures,
  };
}

export const geoSearch: ScenarioDefinition = {
  name: 'geo-search',
  title: 'Commune search by name (random prefixes)',
  measures:
    `GET /api/v1/geo/communes?q=<prefix>&limit=${LIMIT} through the api (served on its fast lane: JSON-schema validation, response cache, ` +
    'request logging ON, LOG_LEVEL info); prefixes are the first words or letters of real commune names, with and without diacritics',
  services: ['api'],
  baseline: 'http-hello-world',
  connections: 50,
  targets: { minRatio: 0.5, maxTailP95OverP50: 3, maxErrors: 0 },

  async prepare(ctx: ScenarioContext) {
    const api = ctx.system.services.api;
    if (!api) throw new Error('geo-search needs the api');
    const communes = loadCommuneNames();
    const pool: Query[] = Array.from({ length: POOL_SIZE }, () => randomQuery(ctx.rng, communes));
    const requests: HttpRequestSpec[] = pool.map((p) => ({ path: pathFor(p.q) }));
    const { rng } = ctx;
    const styles: Record<string, number> = {};
    for (const p of pool) styles[p.style] = (styles[p.style] ?? 0) + 1;
    const distinct = new Set(pool.map((p) => normalizeForCheck(p.q))).size;

    const step = Math.max(1, Math.floor(pool.length / VERIFY_SAMPLES));
    const sample = pool.filter((_, idx) => idx % step === 0).slice(0, VERIFY_SAMPLES);

    return {
      load: {
        baseUrl: api.baseUrl,
        description: `GET ${pathFor('<random prefix>')} (each connection cycles through ${SEQUENCE_LENGTH} prefixes drawn at random from a pool of ${POOL_SIZE} generated prefixes)`,
        // drawn in advance (see HttpLoad.next): every connection sends this random sequence in order
        next: Array.from({ length: SEQUENCE_LENGTH }, () => requests[Math.floor(rng() * requests.length)]),
      },
      inputs: {
        communes: communes.length,
        pool_size: pool.length,
        distinct_normalised_prefixes: distinct,
        styles,
        limit: LIMIT,
        examples: pool.slice(0, 8).map((p) => p.q),
      },
      verify: () => verify(api.baseUrl, sample),
    };
  },
};
