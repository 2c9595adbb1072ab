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
import Fastify from 'fastify';
import { Pool } from 'pg';
import { createMarksCopySql, MarksInsert, type SyncBody } from './marks-copy';
import { exitWithTheBenchmark } from './shutdown';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 0);
const databaseUrl = process.env.DATABASE_URL || '';
const poolSize = Number(process.env.PG_POOL_SIZE || 10);
/** The copy the baseline writes into (created anew at start). */
const table = process.env.MARKS_TABLE || 'bench_attendance_marks_copy';

if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
  process.stderr.write(`pg-marks-insert-server: HOST must be a loopback address (got ${host})\n`);
  process.exit(2);
}
if (!databaseUrl) {
  process.stderr.write('pg-marks-insert-server: DATABASE_URL is required\n');
  process.exit(2);
}
if (!/^[a-z_][a-z0-9_]*$/.test(table)) {
  process.stderr.write(`pg-marks-insert-server: MARKS_TABLE must be a plain table name (got ${table})\n`);
  process.exit(2);
}

process.title = 'hvs-bench-pg-marks';
const pool = new Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 0, application_name: 'hvs-bench-pg-marks' });
pool.on('error', (err) => process.stderr.write(`pg-marks-insert-server: idle client error: ${err.message}\n`));
const insert = new MarksInsert(table);

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

app.get('/ready', async () => {
  await pool.query('SELECT 1');
  return { ready: true };
});

app.post('/marks', async (request) => {
  const result = await pool.query(insert.query(request.body as SyncBody));
  return { inserted: result.rowCount };
});

exitWithTheBenchmark(app, () => pool.end());

pool
  .query(createMarksCopySql(table))
  .then(() => app.listen({ host, port }))
  .then(
    (url) => process.stdout.write(`pg-marks-insert-server listening on ${url} (pool of ${poolSize}, table ${table})\n`),
    (err: unknown) => {
      process.stderr.write(`pg-marks-insert-server: ${String((err as Error)?.stack ?? err)}\n`);
      process.exit(1);
    },
  );
