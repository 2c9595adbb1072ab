/**
 * The HTTP database-write baseline of attendance-sync (an extra baseline, no target): a bare Fastify
 * route that takes the very body the api's POST /api/v1/attendance/sync takes ({ deviceId, marks: [100
 * marks] }) and inserts its marks into a copy of classes_attendance_marks (marks-copy.ts: same columns,
 * defaults, checks, indexes and foreign keys) with ONE multi-row INSERT through a `pg` Pool of the api's
 * default size (a named prepared statement per row count). A mark id already there is skipped (ON
 * CONFLICT DO NOTHING: the re-sent batches). No authentication, no validation, no roster, no conflict
 * resolution, no current marks, no history, no idempotency record, no logging. Started by the benchmark
 * as its own process (HOST, PORT, DATABASE_URL, PG_POOL_SIZE, MARKS_TABLE from the environment;
 * loopback only). The target's baseline is the same INSERT without HTTP (`pg-marks-insert-direct`).
 */
import { createMarksCopySql, MarksInsert, type SyncBody } from './marks-copy';
import { pgBaselineServer, refuse } from './baseline-process';

/** The copy the baseline writes into (created anew at start). */
const table = process.env.MARKS_TABLE || 'bench_attendance_marks_copy';
if (!/^[a-z_][a-z0-9_]*$/.test(table)) refuse('pg-marks-insert-server', `MARKS_TABLE must be a plain table name (got ${table})`);

const { app, pool, start } = pgBaselineServer('pg-marks-insert-server', { bodyLimit: 1024 * 1024 });
const insert = new MarksInsert(table);

app.post('/marks', async (request) => {
  const result = await pool.query(insert.query(request.body as SyncBody));
  return { inserted: result.rowCount };
});

start(async () => {
  await pool.query(createMarksCopySql(table));
  return `table ${table}`;
});
