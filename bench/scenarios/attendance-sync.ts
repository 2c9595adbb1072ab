/**
 * attendance-sync (issue #5): phones of instructors uploading the attendance they took offline, in
 * batches of 100 marks, 10 % of the batches sent again (the phone did not get the answer).
 *
 *   POST /api/v1/attendance/sync   Authorization: Bearer <the instructor's token>   Idempotency-Key: bench-<n>
 *   { "deviceId": "phone-…", "marks": [{ "id", "sessionId", "residentId", "status", "remark"?, "deviceTime" }, … 100 ] }
 *
 * Each batch is one device of one class (two instructors per class, so two devices mark the same
 * residents and the later device time must win): 2 sessions of the class x its 50 enrolled residents.
 * The api checks every mark (reach, window, roster), resolves conflicts with the current marks (rows
 * locked), stores every mark, the current marks and their history, evaluates the course-completion rule
 * for residents whose session became attended, and stores the answer under the key, in one transaction.
 * A re-sent batch gets the stored answer.
 *
 * Compared with `pg-marks-insert-direct`, as the issue defines the baseline: the same batches, in the
 * same order (re-sent ones included), each inserted into a copy of the marks table (foreign keys
 * included) with one 100-row INSERT through pg, no HTTP, as many in flight as the scenario has
 * connections. Also measured, without a target: `pg-marks-insert`, the same INSERT behind a bare Fastify
 * route (what HTTP and JSON add). Targets: ratio >= 0.2 (ops and marks alike: every request carries
 * 100 marks), at least 5,000 marks/s, p95 < 150 ms per batch, no errors.
 *
 * Inputs: a few hundred classes of the core course in the demo commune, with their sessions over the
 * last 20 days, enrolled residents (bench/lib/residents.ts) and instructor accounts, written straight
 * into the database; tokens signed with the run's JWT secret, as the api signs them. A batch's content
 * is a pure function of (seed, batch number), its mark ids encode the batch number, so the
 * verification recomputes what was sent without keeping it.
 *
 * Verification: stored marks == 100 x the batches the api committed (every mark stored once, none
 * lost, none doubled: re-sent batches stored nothing); every current mark is the latest (device time,
 * then id) of its (session, resident); one current mark per pair that has marks; the accepted marks are
 * exactly the current ones; no mark rejected; 20 committed batches sent again answer byte for byte what
 * was stored and write nothing.
 */
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { parsePersonalDataKeys, PersonalDataCipher, ResidentPersonalDataCodec } from '@hvs/identity';
import { vietnamDayFromToday } from '@hvs/platform';
import { Checks } from '../lib/checks';
import { http } from '../lib/http';
import type { HttpRequestSpec } from '../lib/load';
import { log } from '../lib/processes';
import { seedResidents } from '../lib/residents';
import type { BenchSettings } from '../lib/settings';
import { runKeys } from '../lib/system';
import { createRng } from '../lib/text';
import type { ScenarioContext, ScenarioDefinition, Verification } from '../lib/types';

const COMMUNE_CODE = '06673';
const COURSE_CODE = 'KNS-CB';
const CLASSES = 240;
const CLASS_SIZE = 50;
const SESSIONS_PER_CLASS = 20;
const SESSIONS_PER_BATCH = 2;
const MARKS_PER_BATCH = SESSIONS_PER_BATCH * CLASS_SIZE;
const DEVICES_PER_CLASS = 2;
const RESEND_SHARE = 0.1;
/** How far back a re-sent batch may be (batches whose bodies are kept). */
const RESEND_WINDOW = 400;
const ACCESS_TOKEN_TTL_S = 900;
const SYNC_PATH = '/api/v1/attendance/sync';
const STATUSES: Array<[string, number]> = [
  ['present', 0.7],
  ['late', 0.1],
  ['excused', 0.05],
  ['absent', 0.15],
];

interface BenchClass {
  id: string;
  sessions: Array<{ id: string; day: string }>;
  residents: string[];
  devices: Array<{ accountId: string; token: string; deviceId: string }>;
}

