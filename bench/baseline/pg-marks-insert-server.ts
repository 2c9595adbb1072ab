/**
 * The database-write baseline of attendance-sync: a bare Fastify route that takes the very body the
 * api's POST /api/v1/attendance/sync takes ({ deviceId, marks: [100 marks] }) and inserts its marks
 * into a copy of classes_attendance_marks (same columns, defaults, checks, indexes and foreign keys: the
 * same table, so the same rows cost what they cost there) with ONE multi-row INSERT through a `pg` Pool of the api's default size (a named prepared statement
 * per row count). A mark id already there is skipped (ON CONFLICT DO NOTHING: the re-sent batches).
 * No authentication, no validation, no roster, no conflict resolution, no current marks, no history,
 * no idempotency record, no logging. Started by the benchmark as its own process (HOST, PORT,
 * DATABASE_URL, PG_POOL_SIZE from the environment; loopback only).
 */
import Fastify from 'fastify';
import { Pool } from 'pg';
import { exitWithTheBenchmark } from './shutdown';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 0);
const databaseUrl = process.env.DATABASE_URL || '';
const poolSize = Number(process.env.PG_POOL_SIZE || 10);
/** The copy the baseline writes into (created at start, emptied at start). */
export const MARKS_COPY_TABLE = 'bench_attendance_marks_copy';
const COLUMNS = 7;

if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
  process.stderr.write(`pg-marks-insert-server: HOST must be a loopback address (got ${host})\n`);
  process.exit(2);
}
if (!databaseUrl) {
  process.stderr.write('pg-marks-insert-server: DATABASE_URL is required\n');
  process.exit(2);
}

process.title = 'hvs-bench-pg-marks';
const pool = new Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000, application_name: 'hvs-bench-pg-marks' });
pool.on('error', (err) => process.stderr.write(`pg-marks-insert-server: idle client error: ${err.message}\n`));

interface Mark {
  id: string;
  sessionId: string;
  residentId: string;
  status: string;
  remark?: string | null;
  deviceTime: string;
}

const statements = new Map<number, string>();
function insertText(rows: number): string {
  let text = statements.get(rows);
  if (!text) {
    const tuples: string[] = [];
    for (let r = 0; r < rows; r++) {
      const p = (k: number) => `$${r * COLUMNS + k + 1}`;
      tuples.push(`(${p(0)}::uuid, ${p(1)}::uuid, ${p(2)}::uuid, ${p(3)}, ${p(4)}, ${p(5)}::timestamptz, ${p(6)}, 'sync', 'accepted')`);
    }
    text = `INSERT INTO ${MARKS_COPY_TABLE} (id, session_id, resident_id, status, remark, device_time, device_id, source, outcome)
            VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING`;
    statements.set(rows, text);
  }
  return text;
}

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

app.get('/ready', async () => {
  await pool.query('SELECT 1');
  return { ready: true };
});

app.post('/marks', async (request) => {
  const body = request.body as { deviceId?: string; marks: Mark[] };
  const values: unknown[] = [];
  for (const m of body.marks) values.push(m.id, m.sessionId, m.residentId, m.status, m.remark ?? null, m.deviceTime, body.deviceId ?? null);
  const result = await pool.query({ name: `marks_insert_${body.marks.length}`, text: insertText(body.marks.length), values });
  return { inserted: result.rowCount };
});

exitWithTheBenchmark(app, () => pool.end());

pool
  .query(
    `DROP TABLE IF EXISTS ${MARKS_COPY_TABLE};
     CREATE TABLE ${MARKS_COPY_TABLE} (LIKE classes_attendance_marks INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
     ALTER TABLE ${MARKS_COPY_TABLE}
       ADD FOREIGN KEY (session_id) REFERENCES classes_sessions (id),
       ADD FOREIGN KEY (resident_id) REFERENCES identity_residents (id),
       ADD FOREIGN KEY (recorded_by) REFERENCES identity_accounts (id) ON DELETE SET NULL`,
  )
  .then(() => app.listen({ host, port }))
  .then(
    (url) => process.stdout.write(`pg-marks-insert-server listening on ${url} (pool of ${poolSize}, table ${MARKS_COPY_TABLE})\n`),
    (err: unknown) => {
      process.stderr.write(`pg-marks-insert-server: ${String((err as Error)?.stack ?? err)}\n`);
      process.exit(1);
    },
  );
