/**
 * The coverage benchmarks' data (`npm run bench:seed -- --residents 10000000`): residents spread over
 * all 3,321 communes with a realistic skew, their consents, classes, sessions, enrolments, attendance,
 * course completions and certificates, written with COPY into a database set up by `cli setup`.
 *
 * Records are written as the app writes them: personal data encrypted with the run's keys
 * (ResidentPersonalDataCodec), keyed-hash indexes for lookup, valid CCCDs, uuid v7 ids, certificates
 * with real serials and credentials signed with the run's signing key (CredentialSigner). What the
 * generator does not write: the logs that only explain history (attendance marks and changes,
 * certificate state changes, audit events) and the outbox (nothing is pending after a seed).
 *
 * Reporting's projection (reporting_residents) is written by the generator from the same facts, with
 * reporting's own age-band rule; the counters are then rewritten from it with reporting's own statement
 * (REWRITE_COUNTS_SQL), and the daily series from the certificates. `coverage:verify` recounts all of it
 * from the base tables independently: after a seed it must report no difference.
 *
 * Every chunk of communes is one transaction (COPY into each table, then COMMIT) with
 * session_replication_role = replica, i.e. without the foreign-key triggers: the generator writes the
 * parents before the children and verify checks the result. Two chunks are in flight at once, so the
 * generator (Node) and the ingest (PostgreSQL) use the two cores together.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { randomBytes } from 'node:crypto';
import { credentialCourse, CredentialSigner, formatSerial, newVerificationCode, SigningKeyRing } from '@hvs/certificates';
import type { ResidentPersonalDataCodec } from '@hvs/identity';
import { normalizeSearchText, vietnamYear } from '@hvs/platform';
import { ageBandOn, REWRITE_COUNTS_SQL } from '@hvs/reporting';
import { randomPerson } from './residents';
import { pick, randomInt } from './text';

export interface CoverageSeedOptions {
  residents: number;
  rng: () => number;
  codec: ResidentPersonalDataCodec;
  signing: { CERTIFICATE_SIGNING_KEYS: string; CERTIFICATE_SIGNING_KEY_ID: string };
  publicUrl: string;
  /** The reference day of the projection (Vietnam's date), as the consumers would write it. */
  today: string;
  adultAge: number;
  /** Two connections to the seeded database: chunks are ingested on them in turn. */
  connections: [Client, Client];
  progress(message: string): void;
}

export interface CoverageSeedCounts {
  communes: number;
  villages: number;
  residents: number;
  minors: number;
  classes: number;
  sessions: number;
  enrolments: number;
  attendance: number;
  completions: number;
  certificates: Record<'recognised' | 'pending' | 'rejected' | 'failed' | 'revoked', number>;
  populations: number;
  targets: number;
}

interface Commune {
  code: string;
  provinceCode: string;
  path: string;
  fullName: string;
  type: 'xa' | 'phuong' | 'dac_khu';
  weight: number;
  /** The commune's share of residents certified (before the personal factors). */
  progress: number;
  residents: number;
  villages: Array<{ code: string; path: string; name: string }>;
}

/** Provinces (codes of 2025) with many mountain communes: more ethnic minorities, more poor households, lower progress (roughly). */
const MOUNTAIN_PROVINCES = new Set(['04', '08', '11', '12', '14', '15', '19', '20', '66', '68']);
const RESIDENTS_PER_VILLAGE = 100;
const CLASS_SIZE = 35;
const SESSIONS_PER_CLASS = 4;
/** Recognitions over the last 40 weeks, more of them lately. */
const HISTORY_DAYS = 280;
const CHUNK_RESIDENTS = 40_000;
/** Signatures in flight at most (they run on libuv's thread pool, beside the generator). */
const SIGN_IN_FLIGHT = 4000;

const CERTIFICATE_STATES = [
  ['recognised', 0.93],
  ['pending', 0.025],
  ['rejected', 0.02],
  ['failed', 0.01],
  ['revoked', 0.015],
] as const;
type CertificateState = (typeof CERTIFICATE_STATES)[number][0];

/**
 * uuid v7 ids (time-ordered, as the app's) from a pool of random bytes: the uuid package draws its
 * randomness per id, which at tens of millions of ids is a noticeable share of the seed's time.
 */