interface Batch {
  index: number;
  key: string;
  token: string;
  body: string;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
/** The mark id: the batch number and the mark's position in it, readable back from the id (a valid UUID v4 form). */
const markId = (tag: string, batch: number, j: number) => `${hex(batch, 8)}-${hex(j, 4)}-4000-8000-${tag}`;
const batchOfMarkId = (id: string) => parseInt(id.slice(0, 8), 16);

/** An instant as a phone in Vietnam writes it: ISO 8601 with +07:00. */
function vietnamIso(ms: number): string {
  return new Date(ms + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
}

function drawStatus(rng: () => number): string {
  let x = rng();
  for (const [status, p] of STATUSES) if ((x -= p) < 0) return status;
  return 'absent';
}

/**
 * The batches of a run, as one device sequence: batch n's content is a pure function of (seed, n);
 * each request is the next new batch, or (RESEND_SHARE) one of the last RESEND_WINDOW again. Two
 * generators with the same seed give the same requests: one feeds the api, one each baseline.
 */
class BatchSequence {
  private readonly rng: () => number;
  private readonly recent: Batch[] = [];
  /** New batches handed out (their numbers are 0..created-1). */
  created = 0;
  resent = 0;

  constructor(
    private readonly seed: number,
    private readonly tag: string,
    private readonly classes: BenchClass[],
  ) {
    this.rng = createRng(seed ^ 0x5eed);
  }

  next(): Batch {
    if (this.recent.length > 20 && this.rng() < RESEND_SHARE) {
      this.resent++;
      return this.recent[Math.floor(this.rng() * this.recent.length)];
    }
    const batch = this.batch(this.created++);
    this.recent.push(batch);
    if (this.recent.length > RESEND_WINDOW) this.recent.shift();
    return batch;
  }

  /** Batch n, from scratch. */
  batch(index: number): Batch {
    const rng = createRng((this.seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
    const cls = this.classes[Math.floor(rng() * this.classes.length)];
    const device = cls.devices[Math.floor(rng() * cls.devices.length)];
    const first = Math.floor(rng() * cls.sessions.length);
    let second = Math.floor(rng() * (cls.sessions.length - 1));
    if (second >= first) second++;
    const marks: Array<Record<string, unknown>> = [];
    for (const s of [cls.sessions[first], cls.sessions[second]]) {
      // taken during the session: 07:00-11:00 that day, Vietnam time
      const base = Date.parse(`${s.day}T07:00:00+07:00`);
      for (const residentId of cls.residents) {
        const status = drawStatus(rng);
        const mark: Record<string, unknown> = {
          id: markId(this.tag, index, marks.length),
          sessionId: s.id,
          residentId,
          status,
          deviceTime: vietnamIso(base + Math.floor(rng() * 4 * 3_600_000)),
        };
        if (status === 'late' && rng() < 0.3) mark.remark = 'Đến muộn vì đi làm đồng về';
        marks.push(mark);
      }
    }
    return { index, key: `bench-${index}`, token: device.token, body: JSON.stringify({ deviceId: device.deviceId, marks }) };
  }
}

function checkTokenWindow(settings: BenchSettings): string | null {
  // three measured runs per round (the two baselines, the api), each with a warm-up the first time
  const seconds = 3 * (settings.warmupS + settings.rounds * (settings.durationS + 3)) + 120;
  return seconds > ACCESS_TOKEN_TTL_S - 60 ? 'the run would outlive the access tokens: lower BENCH_ROUNDS or BENCH_DURATION' : null;
}

export const attendanceSync: ScenarioDefinition = {
  name: 'attendance-sync',
  title: 'Offline attendance uploaded by instructors\' phones (batches of 100 marks, 10 % re-sent)',
  measures:
    'POST /api/v1/attendance/sync with 100 marks, an instructor bearer token and an Idempotency-Key, 10 % of the batches re-sent: ' +
    'access guard, validation, every mark checked (class reached, window, roster), current marks locked and conflicts resolved ' +
    '(later device time wins), every mark + current marks + history written, completion rule evaluated for residents whose ' +
    'session became attended, the answer stored under the key, audit entry, one transaction; a re-sent batch answered from the store; ' +
    'request logging ON. Ratio on marks/s = ops/s x 100 on both sides',
  services: ['api'],
  baseline: 'pg-marks-insert-direct',
  extraBaselines: ['pg-marks-insert'],
  connections: 50,
  targets: { minRatio: 0.25, maxTailP95OverP50: 3, maxErrors: 0, minThroughput: { unit: 'marks', perOp: MARKS_PER_BATCH, min: 5000 } },
  prepareBudgetS: 240,

  checkSettings: checkTokenWindow,

  async prepare(ctx: ScenarioContext) {
    const api = ctx.system.services.api;
    if (!api) throw new Error('attendance-sync needs the api');
    const keys = { ...runKeys, ...ctx.system.appEnvOverrides };
    const codec = new ResidentPersonalDataCodec(
      new PersonalDataCipher(parsePersonalDataKeys(keys.PII_ENCRYPTION_KEYS, keys.PII_ENCRYPTION_KEY_ID, keys.PII_INDEX_KEY)),
    );
    const jwt = new JwtService({ secret: keys.JWT_SECRET });
    const tag = hex(Math.floor(ctx.rng() * 2 ** 32), 8) + hex(Math.floor(ctx.rng() * 2 ** 16), 4);
    const classes: BenchClass[] = [];
    let seededMs = 0;

    const client = new Client({ connectionString: ctx.settings.databaseUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      const version = await client.query<{ id: string }>(
        `SELECT v.id FROM learning_course_versions v JOIN learning_courses c ON c.id = v.course_id WHERE c.code = $1 AND v.status = 'published'`,
        [COURSE_CODE],
      );
      if (version.rows.length !== 1) throw new Error(`attendance-sync: the ${COURSE_CODE} course has no published version (reference data missing?)`);
      const versionId = version.rows[0].id;
      const commune = await client.query<{ path: string }>(`SELECT path::text AS path FROM geo_communes WHERE code = $1`, [COMMUNE_CODE]);
      const communePath = commune.rows[0].path;

      const wanted = CLASSES * CLASS_SIZE;
      log(`attendance-sync: seeding ${wanted} residents in commune ${COMMUNE_CODE}…`);
      const seeded = await seedResidents(client, codec, ctx.rng, { communeCode: COMMUNE_CODE, target: wanted + 10 });
      seededMs = seeded.ms;
      const residents = [...seeded.residents.keys()].sort().slice(0, wanted);
      if (residents.length < wanted) throw new Error(`attendance-sync: ${residents.length} residents, ${wanted} needed`);

      const started = Date.now();
      await client.query('BEGIN');
      const days = Array.from({ length: SESSIONS_PER_CLASS }, (_, i) => vietnamDayFromToday(-i));
      for (let c = 0; c < CLASSES; c++) {
        const devices = Array.from({ length: DEVICES_PER_CLASS }, (_, d) => {
          const accountId = uuidv7();
          return {
            accountId,
            deviceId: `phone-${c}-${d}`,
            token: jwt.sign({ sub: accountId, role: 'instructor', epoch: 0 }, { algorithm: 'HS256', issuer: 'hocvuso', audience: 'hocvuso-api', expiresIn: ACCESS_TOKEN_TTL_S }),
          };
        });
        classes.push({
          id: uuidv7(),
          sessions: days.map((day) => ({ id: uuidv7(), day })),
          residents: residents.slice(c * CLASS_SIZE, (c + 1) * CLASS_SIZE),
          devices,
        });
      }
      const devices = classes.flatMap((c) => c.devices);
      await client.query(
        `INSERT INTO identity_accounts (id, role, username, display_name, scope_commune_code, scope_path)
         SELECT a.id, 'instructor', a.username, 'Giảng viên thử', $3, $4::ltree FROM unnest($1::uuid[], $2::text[]) AS a(id, username)`,
        [devices.map((d) => d.accountId), devices.map((d) => `gv.bench.${d.deviceId}`), COMMUNE_CODE, communePath],
      );
      await client.query(
        `INSERT INTO classes_classes (id, commune_code, path, name, course_version_id, capacity, status, starts_on)
         SELECT c.id, $2, $3::ltree, 'Lớp kỹ năng số ' || c.n, $4, 60, 'open', $5::date FROM unnest($1::uuid[]) WITH ORDINALITY AS c(id, n)`,
        [classes.map((c) => c.id), COMMUNE_CODE, communePath, versionId, vietnamDayFromToday(-40)],
      );
      await client.query(
        `INSERT INTO classes_staff (class_id, account_id, kind) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])`,
        [classes.flatMap((c) => c.devices.map(() => c.id)), devices.map((d) => d.accountId), devices.map((_, i) => (i % 2 ? 'volunteer' : 'instructor'))],
      );
      await client.query(
        `INSERT INTO classes_enrolments (id, class_id, resident_id, enrolled_at)
         SELECT gen_random_uuid(), e.class_id, e.resident_id, now() - interval '40 days' FROM unnest($1::uuid[], $2::uuid[]) AS e(class_id, resident_id)`,
        [classes.flatMap((c) => c.residents.map(() => c.id)), classes.flatMap((c) => c.residents)],
      );
      await client.query(
        `INSERT INTO classes_sessions (id, class_id, kind, date, number) SELECT s.id, s.class_id, 'class', s.day::date, 1
           FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS s(id, class_id, day)`,
        [classes.flatMap((c) => c.sessions.map((s) => s.id)), classes.flatMap((c) => c.sessions.map(() => c.id)), classes.flatMap((c) => c.sessions.map((s) => s.day))],
      );
      await client.query('COMMIT');
      for (const table of ['identity_accounts', 'classes_classes', 'classes_staff', 'classes_enrolments', 'classes_sessions']) await client.query(`VACUUM ANALYZE ${table}`);
      log(
        `attendance-sync: ${CLASSES} classes, ${CLASSES * SESSIONS_PER_CLASS} sessions, ${wanted} enrolments, ${devices.length} instructor devices ` +
          `written in ${((Date.now() - started) / 1000).toFixed(1)}s`,
      );
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await client.end();
    }

    const load = new BatchSequence(ctx.settings.seed, tag, classes);
    // each baseline gets the very sequence the api gets (same batches, same order, same re-sends)
    const direct = new BatchSequence(ctx.settings.seed, tag, classes);
    const overHttp = new BatchSequence(ctx.settings.seed, tag, classes);
    const toApi = (): HttpRequestSpec => {
      const b = load.next();
      return {
        method: 'POST',
        path: SYNC_PATH,
        headers: { authorization: `Bearer ${b.token}`, 'idempotency-key': b.key, 'content-type': 'application/json' },
        body: b.body,
      };
    };
    const toBaseline = (sequence: BatchSequence) => (): HttpRequestSpec => {
      const b = sequence.next();
      return { method: 'POST', path: '/marks', headers: { 'content-type': 'application/json' }, body: b.body };
    };

    return {
      load: {
        baseUrl: api.baseUrl,
        description: `POST ${SYNC_PATH} with ${MARKS_PER_BATCH} marks (2 sessions x 50 residents of one class, one of its 2 devices), ${RESEND_SHARE * 100} % re-sent batches`,
        next: toApi,
      },
      baselineRequests: {
        'pg-marks-insert-direct': {
          description: 'INSERT of each batch\'s 100 marks through pg (no HTTP): the same batches in the same order (re-sent ones included)',
          next: toBaseline(direct),
        },
        'pg-marks-insert': { description: `POST /marks: the same batches in the same order (re-sent ones included), no token`, next: toBaseline(overHttp) },
      },
      inputs: {
        course: COURSE_CODE,
        classes: CLASSES,
        sessions_per_class: SESSIONS_PER_CLASS,
        residents_per_class: CLASS_SIZE,
        devices: CLASSES * DEVICES_PER_CLASS,
        marks_per_batch: MARKS_PER_BATCH,
        resend_share: RESEND_SHARE,
        statuses: Object.fromEntries(STATUSES),
        seed_residents_s: Math.round(seededMs / 100) / 10,
        get batches_generated() {
          return load.created;
        },
        get batches_resent() {
          return load.resent;
        },
      },
      verify: () => verify(api.baseUrl, ctx.settings.databaseUrl, load, ctx.connections),
    };
  },
};

async function verify(baseUrl: string, databaseUrl: string, sequence: BatchSequence, connections: number): Promise<Verification> {
  const checks = new Checks(16);
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  const count = async (sql: string, values: unknown[] = []) => Number((await client.query<{ n: string }>(sql, values)).rows[0].n);
  try {
    // the api finishes the requests it holds after the load generator stops: wait until nothing moves
    let last = -1;
    for (let i = 0; i < 60; i++) {
      const n = await count(`SELECT count(*) AS n FROM classes_attendance_marks`);
      if (n === last) break;
      last = n;
      await new Promise((r) => setTimeout(r, 500));
    }
    const committed = (await client.query<{ key: string }>(`SELECT idempotency_key AS key FROM classes_sync_batches`)).rows.map((r) => Number(r.key.slice('bench-'.length)));
    const committedSet = new Set(committed);
    const outside = committed.filter((n) => !(n >= 0 && n < sequence.created));
    checks.note({ check: 'committed batches are batches the load sent', committed: committed.length, generated: sequence.created }, outside.length ? `${outside.length} unknown keys` : null);
    const missing = sequence.created - committedSet.size;
    checks.note(
      { check: 'every batch handed to the load generator was committed (but those cut at the end of a run)', missing },
      missing <= 4 * connections ? null : `${missing} batches generated but not committed`,
    );

    // stored marks == distinct marks of the committed batches
    const stored = await count(`SELECT count(*) AS n FROM classes_attendance_marks`);
    checks.note(
      { check: 'stored marks == 100 x committed batches (each mark once)', stored, expected: committedSet.size * MARKS_PER_BATCH },
      stored === committedSet.size * MARKS_PER_BATCH ? null : `stored ${stored}, expected ${committedSet.size * MARKS_PER_BATCH}`,
    );
    const perBatch = await client.query<{ b: string; n: string }>(`SELECT substr(id::text, 1, 8) AS b, count(*) AS n FROM classes_attendance_marks GROUP BY 1`);
    const wrong = perBatch.rows.filter((r) => !committedSet.has(batchOfMarkId(r.b)) || Number(r.n) !== MARKS_PER_BATCH);
    checks.note({ check: 'marks grouped by batch: 100 each, all of committed batches', batches: perBatch.rows.length }, wrong.length ? `${wrong.length} batches wrong, e.g. ${JSON.stringify(wrong[0])}` : null);
    const rejected = await count(
      `SELECT count(*) AS n FROM classes_sync_batches b CROSS JOIN LATERAL jsonb_array_elements(b.response->'results') r WHERE r->>'outcome' IN ('rejected', 'duplicate')`,
    );
    checks.note({ check: 'no mark of a new batch rejected or duplicate' }, rejected === 0 ? null : `${rejected} rejected/duplicate marks`);

    // current marks: the latest of each pair
    const notLatest = await count(
      `SELECT count(*) AS n FROM classes_attendance a
        WHERE a.mark_id <> (SELECT m.id FROM classes_attendance_marks m WHERE m.session_id = a.session_id AND m.resident_id = a.resident_id
                             ORDER BY m.device_time DESC, m.id DESC LIMIT 1)`,
    );
    const current = await count(`SELECT count(*) AS n FROM classes_attendance`);
    checks.note({ check: 'every current mark is the latest (device time, then id) of its (session, resident)', current }, notLatest === 0 ? null : `${notLatest} current marks are not the latest`);
    const pairs = await count(`SELECT count(*) AS n FROM (SELECT DISTINCT session_id, resident_id FROM classes_attendance_marks) p`);
    checks.note({ check: 'one current mark per (session, resident) marked', pairs, current }, pairs === current ? null : `${pairs} pairs, ${current} current marks`);
    const accepted = await count(`SELECT count(*) AS n FROM classes_attendance_marks WHERE outcome = 'accepted'`);
    checks.note({ check: 'the accepted marks are exactly the current ones', accepted, current }, accepted === current ? null : `${accepted} accepted, ${current} current`);
    const superseded = stored - accepted;
    const changes = await count(`SELECT count(*) AS n FROM classes_attendance_changes`);
    checks.note({ check: 'history: at least one change per current mark', changes, superseded }, changes >= current ? null : `${changes} changes for ${current} current marks`);

    // a committed batch sent again: the stored answer, byte for byte, and nothing written
    const before = await count(`SELECT count(*) AS n FROM classes_attendance_marks`);
    const changesBefore = changes;
    for (const index of committed.slice(0, 20)) {
      const batch = sequence.batch(index);
      const storedAnswer = await client.query<{ response: unknown }>(`SELECT response FROM classes_sync_batches WHERE idempotency_key = $1`, [batch.key]);
      const res = await http(baseUrl, SYNC_PATH, {
        method: 'POST',
        headers: { authorization: `Bearer ${batch.token}`, 'idempotency-key': batch.key, 'content-type': 'application/json' },
        body: batch.body,
      });
      const same = res.status === 200 && res.text === JSON.stringify(storedAnswer.rows[0]?.response);
      checks.note({ check: 're-sent batch', key: batch.key, status: res.status }, same ? null : `HTTP ${res.status}: not the stored answer (${res.text.slice(0, 120)})`);
    }
    const after = await count(`SELECT count(*) AS n FROM classes_attendance_marks`);
    const changesAfter = await count(`SELECT count(*) AS n FROM classes_attendance_changes`);
    checks.note({ check: 're-sent batches wrote nothing' }, before === after && changesBefore === changesAfter ? null : `marks ${before} -> ${after}, changes ${changesBefore} -> ${changesAfter}`);
    checks.note({ check: 'figures', batches_committed: committedSet.size, batches_resent_by_load: sequence.resent, marks_stored: stored, current_marks: current, superseded, changes }, null);
  } finally {
    await client.end();
  }
  return checks.result(
    'stored marks == 100 x committed batches (mark ids encode their batch: each batch\'s 100 marks present once); no mark of a new batch ' +
    'rejected or duplicate; every current mark is the latest (device time, then id) of its (session, resident) and there is one per pair ' +
    'marked; accepted marks == current marks; at least one history line per current mark; 20 committed batches re-sent answer the ' +
    'stored answer byte for byte and write nothing',
  );
}
