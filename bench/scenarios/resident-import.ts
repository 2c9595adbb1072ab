/**
 * resident-import (issue #3): a commune officer uploads a 100,000-row CSV of residents.
 *
 *   POST /api/v1/resident-imports?communeCode=06673   Content-Type: text/csv   (the file streamed as the body)
 *
 * through the whole api stack (access guard, streaming CSV parse, every row checked like a registration,
 * keyed hashes and AES-256-GCM per resident, batches of 1,000 in one transaction each with consents,
 * audit entries and the import record), then the same file again (every row found, nothing written).
 * Measured: rows per second of the first upload (target >= 5,000) and the api process's peak resident
 * memory (VmHWM, target < 400 MB), against a baseline measured in the same run: the same rows (same
 * columns, same sizes, the same keyed hashes and name tokens) inserted straight through pg with one
 * multi-row INSERT per table per batch of 1,000 (residents, consents, audit entries), into copies of the
 * tables with their indexes: what the database alone takes to store what the import stores.
 */
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  cccdPrefix,
  DEMO_PASSWORD,
  IMPORT_COLUMNS,
  parsePersonalDataKeys,
  PersonalDataCipher,
  ResidentPersonalDataCodec,
  type ResidentPersonalData,
} from '@hvs/identity';
import { processCpuS, processMemory, type JobContext, type JobResult, type JobScenarioDefinition } from '../lib/job';
import { log, sleep } from '../lib/processes';
import { runKeys } from '../lib/system';
import { normalizeForCheck, pick, randomInt } from '../lib/text';
import type { Verification } from '../lib/types';

const COMMUNE_CODE = '06673';
const COMMUNE_PATH = '22.06673';
const OFFICER = 'xa.baichay';
const ROWS = 100_000;
const BATCH = 1000;
const MIN_ROWS_PER_S = 5000;
const MAX_PEAK_RSS_MB = 400;
const VERIFY_SAMPLES = 200;
const HOME_PROVINCE = '22';
const OTHER_PROVINCES = ['01', '31', '33', '34', '36', '38', '79'];