const uuidv7 = (() => {
  let pool = randomBytes(1 << 16);
  let at = 0;
  let lastMs = 0;
  let seq = 0;
  return (): string => {
    if (at + 10 > pool.length) {
      pool = randomBytes(1 << 16);
      at = 0;
    }
    const ms = Date.now();
    seq = ms === lastMs ? (seq + 1) & 0xfff : pool[at] & 0x7ff;
    lastMs = ms;
    const hex = ms.toString(16).padStart(12, '0');
    const r = pool.subarray(at, at + 8);
    at += 10;
    const variant = ((r[0] & 0x3f) | 0x80).toString(16).padStart(2, '0');
    const tail = r.subarray(1, 8).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${seq.toString(16).padStart(3, '0')}-${variant}${tail.slice(0, 2)}-${tail.slice(2, 14)}`;
  };
})();

/** COPY text format: \N for null, bytea as \\x<hex>, arrays as {a,b}; our text has no tab, newline or backslash. */
const N = '\\N';
const bytea = (b: Buffer | null) => (b ? `\\\\x${b.toString('hex')}` : N);
const bool = (b: boolean) => (b ? 't' : 'f');
const arr = (items: readonly (string | number)[]) => `{${items.join(',')}}`;

/** One table's rows of a chunk. */
class Rows {
  readonly lines: string[] = [];
  constructor(
    readonly table: string,
    readonly columns: string,
  ) {}
  add(values: readonly string[]): void {
    this.lines.push(values.join('\t'));
  }
}

function newChunk() {
  return {
    villages: new Rows('geo_villages', 'code, commune_code, seq, name, type, search_name, path'),
    residents: new Rows(
      'identity_residents',
      'id, commune_code, village_code, path, personal_data, name_tokens, cccd_index, phone_index, dedupe_index, birth_year, sex, ' +
        'ethnic_minority, disability, poverty, no_smartphone, registration_method, created_at, updated_at',
    ),
    consents: new Rows('identity_consents', 'id, resident_id, purpose, method, granted_at'),
    classes: new Rows('classes_classes', 'id, commune_code, village_code, path, name, course_version_id, capacity, schedule, place, starts_on, ends_on, status, created_at'),
    sessions: new Rows('classes_sessions', 'id, class_id, date, number, status, created_at, closed_at'),
    enrolments: new Rows('classes_enrolments', 'id, class_id, resident_id, enrolled_at'),
    attendance: new Rows('classes_attendance', 'session_id, resident_id, status, mark_id, device_time, updated_at'),
    completions: new Rows('learning_course_completions', 'resident_id, version_id, path, completed_at, via, class_id'),
    certificates: new Rows(
      'certificates_certificates',
      'id, resident_id, course_id, course_version_id, course_code, course_version_number, class_id, via, completed_at, serial, ' +
        'verification_code, commune_code, village_code, path, state, relayed_at, attempts, last_error, rejection_code, rejection_reason, ' +
        'partner_reference, recognised_at, issued_at, revoked_at, revocation_reason, partner_revoked_at, credential_jwt, credential_key_id, created_at, updated_at',
    ),
    projection: new Rows(
      'reporting_residents',
      'resident_id, commune_code, village_code, province_code, birth_year, age_band, band_changes_on, sex, ethnic_minority, disability, ' +
        'poverty, no_smartphone, enrolled, attended, completed, recognised, pending, rejected, failed, revoked, as_of, class_ids, attended_class_ids',
    ),
  };
}
type Chunk = ReturnType<typeof newChunk>;

async function copyRows(client: Client, rows: Rows): Promise<void> {
  if (rows.lines.length === 0) return;
  const stream = client.query(copyFrom(`COPY ${rows.table} (${rows.columns}) FROM STDIN`));
  const lines = rows.lines;
  await pipeline(
    Readable.from(
      (function* () {
        for (let i = 0; i < lines.length; i += 2000) yield `${lines.slice(i, i + 2000).join('\n')}\n`;
      })(),
    ),
    stream,
  );
}

/** Time spent by PostgreSQL taking in each table's rows (ms, all chunks): where the ingest goes. */
export const ingestMs: Record<string, number> = {};

/** Writes one chunk in one transaction, parents first. */
async function ingest(client: Client, chunk: Chunk): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL session_replication_role = replica`);
    for (const rows of [chunk.villages, chunk.residents, chunk.consents, chunk.classes, chunk.sessions, chunk.enrolments, chunk.attendance, chunk.completions, chunk.certificates, chunk.projection]) {
      const t = Date.now();
      await copyRows(client, rows);
      ingestMs[rows.table] = (ingestMs[rows.table] ?? 0) + Date.now() - t;
    }
    const t = Date.now();
    await client.query('COMMIT');
    ingestMs.commit = (ingestMs.commit ?? 0) + Date.now() - t;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const iso = (d: Date) => d.toISOString();
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/**
 * Seeds the database (already set up: reference and demo data) and returns what it wrote. Deterministic
 * for a given rng, apart from the ids' and codes' randomness.
 */
export async function seedCoverage(o: CoverageSeedOptions): Promise<CoverageSeedCounts> {
  const [db] = o.connections;
  const rng = o.rng;
  const now = new Date();
  const communes = await loadCommunes(db, o);
  const [version] = (
    await db.query<{ id: string; course_id: string; number: number; title: string; code: string }>(
      `SELECT v.id, v.course_id, v.number, v.title, c.code FROM learning_course_versions v JOIN learning_courses c ON c.id = v.course_id
        WHERE c.code = 'KNS-CB' AND v.status = 'published'`,
    )
  ).rows;
  if (!version) throw new Error('coverage seed: the published course KNS-CB is missing (run cli setup first)');
  const competencies = (await db.query<{ code: string; name: string }>(`SELECT code, name FROM learning_competencies ORDER BY position, code LIMIT 3`)).rows;
  const serialBase = new Map(
    (await db.query<{ province_code: string; year: number; last_value: number }>(`SELECT province_code, year, last_value FROM certificates_serial_counters`)).rows.map(
      (r) => [`${r.province_code}:${r.year}`, r.last_value],
    ),
  );
  const signer = new CredentialSigner(SigningKeyRing.fromEnv(o.signing), o.publicUrl);
  // a name's tokens are keyed hashes of its word prefixes: the same for everyone of that name, so they
  // are computed once per distinct name (the codec's own function, memoised on this instance)
  const tokensOf = o.codec.nameTokens.bind(o.codec);
  const tokenCache = new Map<string, string[]>();
  o.codec.nameTokens = (name: string) => {
    let tokens = tokenCache.get(name);
    if (!tokens) tokenCache.set(name, (tokens = tokensOf(name)));
    return tokens;
  };
  const deferred = await dropSecondaryIndexes(db);
  o.progress(`${deferred.length} secondary indexes of the bulk tables dropped, to be built again after the load`);

  const counts: CoverageSeedCounts = {
    communes: communes.length,
    villages: 0,
    residents: 0,
    minors: 0,
    classes: 0,
    sessions: 0,
    enrolments: 0,
    attendance: 0,
    completions: 0,
    certificates: { recognised: 0, pending: 0, rejected: 0, failed: 0, revoked: 0 },
    populations: 0,
    targets: 0,
  };
  const cccdSerials = new Map<string, number>();
  const started = Date.now();
  const inFlight: Array<Promise<void> | null> = [null, null];
  let turn = 0;
  let chunk = newChunk();
  let chunkResidents = 0;
  // the credentials being signed for rows of the current chunk (each fills its row when done)
  const pendingSignatures: Array<Promise<void>> = [];
  const flush = async () => {
    await Promise.all(pendingSignatures.splice(0));
    const slot = turn++ % 2;
    if (inFlight[slot]) await inFlight[slot];
    const full = chunk;
    inFlight[slot] = ingest(o.connections[slot], full);
    chunk = newChunk();
    chunkResidents = 0;
    const s = (Date.now() - started) / 1000;
    o.progress(`${counts.residents.toLocaleString('en')} residents generated (${Math.round(counts.residents / s).toLocaleString('en')}/s), ${counts.certificates.recognised.toLocaleString('en')} recognised`);
  };

  for (const commune of communes) {
    // villages: the commune's own (demo data), or new ones
    if (commune.villages.length === 0) {
      const n = Math.max(5, Math.min(60, Math.round(commune.residents / RESIDENTS_PER_VILLAGE)));
      for (let seq = 1; seq <= n; seq++) {
        const kind = villageKind(commune, rng);
        const name = `${kind.label} ${seq}`;
        const code = `${commune.code}-${String(seq).padStart(4, '0')}`;
        const path = `${commune.path}.${String(seq).padStart(4, '0')}`;
        chunk.villages.add([code, commune.code, String(seq), name, kind.type, normalizeSearchText(name), path]);
        commune.villages.push({ code, path, name });
        counts.villages++;
      }
    }
    const villageWeights = commune.villages.map(() => 0.4 + rng() * 1.6);
    const totalWeight = villageWeights.reduce((a, b) => a + b, 0);
    const villageOf = () => {
      let x = rng() * totalWeight;
      for (let i = 0; i < villageWeights.length; i++) if ((x -= villageWeights[i]) <= 0) return i;
      return villageWeights.length - 1;
    };
    const mountain = MOUNTAIN_PROVINCES.has(commune.provinceCode);
    // the classes being filled, per village
    const openClass: Array<{ id: string; sessions: Array<{ id: string; date: Date }>; size: number } | null> = commune.villages.map(() => null);

    for (let i = 0; i < commune.residents; i++) {
      const v = villageOf();
      const village = commune.villages[v];
      const minor = rng() < 0.03;
      const birthYears: [number, number] = minor ? [2009, 2011] : rng() < 0.25 ? [1941, 1965] : [1966, 2008];
      const homeProvince = commune.provinceCode;
      let person = randomPerson(rng, 0, { homeProvince, birthYears });
      const prefix = person.cccd!.slice(0, 6);
      const serial = (cccdSerials.get(prefix) ?? 700_000) + 1;
      cccdSerials.set(prefix, serial);
      person = { ...person, cccd: prefix + String(serial).padStart(6, '0') };
      const id = uuidv7();
      const data = { fullName: person.fullName, birthDate: person.birthDate, cccd: person.cccd, phone: person.phone };
      const indexes = o.codec.indexes(data, commune.code);
      const band = ageBandOn(person.birthDate, o.today, o.adultAge);
      const elderly = band.band === '60+';
      const ethnic = rng() < (mountain ? 0.55 : 0.06);
      const disability = rng() < 0.04;
      const povertyDraw = rng();
      const poverty = povertyDraw < (mountain ? 0.12 : 0.03) ? 'poor' : povertyDraw < (mountain ? 0.25 : 0.08) ? 'near_poor' : 'none';
      const noSmartphone = rng() < (elderly ? 0.4 : mountain ? 0.2 : 0.08);
      const registeredAt = addDays(now, -randomInt(rng, HISTORY_DAYS, HISTORY_DAYS + 200));
      chunk.residents.add([
        id, commune.code, village.code, village.path, bytea(o.codec.encrypt(id, data)), arr(indexes.nameTokens), bytea(indexes.cccdIndex),
        bytea(indexes.phoneIndex), bytea(indexes.dedupeIndex), String(person.birthYear), person.sex, bool(ethnic), bool(disability), poverty,
        bool(noSmartphone), rng() < 0.6 ? 'import' : 'assisted', iso(registeredAt), iso(registeredAt),
      ]);
      counts.residents++;
      if (minor) counts.minors++;
      chunk.consents.add([uuidv7(), id, 'training_records', 'assisted', iso(registeredAt)]);

      // how far this person got: the commune's progress, lower for those most often left behind
      const factor = (elderly ? 0.75 : 1) * (noSmartphone ? 0.6 : 1) * (ethnic ? 0.85 : 1) * (disability ? 0.7 : 1) * (poverty !== 'none' ? 0.85 : 1);
      const pComplete = Math.min(0.97, (commune.progress * factor) / 0.93);
      const completes = rng() < pComplete;
      const viaClass = completes && rng() < 0.85;
      const enrolled = viaClass || rng() < Math.min(0.6, pComplete * 0.5 + 0.05);
      const attends = viaClass || (enrolled && rng() < 0.75);
      const recognitionDay = Math.floor(HISTORY_DAYS * (1 - Math.sqrt(rng())));
      const recognisedAt = new Date(addDays(now, -recognitionDay - 1).getTime() + randomInt(rng, 0, 86_399) * 1000);

      let classId: string | null = null;
      let attendedClass = false;
      if (enrolled) {
        let klass = openClass[v];
        if (!klass || klass.size >= CLASS_SIZE) {
          const startsOn = addDays(recognisedAt, -7 * SESSIONS_PER_CLASS - 3);
          klass = { id: uuidv7(), sessions: [], size: 0 };
          const n = counts.classes + 1;
          chunk.classes.add([
            klass.id, commune.code, village.code, village.path, `Lớp kỹ năng số ${village.name} — khóa ${n % 100 || 100}`, version.id, '40',
            'Tối thứ Ba và thứ Năm, 19:00–20:30', `Nhà văn hóa ${village.name}`, day(startsOn), day(addDays(startsOn, 7 * (SESSIONS_PER_CLASS - 1))),
            'completed', iso(addDays(startsOn, -7)),
          ]);
          for (let s = 0; s < SESSIONS_PER_CLASS; s++) {
            const date = addDays(startsOn, 7 * s);
            const sessionId = uuidv7();
            klass.sessions.push({ id: sessionId, date });
            chunk.sessions.add([sessionId, klass.id, day(date), '1', 'closed', iso(date), iso(addDays(date, 0.1))]);
          }
          openClass[v] = klass;
          counts.classes++;
          counts.sessions += SESSIONS_PER_CLASS;
        }
        klass.size++;
        classId = klass.id;
        chunk.enrolments.add([uuidv7(), klass.id, id, iso(addDays(klass.sessions[0].date, -5))]);
        counts.enrolments++;
        // attendance: a completer came to at least 3 of the 4 sessions, others to 1 or 2 or none
        const present = viaClass ? (rng() < 0.6 ? 4 : 3) : attends ? randomInt(rng, 1, 2) : 0;
        for (let s = 0; s < klass.sessions.length; s++) {
          const session = klass.sessions[s];
          const came = s < present;
          if (!came && rng() < 0.7) continue; // many absences are never marked
          const status = came ? (rng() < 0.9 ? 'present' : 'late') : 'absent';
          const at = iso(new Date(session.date.getTime() + 19 * 3_600_000));
          chunk.attendance.add([session.id, id, status, uuidv7(), at, at]);
          counts.attendance++;
        }
        attendedClass = present > 0;
      }
      const completedAt = new Date(recognisedAt.getTime() - randomInt(rng, 3600, 72 * 3600) * 1000);
      if (completes) {
        chunk.completions.add([id, version.id, village.path, iso(completedAt), viaClass ? 'class' : 'self_paced', viaClass ? classId! : N]);
        counts.completions++;
      }
      let state: CertificateState | null = null;
      if (completes) {
        let x = rng();
        state = CERTIFICATE_STATES.find(([, p]) => (x -= p) < 0)?.[0] ?? 'recognised';
        counts.certificates[state]++;
        chunk.consents.add([uuidv7(), id, 'certificate_recognition', 'assisted', iso(registeredAt)]);
        const certificateId = uuidv7();
        const createdAt = new Date(completedAt.getTime() + 60_000);
        const year = vietnamYear(completedAt); // as the completion consumer numbers it
        const key = `${commune.provinceCode}:${year}`;
        const sequence = (serialBase.get(key) ?? 0) + 1;
        serialBase.set(key, sequence);
        const serial = formatSerial(commune.provinceCode, year, sequence);
        const signed = state === 'recognised' || state === 'revoked';
        const row = [
          certificateId, id, version.course_id, version.id, version.code, String(version.number), viaClass ? classId! : N, viaClass ? 'class' : 'self_paced',
          iso(completedAt), serial, newVerificationCode(), commune.code, village.code, village.path, state,
          state === 'pending' ? N : iso(new Date(createdAt.getTime() + 2000)), state === 'failed' ? '5' : state === 'pending' ? '0' : '1',
          state === 'failed' ? 'VNeID không phản hồi (hết thời gian chờ)' : N,
          state === 'rejected' ? 'CITIZEN_MISMATCH' : N, state === 'rejected' ? 'Họ tên không khớp với dữ liệu dân cư.' : N,
          signed ? `VNC-${certificateId.replace(/-/g, '').slice(12, 32).toUpperCase()}` : N,
          signed ? iso(recognisedAt) : N, signed ? iso(recognisedAt) : N,
          state === 'revoked' ? iso(addDays(recognisedAt, 3)) : N, state === 'revoked' ? 'Cấp nhầm do trùng hồ sơ.' : N,
          state === 'revoked' ? iso(addDays(recognisedAt, 3)) : N,
          N, N, iso(createdAt), iso(signed ? recognisedAt : createdAt),
        ];
        const rows = chunk.certificates;
        if (signed) {
          const index = rows.lines.length;
          rows.lines.push(''); // filled in when the signature is ready
          pendingSignatures.push(
            signer
              .sign({
                certificateId,
                serial,
                issuedAt: new Date(Math.floor(recognisedAt.getTime() / 1000) * 1000),
                holder: { residentId: id, fullName: person.fullName, birthYear: person.birthYear },
                course: credentialCourse({
                  courseId: version.course_id,
                  courseCode: version.code,
                  versionNumber: version.number,
                  via: viaClass ? 'class' : 'self_paced',
                  title: version.title,
                  competencies,
                }),
                issuingUnit: { code: commune.code, name: commune.fullName },
              })
              .then(({ jwt, kid }) => {
                row[26] = jwt;
                row[27] = kid;
                rows.lines[index] = row.join('\t');
              }),
          );
          if (pendingSignatures.length >= SIGN_IN_FLIGHT) await Promise.all(pendingSignatures.splice(0, SIGN_IN_FLIGHT / 2));
        } else {
          rows.add(row);
        }
      }
      if (!state && rng() < 0.7) chunk.consents.add([uuidv7(), id, 'certificate_recognition', 'assisted', iso(registeredAt)]);
      const classIds = classId ? [classId] : [];
      chunk.projection.add([
        id, commune.code, village.code, commune.provinceCode, String(person.birthYear), band.band, band.changesOn ?? N, person.sex, bool(ethnic),
        bool(disability), poverty, bool(noSmartphone), bool(enrolled), bool(attendedClass), bool(completes),
        state === 'recognised' ? '1' : '0', state === 'pending' ? '1' : '0', state === 'rejected' ? '1' : '0', state === 'failed' ? '1' : '0',
        state === 'revoked' ? '1' : '0', o.today, arr(classIds), arr(attendedClass ? classIds : []),
      ]);
      if (++chunkResidents % 2000 === 0) await new Promise((r) => setImmediate(r)); // let the sockets drain
    }
    if (chunkResidents >= CHUNK_RESIDENTS) await flush();
  }
  await flush();
  await Promise.all(inFlight);
  o.progress(`base tables written in ${((Date.now() - started) / 1000).toFixed(0)} s; building ${deferred.length} indexes again…`);
  const indexStarted = Date.now();
  await rebuildIndexes(o.connections, deferred);
  o.progress(`indexes built in ${((Date.now() - indexStarted) / 1000).toFixed(0)} s; serial counters, populations, targets, counters, daily series…`);

  await db.query(
    `INSERT INTO certificates_serial_counters (province_code, year, last_value)
     SELECT split_part(k, ':', 1), split_part(k, ':', 2)::smallint, v FROM unnest($1::text[], $2::int[]) AS u(k, v)
     ON CONFLICT (province_code, year) DO UPDATE SET last_value = EXCLUDED.last_value`,
    [[...serialBase.keys()], [...serialBase.values()]],
  );
  counts.populations = await seedPopulations(db, rng);
  counts.targets = await seedTargets(db, communes, rng);
  await db.query('BEGIN');
  await db.query(`LOCK TABLE reporting_residents, reporting_counts IN EXCLUSIVE MODE`);
  await db.query(`DELETE FROM reporting_counts`);
  await db.query(REWRITE_COUNTS_SQL);
  await db.query(DAILY_FROM_CERTIFICATES_SQL);
  await db.query('COMMIT');
  return counts;
}

/** The tables the seed fills in bulk: their secondary indexes are built once at the end (a sorted build), not row by row. */
const BULK_TABLES = [
  'identity_residents', 'identity_consents', 'classes_classes', 'classes_sessions', 'classes_enrolments', 'classes_attendance',
  'learning_course_completions', 'certificates_certificates', 'reporting_residents',
];

/**
 * Drops the indexes of the bulk tables that back no constraint (primary keys and unique constraints
 * stay, and are checked row by row) and returns their definitions, to be built again exactly.
 */
async function dropSecondaryIndexes(db: Client): Promise<Array<{ name: string; definition: string }>> {
  const rows = (
    await db.query<{ name: string; definition: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i
        WHERE i.indrelid = ANY($1::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY 1`,
      [BULK_TABLES],
    )
  ).rows;
  for (const r of rows) await db.query(`DROP INDEX ${r.name}`);
  return rows;
}

/** Builds the dropped indexes again on both connections (a unique one fails if the data broke it). */
async function rebuildIndexes(connections: readonly Client[], indexes: ReadonlyArray<{ name: string; definition: string }>): Promise<void> {
  const queue = [...indexes];
  await Promise.all(
    connections.map(async (c) => {
      await c.query(`SET maintenance_work_mem = '1GB'`);
      for (let next = queue.shift(); next; next = queue.shift()) await c.query(next.definition);
    }),
  );
}

/**
 * The daily series as the consumers would have written it on each day of recognition: recognitions, and
 * certified adults gained (a resident certified while a minor counts when they come of age: here, on
 * the day of the seed).
 */
const DAILY_FROM_CERTIFICATES_SQL = `
  INSERT INTO reporting_daily (level, unit_code, day, shard, recognitions, certified_adults)
  SELECT u.level, u.unit_code, d.day, 0, sum(d.recognitions)::int, sum(d.certified_adults)::int
    FROM (
      SELECT r.commune_code, r.province_code,
             (c.recognised_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
             count(*) AS recognitions, count(*) FILTER (WHERE r.age_band <> 'minor' AND r.recognised > 0) AS certified_adults
        FROM certificates_certificates c JOIN reporting_residents r ON r.resident_id = c.resident_id
       WHERE c.recognised_at IS NOT NULL AND c.state IN ('recognised', 'revoked')
       GROUP BY 1, 2, 3
    ) d
    CROSS JOIN LATERAL (VALUES ('commune', d.commune_code), ('province', d.province_code), ('country', 'VN')) AS u(level, unit_code)
   GROUP BY 1, 2, 3
  ON CONFLICT (level, unit_code, day, shard) DO UPDATE SET recognitions = reporting_daily.recognitions + EXCLUDED.recognitions,
     certified_adults = reporting_daily.certified_adults + EXCLUDED.certified_adults`;

async function loadCommunes(db: Client, o: CoverageSeedOptions): Promise<Commune[]> {
  const rows = (
    await db.query<{ code: string; province_code: string; path: string; full_name: string; type: Commune['type']; estimated_population: number | null; flagged: boolean }>(
      `SELECT code, province_code, path::text AS path, full_name, type, estimated_population, cardinality(population_flags) > 0 AS flagged
         FROM geo_communes ORDER BY code`,
    )
  ).rows;
  const villages = (
    await db.query<{ commune_code: string; code: string; path: string; name: string }>(
      `SELECT commune_code, code, path::text AS path, name FROM geo_villages WHERE archived_at IS NULL ORDER BY code`,
    )
  ).rows;
  const byCommune = new Map<string, Commune['villages']>();
  for (const v of villages) {
    const list = byCommune.get(v.commune_code) ?? [];
    list.push({ code: v.code, path: v.path, name: v.name });
    byCommune.set(v.commune_code, list);
  }
  const known = rows.filter((r) => r.estimated_population && !r.flagged).map((r) => r.estimated_population!).sort((a, b) => a - b);
  const median = known[Math.floor(known.length / 2)] ?? 20_000;
  const provinceFactor = new Map<string, number>();
  const communes: Commune[] = rows.map((r) => {
    if (!provinceFactor.has(r.province_code)) provinceFactor.set(r.province_code, 0.75 + o.rng() * 0.5);
    // the official figures are totals of all ages and unreliable: enough for a realistic skew, not more
    const population = r.estimated_population && !r.flagged ? r.estimated_population : median;
    const registration = 0.6 + o.rng() * 0.8;
    const typeFactor = r.type === 'phuong' ? 1.15 : r.type === 'dac_khu' ? 0.9 : MOUNTAIN_PROVINCES.has(r.province_code) ? 0.75 : 0.95;
    return {
      code: r.code,
      provinceCode: r.province_code,
      path: r.path,
      fullName: r.full_name,
      type: r.type,
      weight: population * registration,
      progress: Math.max(0.08, Math.min(0.92, 0.62 * typeFactor * provinceFactor.get(r.province_code)! * (0.7 + o.rng() * 0.6))),
      residents: 0,
      villages: byCommune.get(r.code) ?? [],
    };
  });
  const total = communes.reduce((n, c) => n + c.weight, 0);
  let assigned = 0;
  for (const c of communes) {
    c.residents = Math.max(1, Math.floor((o.residents * c.weight) / total));
    assigned += c.residents;
  }
  // the remainder to the biggest communes, one each
  const byWeight = [...communes].sort((a, b) => b.weight - a.weight);
  for (let i = 0; assigned < o.residents; i = (i + 1) % byWeight.length, assigned++) byWeight[i].residents++;
  for (let i = byWeight.length - 1; assigned > o.residents; i--, assigned--) if (byWeight[i].residents > 1) byWeight[i].residents--;
  return communes;
}

function villageKind(c: Commune, rng: () => number): { type: string; label: string } {
  if (c.type === 'phuong') return rng() < 0.7 ? { type: 'to_dan_pho', label: 'Tổ dân phố' } : { type: 'khu_pho', label: 'Khu phố' };
  if (MOUNTAIN_PROVINCES.has(c.provinceCode)) return rng() < 0.6 ? { type: 'ban', label: 'Bản' } : { type: 'thon', label: 'Thôn' };
  if (Number(c.provinceCode) >= 75) return { type: 'ap', label: 'Ấp' };
  return { type: 'thon', label: 'Thôn' };
}

/**
 * Official adult populations for 2026 for most communes (a province officer's import), above the
 * registered adults as in life (not everyone registers); the rest fall back to the registered adults.
 */
async function seedPopulations(db: Client, rng: () => number): Promise<number> {
  const communes = (
    await db.query<{ code: string; path: string; province_code: string; adults: number }>(
      `SELECT c.code, c.path::text AS path, c.province_code, count(r.resident_id) FILTER (WHERE r.age_band <> 'minor')::int AS adults
         FROM geo_communes c LEFT JOIN reporting_residents r ON r.commune_code = c.code GROUP BY 1, 2, 3 ORDER BY 1`,
    )
  ).rows;
  const chosen = communes.filter(() => rng() < 0.8);
  const adults = chosen.map((c) => Math.max(c.adults, Math.round(c.adults / (0.78 + rng() * 0.2))));
  const res = await db.query(
    `INSERT INTO reporting_populations (commune_code, path, period_code, adults, source, source_date, estimate)
     SELECT u.code, u.path::ltree, '2026', u.adults, 'Cục Thống kê tỉnh, số người từ 18 tuổi (số liệu giả lập của benchmark)', DATE '2026-01-01', false
       FROM unnest($1::text[], $2::text[], $3::int[]) AS u(code, path, adults)
     ON CONFLICT DO NOTHING`,
    [chosen.map((c) => c.code), chosen.map((c) => c.path), adults],
  );
  return res.rowCount ?? 0;
}

/** Targets of 2026: three provinces at 85%, and about one commune in twenty with its own (50%, 60%, 85%, 100%). */
async function seedTargets(db: Client, communes: readonly Commune[], rng: () => number): Promise<number> {
  const provinces = [...new Set(communes.map((c) => c.provinceCode))].filter(() => rng() < 0.1).slice(0, 3);
  const special = communes.filter(() => rng() < 0.05);
  const rates = [0.5, 0.6, 0.85, 1];
  const rows = [
    ...provinces.map((p) => ({ level: 'province', code: p, path: p, rate: 0.85 })),
    ...special.map((c) => ({ level: 'commune', code: c.code, path: c.path, rate: pick(rng, rates) })),
  ];
  const res = await db.query(
    `INSERT INTO reporting_targets (unit_level, unit_code, path, period_code, rate, due_on)
     SELECT u.level, u.code, u.path::ltree, '2026', u.rate, DATE '2026-12-31'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[]) AS u(level, code, path, rate)
     ON CONFLICT DO NOTHING`,
    [rows.map((r) => r.level), rows.map((r) => r.code), rows.map((r) => r.path), rows.map((r) => r.rate)],
  );
  return res.rowCount ?? 0;
}