/** The template's columns, in order. */
const HEADER = IMPORT_COLUMNS.map((c) => c.header);
const FAMILY = ['Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = { male: ['Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Công', 'Xuân'], female: ['Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Diệu'] };
const GIVEN = {
  male: ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Giang', 'Hải', 'Hiếu', 'Hòa', 'Hùng', 'Huy', 'Khánh', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thắng', 'Toàn', 'Tuấn', 'Việt'],
  female: ['Anh', 'Chi', 'Dung', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Phương', 'Thảo', 'Trang', 'Vân', 'Yến'],
};

interface Person {
  fullName: string;
  birthDate: string;
  sex: 'male' | 'female';
  cccd: string;
  phone: string | null;
  villageCode: string | null;
  villagePath: string | null;
  ethnicMinority: boolean;
  disability: boolean;
  poverty: 'none' | 'poor' | 'near_poor';
  noSmartphone: boolean;
}

function person(rng: () => number, i: number, villages: Array<{ code: string; path: string }>): Person {
  const sex = rng() < 0.52 ? 'female' : 'male';
  const year = randomInt(rng, 1935, 2007);
  const birthDate = `${year}-${String(randomInt(rng, 1, 12)).padStart(2, '0')}-${String(randomInt(rng, 1, 28)).padStart(2, '0')}`;
  const words = [pick(rng, FAMILY), pick(rng, MIDDLE[sex]), ...(rng() < 0.3 ? [pick(rng, MIDDLE[sex])] : []), pick(rng, GIVEN[sex])];
  const village = rng() < 0.9 ? pick(rng, villages) : null;
  const povertyDraw = rng();
  return {
    fullName: words.join(' '),
    birthDate,
    sex,
    // unique by the serial (the row number), valid for the person's birth year and sex
    cccd: cccdPrefix(rng() < 0.75 ? HOME_PROVINCE : pick(rng, OTHER_PROVINCES), year, sex) + String(i).padStart(6, '0'),
    phone: rng() < 0.85 ? `0${pick(rng, ['3', '5', '7', '8', '9'])}${String(Math.floor(rng() * 1e8)).padStart(8, '0')}` : null,
    villageCode: village?.code ?? null,
    villagePath: village?.path ?? null,
    ethnicMinority: rng() < 0.1,
    disability: rng() < 0.05,
    poverty: povertyDraw < 0.08 ? 'poor' : povertyDraw < 0.15 ? 'near_poor' : 'none',
    noSmartphone: rng() < 0.2,
  };
}

function csvLine(p: Person, rng: () => number): string {
  const [y, m, d] = p.birthDate.split('-');
  return [
    p.fullName,
    rng() < 0.5 ? `${d}/${m}/${y}` : p.birthDate,
    p.sex === 'male' ? 'Nam' : 'Nữ',
    p.cccd,
    p.phone ?? '',
    p.villageCode ?? '',
    p.ethnicMinority ? 'x' : '',
    p.disability ? 'x' : '',
    p.poverty === 'poor' ? 'nghèo' : p.poverty === 'near_poor' ? 'cận nghèo' : '',
    p.noSmartphone ? 'x' : '',
    rng() < 0.5 ? 'x' : 'có',
  ].join(',');
}

// ---- the upload, with the api's memory and CPU sampled ----

interface UploadRun {
  label: string;
  status: number;
  seconds: number;
  rows_per_s: number;
  body: Record<string, unknown>;
  api_cpu_s: number | null;
  api_cpu_pct: number | null;
  api_rss_before_mb: number | null;
  api_rss_peak_during_mb: number | null;
  api_vm_hwm_after_mb: number | null;
}

async function upload(label: string, baseUrl: string, token: string, file: string, pid: number): Promise<UploadRun> {
  const size = statSync(file).size;
  const before = processMemory(pid);
  const cpu0 = processCpuS(pid);
  let peak = before?.rssMb ?? 0;
  const sampler = setInterval(() => {
    const m = processMemory(pid);
    if (m && m.rssMb > peak) peak = m.rssMb;
  }, 50);
  const started = performance.now();
  try {
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        `${baseUrl}/api/v1/resident-imports?communeCode=${COMMUNE_CODE}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv; charset=utf-8', 'content-length': String(size) },
          timeout: 300_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('upload timed out after 300 s')));
      req.on('error', reject);
      createReadStream(file).pipe(req);
    });
    const seconds = (performance.now() - started) / 1000;
    const after = processMemory(pid);
    const cpu1 = processCpuS(pid);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { raw: text.slice(0, 500) };
    }
    if (after && after.rssMb > peak) peak = after.rssMb;
    const cpuS = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;
    const rows = typeof body.total === 'number' ? body.total : 0;
    return {
      label,
      status,
      seconds: round(seconds, 2),
      rows_per_s: round(rows / seconds, 0),
      body: { ...body, errors: Array.isArray(body.errors) ? (body.errors as unknown[]).slice(0, 5) : body.errors },
      api_cpu_s: cpuS === null ? null : round(cpuS, 2),
      api_cpu_pct: cpuS === null ? null : round((100 * cpuS) / seconds, 1),
      api_rss_before_mb: before ? round(before.rssMb, 1) : null,
      api_rss_peak_during_mb: round(peak, 1),
      api_vm_hwm_after_mb: after ? round(after.hwmMb, 1) : null,
    };
  } finally {
    clearInterval(sampler);
  }
}

async function login(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: OFFICER, password: DEMO_PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (res.status !== 200 || !body.accessToken) throw new Error(`login as ${OFFICER}: HTTP ${res.status}`);
  return body.accessToken;
}

// ---- the baseline: the same rows straight into copies of the tables ----

interface BaselineRow {
  id: string;
  villageCode: string | null;
  path: string;
  personalData: Buffer;
  nameTokens: string;
  cccdIndex: Buffer;
  phoneIndex: Buffer | null;
  dedupeIndex: Buffer;
  birthYear: number;
  sex: string;
  ethnicMinority: boolean;
  disability: boolean;
  poverty: string;
  noSmartphone: boolean;
}

/** The column values the import stores for these people (same cipher keys as the api), computed before timing. */
function baselineRows(people: Person[]): BaselineRow[] {
  const cipher = new PersonalDataCipher(parsePersonalDataKeys(runKeys.PII_ENCRYPTION_KEYS, runKeys.PII_ENCRYPTION_KEY_ID, runKeys.PII_INDEX_KEY));
  const codec = new ResidentPersonalDataCodec(cipher);
  return people.map((p) => {
    const id = uuidv7();
    const data: ResidentPersonalData = { fullName: p.fullName, birthDate: p.birthDate, cccd: p.cccd, phone: p.phone };
    const idx = codec.indexes(data, COMMUNE_CODE);
    return {
      id,
      villageCode: p.villageCode,
      path: p.villagePath ?? COMMUNE_PATH,
      personalData: codec.encrypt(id, data),
      nameTokens: `{${idx.nameTokens.join(',')}}`,
      cccdIndex: idx.cccdIndex as Buffer,
      phoneIndex: idx.phoneIndex,
      dedupeIndex: idx.dedupeIndex,
      birthYear: Number(p.birthDate.slice(0, 4)),
      sex: p.sex,
      ethnicMinority: p.ethnicMinority,
      disability: p.disability,
      poverty: p.poverty,
      noSmartphone: p.noSmartphone,
    };
  });
}

interface BaselineRun {
  label: string;
  seconds: number;
  rows_per_s: number;
}

const SCRATCH = ['bench_baseline_residents', 'bench_baseline_consents', 'bench_baseline_audit'];

async function dropScratch(db: Client): Promise<void> {
  for (const t of SCRATCH) await db.query(`DROP TABLE IF EXISTS ${t}`);
}

/** One pass: fresh copies of the three tables (columns, defaults, checks, indexes), then the rows, 1,000 per transaction. */
async function runBaseline(label: string, db: Client, rows: BaselineRow[], officerId: string): Promise<BaselineRun> {
  await dropScratch(db);
  await db.query(`CREATE TABLE bench_baseline_residents (LIKE identity_residents INCLUDING ALL)`);
  await db.query(`CREATE TABLE bench_baseline_consents (LIKE identity_consents INCLUDING ALL)`);
  await db.query(`CREATE TABLE bench_baseline_audit (LIKE audit_events INCLUDING ALL)`);
  const started = performance.now();
  for (let from = 0; from < rows.length; from += BATCH) {
    const batch = rows.slice(from, from + BATCH);
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO bench_baseline_residents (id, commune_code, village_code, path, personal_data, name_tokens, cccd_index, phone_index,
                                             dedupe_index, birth_year, sex, ethnic_minority, disability, poverty, no_smartphone,
                                             registered_by, registration_method)
       SELECT r.id, $1, r.village_code, r.path::ltree, r.personal_data, r.name_tokens::bigint[], r.cccd_index, r.phone_index,
              r.dedupe_index, r.birth_year, r.sex, r.ethnic_minority, r.disability, r.poverty, r.no_smartphone, $2, 'import'
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::bytea[], $7::text[], $8::bytea[], $9::bytea[], $10::bytea[],
                     $11::smallint[], $12::text[], $13::boolean[], $14::boolean[], $15::text[], $16::boolean[])
           AS r(id, village_code, path, personal_data, name_tokens, cccd_index, phone_index, dedupe_index, birth_year, sex,
                ethnic_minority, disability, poverty, no_smartphone)`,
      [
        COMMUNE_CODE,
        officerId,
        batch.map((r) => r.id),
        batch.map((r) => r.villageCode),
        batch.map((r) => r.path),
        batch.map((r) => r.personalData),
        batch.map((r) => r.nameTokens),
        batch.map((r) => r.cccdIndex),
        batch.map((r) => r.phoneIndex),
        batch.map((r) => r.dedupeIndex),
        batch.map((r) => r.birthYear),
        batch.map((r) => r.sex),
        batch.map((r) => r.ethnicMinority),
        batch.map((r) => r.disability),
        batch.map((r) => r.poverty),
        batch.map((r) => r.noSmartphone),
      ],
    );
    await db.query(
      `INSERT INTO bench_baseline_consents (resident_id, purpose, method, recorded_by)
       SELECT id, 'training_records', 'paper_form', $2 FROM unnest($1::uuid[]) AS id`,
      [batch.map((r) => r.id), officerId],
    );
    await db.query(
      `INSERT INTO bench_baseline_audit (actor_account_id, actor_role, action, target_type, target_id, unit_path, details)
       SELECT $1, 'commune_officer', 'resident.create', 'resident', e.id, e.path::ltree, e.details
         FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS e(id, path, details)`,
      [
        officerId,
        batch.map((r) => r.id),
        batch.map((r) => r.path),
        batch.map(() => JSON.stringify({ importId: officerId, consent: { purposes: ['training_records'], method: 'paper_form' } })),
      ],
    );
    await db.query('COMMIT');
  }
  const seconds = (performance.now() - started) / 1000;
  await dropScratch(db);
  return { label, seconds: round(seconds, 2), rows_per_s: round(rows.length / seconds, 0) };
}

// ---- verification ----

async function verify(
  db: Client,
  baseUrl: string,
  token: string,
  sample: Person[],
  first: UploadRun,
  second: UploadRun,
): Promise<Verification> {
  const failures: unknown[] = [];
  const examples: unknown[] = [];
  let checked = 0;
  const check = (name: string, ok: boolean, detail: unknown) => {
    checked++;
    if (!ok) failures.push({ check: name, detail });
    else if (examples.length < 8) examples.push({ check: name, detail });
  };
  const firstOk = first.status === 201 && first.body.total === ROWS && first.body.created === ROWS && first.body.rejected === 0;
  check('first upload: 201, 100,000 created, 0 rejected', firstOk, {
    status: first.status,
    total: first.body.total,
    created: first.body.created,
    rejected: first.body.rejected,
  });
  const secondOk = second.status === 201 && second.body.unchanged === ROWS && second.body.created === 0 && second.body.updated === 0;
  check('re-upload: 201, 100,000 unchanged, nothing created or updated', secondOk, {
    status: second.status,
    unchanged: second.body.unchanged,
    created: second.body.created,
    updated: second.body.updated,
  });
  const [counts] = (
    await db.query(
      `SELECT count(*)::int AS residents, count(DISTINCT cccd_index)::int AS cccds,
              (SELECT count(*)::int FROM identity_consents c JOIN identity_residents x ON x.id = c.resident_id
                WHERE x.registration_method = 'import' AND c.method = 'paper_form' AND c.purpose = 'training_records') AS consents,
              (SELECT count(*)::int FROM identity_residents) AS all_residents
         FROM identity_residents WHERE commune_code = $1 AND registration_method = 'import' AND status = 'active'`,
      [COMMUNE_CODE],
    )
  ).rows as Array<{ residents: number; cccds: number; consents: number; all_residents: number }>;
  check(
    'database: exactly 100,000 imported residents in the commune, 100,000 distinct CCCDs, one paper consent each',
    counts.residents === ROWS && counts.cccds === ROWS && counts.consents === ROWS,
    counts,
  );
  const imports = (await db.query(`SELECT status, total, created, unchanged, rejected FROM identity_resident_imports ORDER BY started_at`)).rows;
  check(
    'import records: both completed with the answered counts',
    imports.length === 2 && imports.every((r) => r.status === 'completed') && imports[0].created === ROWS && imports[1].unchanged === ROWS,
    imports,
  );
  let wrong = 0;
  for (const p of sample) {
    const res = await fetch(`${baseUrl}/api/v1/residents?communeCode=${COMMUNE_CODE}&cccd=${p.cccd}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5000),
    });
    const body = (await res.json()) as { items?: Array<Record<string, unknown>> };
    const item = body.items?.[0];
    const ok =
      res.status === 200 &&
      body.items?.length === 1 &&
      normalizeForCheck(String(item?.fullName)) === normalizeForCheck(p.fullName) &&
      item?.fullName === p.fullName &&
      item?.birthDate === p.birthDate &&
      item?.villageCode === p.villageCode &&
      item?.sex === p.sex;
    if (!ok) wrong++;
    if (!ok && failures.length < 20) failures.push({ check: 'sampled resident', cccd: `…${p.cccd.slice(-4)}`, status: res.status, got: item ?? null });
  }
  check(`${sample.length} sampled rows found by CCCD through the api with the file's name, birth date, sex and village`, wrong === 0, {
    sampled: sample.length,
    wrong,
  });
  return {
    passed: failures.length === 0,
    checked,
    failed: failures.length,
    method:
      'both answers (counts); the database (imported residents of the commune, distinct CCCD hashes, paper consents, import records); ' +
      `${VERIFY_SAMPLES} rows of the file looked up by CCCD through GET /api/v1/residents as the commune officer`,
    examples,
    failures,
  };
}

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export const residentImport: JobScenarioDefinition = {
  name: 'resident-import',
  title: 'Bulk import of 100,000 residents from a CSV file (then the same file again)',
  measures:
    `POST /api/v1/resident-imports?communeCode=${COMMUNE_CODE} with a generated ${ROWS.toLocaleString('en-US')}-row CSV streamed as the body, ` +
    'through the api with its production settings (request logging on); rows per second of the first upload and the api process\'s peak RSS',
  services: ['api'],
  budgetS: 900,

  async run(ctx: JobContext): Promise<JobResult> {
    const api = ctx.system.services.api;
    if (!api) throw new Error('resident-import needs the api');
    const pid = api.process.child.pid;
    if (!pid) throw new Error('api has no pid');
    const db = new Client({ connectionString: ctx.settings.databaseUrl });
    await db.connect();
    const dir = mkdtempSync(join(tmpdir(), 'hvs-bench-import-'));
    try {
      const villages = (
        await db.query(`SELECT code, path::text AS path FROM geo_villages WHERE commune_code = $1 AND archived_at IS NULL ORDER BY code`, [COMMUNE_CODE])
      ).rows as Array<{ code: string; path: string }>;
      if (villages.length === 0) throw new Error(`the demo commune ${COMMUNE_CODE} has no villages`);
      const officer = (await db.query(`SELECT id FROM identity_accounts WHERE username = $1`, [OFFICER])).rows[0] as { id: string } | undefined;
      if (!officer) throw new Error(`demo account ${OFFICER} not found`);

      log(`generating ${fmt(ROWS)} rows…`);
      const file = join(dir, 'residents.csv');
      writeFileSync(file, `${HEADER.join(',')}\n`);
      const people: Person[] = [];
      let chunk: string[] = [];
      for (let i = 0; i < ROWS; i++) {
        const p = person(ctx.rng, i, villages);
        people.push(p);
        chunk.push(csvLine(p, ctx.rng));
        if (chunk.length === 5000) {
          appendFileSync(file, `${chunk.join('\n')}\n`);
          chunk = [];
        }
      }
      if (chunk.length) appendFileSync(file, `${chunk.join('\n')}\n`);
      const fileBytes = statSync(file).size;
      const step = Math.floor(ROWS / VERIFY_SAMPLES);
      const sample = people.filter((_p, i) => i % step === 0).slice(0, VERIFY_SAMPLES);
      const rows = baselineRows(people);
      people.length = 0;
      log(`${fmt(ROWS)} rows, ${(fileBytes / 1_048_576).toFixed(1)} MiB; baseline rows computed`);

      const baseline1 = await runBaseline('before the uploads', db, rows, officer.id);
      log(`baseline (raw INSERT through pg), before: ${fmt(baseline1.rows_per_s)} rows/s in ${baseline1.seconds}s`);
      await db.query('CHECKPOINT');
      await sleep(1000);

      const token = await login(api.baseUrl);
      const first = await upload('first upload (all new)', api.baseUrl, token, file, pid);
      log(`first upload: HTTP ${first.status}, ${fmt(first.rows_per_s)} rows/s in ${first.seconds}s, api peak RSS ${first.api_rss_peak_during_mb} MB`);
      if (first.status !== 201) throw new Error(`first upload failed: HTTP ${first.status} ${JSON.stringify(first.body).slice(0, 300)}`);
      await db.query('CHECKPOINT');
      await sleep(1000);
      const second = await upload('re-upload (all unchanged)', api.baseUrl, token, file, pid);
      log(`re-upload: HTTP ${second.status}, ${fmt(second.rows_per_s)} rows/s in ${second.seconds}s, api peak RSS ${second.api_rss_peak_during_mb} MB`);

      const baseline2 = await runBaseline('after the uploads', db, rows, officer.id);
      log(`baseline (raw INSERT through pg), after: ${fmt(baseline2.rows_per_s)} rows/s in ${baseline2.seconds}s`);
      const baselineRowsPerS = round((baseline1.rows_per_s + baseline2.rows_per_s) / 2, 0);

      log('verifying…');
      const verification = await verify(db, api.baseUrl, await login(api.baseUrl), sample, first, second);
      const hwm = processMemory(pid)?.hwmMb ?? null;
      const peakRss = hwm ?? Math.max(first.api_rss_peak_during_mb ?? 0, second.api_rss_peak_during_mb ?? 0);
      const ratio = round(first.rows_per_s / baselineRowsPerS, 3);

      return {
        figures: {
          rows: ROWS,
          file_bytes: fileBytes,
          rows_per_s: first.rows_per_s,
          seconds: first.seconds,
          reupload_rows_per_s: second.rows_per_s,
          reupload_seconds: second.seconds,
          api_peak_rss_mb: peakRss === null ? null : round(peakRss, 1),
          api_rss_before_mb: first.api_rss_before_mb,
          api_cpu_s: first.api_cpu_s,
          baseline_rows_per_s: baselineRowsPerS,
          ratio,
        },
        baseline: {
          name: 'pg-multirow-insert',
          description:
            'the same 100,000 people as the column values the import stores (same cipher keys: same blob sizes, keyed hashes and name tokens), ' +
            'inserted from the bench process through one pg connection into fresh copies of identity_residents, identity_consents and ' +
            'audit_events (LIKE … INCLUDING ALL: defaults, checks, indexes), one multi-row INSERT per table per transaction of 1,000 rows; ' +
            'values computed before timing; run before and after the uploads, figure = mean of the two',
          rows_per_s: baselineRowsPerS,
          runs: [baseline1, baseline2],
        },
        targets: [
          { name: 'rows_per_s', target: `>= ${fmt(MIN_ROWS_PER_S)} rows/s (first upload)`, actual: first.rows_per_s, passed: first.rows_per_s >= MIN_ROWS_PER_S },
          {
            name: 'api_peak_rss_mb',
            target: `< ${MAX_PEAK_RSS_MB} MB (api VmHWM: peak resident memory since start)`,
            actual: peakRss === null ? 'n/a' : round(peakRss, 1),
            passed: peakRss !== null && peakRss < MAX_PEAK_RSS_MB,
          },
        ],
        verification,
        inputs: {
          rows: ROWS,
          file_bytes: fileBytes,
          commune: COMMUNE_CODE,
          villages: villages.map((v) => v.code),
          columns: HEADER,
          generation:
            'seeded: Vietnamese names (family, 1-2 middle, given by sex), birth dates 1935-2007 (half dd/mm/yyyy, half yyyy-mm-dd), ' +
            'CCCD valid for birth year and sex (75% registered in Quảng Ninh) with the row number as serial (unique), 85% with a mobile ' +
            'number, 90% in a village of the commune, inclusion flags at plausible rates, consent "x" or "có" on every row',
          verify_samples: sample.length,
        },
        method: {
          rows_per_s: 'rows in the file / seconds from the first byte sent to the whole answer received (one HTTP request, file streamed from disk)',
          api_peak_rss_mb:
            'VmHWM of the api process (/proc/<pid>/status) after both uploads: its peak resident set since it started; ' +
            'VmRSS also sampled every 50 ms during each upload',
          api_cpu_s: 'utime + stime of the api process during the first upload (/proc/<pid>/stat)',
          ratio: 'first-upload rows/s / baseline rows/s',
        },
        summary: [
          `file: ${fmt(ROWS)} rows, ${(fileBytes / 1_048_576).toFixed(1)} MiB CSV, commune ${COMMUNE_CODE}`,
          `first upload (all new):      ${fmt(first.rows_per_s).padStart(7)} rows/s  (${first.seconds}s; api CPU ${first.api_cpu_s}s = ${first.api_cpu_pct}% of a core; ` +
            `created ${String(first.body.created)}, rejected ${String(first.body.rejected)})`,
          `re-upload (all unchanged):   ${fmt(second.rows_per_s).padStart(7)} rows/s  (${second.seconds}s; api CPU ${second.api_cpu_s}s = ${second.api_cpu_pct}% of a core; ` +
            `unchanged ${String(second.body.unchanged)}, created ${String(second.body.created)})`,
          `baseline pg multi-row INSERT: ${fmt(baselineRowsPerS).padStart(6)} rows/s  (before ${fmt(baseline1.rows_per_s)}, after ${fmt(baseline2.rows_per_s)}); ` +
            `ratio first upload / baseline = ${ratio}`,
          `api memory: RSS ${first.api_rss_before_mb} MB before, peak sampled ${first.api_rss_peak_during_mb} / ${second.api_rss_peak_during_mb} MB during the uploads, ` +
            `VmHWM ${hwm === null ? 'n/a' : round(hwm, 1)} MB`,
        ],
        runs: [baseline1, first, second, baseline2],
      };
    } finally {
      await db.end().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
