/**
 * The database-read baseline of auth-read: a bare Fastify route that runs the very query the api's
 * ResidentRepository.page() runs for `GET /api/v1/residents?communeCode=...&limit=...[&cursor=...]`
 * (`residentPageQuery`: same SQL, same parameters, the same named prepared statement) through a
 * `pg` Pool of the api's default size, and returns the rows as JSON. No authentication, no validation,
 * no decryption, no mapping, no logging. Started by the benchmark as its own process (HOST, PORT,
 * DATABASE_URL, PG_POOL_SIZE from the environment; loopback only).
 *
 * It takes the api's query string so both are sent the same pages: `communeCode` (its path is read
 * once at start, as the api holds the catalog in memory), `limit` (the api asks for limit + 1 rows to
 * know whether there is a next page: so does this) and `cursor` (the api's keyset cursor,
 * base64url("path|id"), decoded without checks).
 *
 * bytea columns are returned as PostgreSQL sends them ("\x..." hex text) instead of pg's Buffers,
 * which JSON.stringify would turn into {"type":"Buffer","data":[...]} arrays of numbers: the raw
 * rows, at about the byte size the wire carried them.
 */
import Fastify from 'fastify';
import { Pool, types } from 'pg';
import { residentPageQuery } from '@hvs/identity';
import { exitWithTheBenchmark } from './shutdown';

const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 0);
const databaseUrl = process.env.DATABASE_URL || '';
const poolSize = Number(process.env.PG_POOL_SIZE || 10);

if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
  process.stderr.write(`pg-page-server: HOST must be a loopback address (got ${host})\n`);
  process.exit(2);
}
if (!databaseUrl) {
  process.stderr.write('pg-page-server: DATABASE_URL is required\n');
  process.exit(2);
}

types.setTypeParser(17 /* bytea */, (text: string) => text);

process.title = 'hvs-bench-pg-page';
const pool = new Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 0, application_name: 'hvs-bench-pg-page' });
pool.on('error', (err) => process.stderr.write(`pg-page-server: idle client error: ${err.message}\n`));
const communePaths = new Map<string, string>();

const app = Fastify({ logger: false });

app.get('/ready', async () => {
  await pool.query('SELECT 1');
  return { ready: true };
});

app.get('/residents', async (request, reply) => {
  const q = request.query as { communeCode?: string; limit?: string; cursor?: string };
  const path = communePaths.get(q.communeCode ?? '');
  if (!path) return reply.code(404).send({ error: 'unknown commune' });
  const limit = (Number(q.limit) || 50) + 1;
  let after: { path: string; id: string } | undefined;
  if (q.cursor) {
    const [afterPath, afterId] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
    after = { path: afterPath, id: afterId };
  }
  // the caller's scope (the commune) and the listed subtree (the same commune), as the api builds them
  const query = residentPageQuery({ underPath: path, after, limit }, { kind: 'paths', paths: [path] });
  if (!query) return reply.code(404).send({ error: 'empty scope' });
  const { rows } = await pool.query(query);
  return rows;
});

exitWithTheBenchmark(app, () => pool.end());

pool
  .query<{ code: string; path: string }>('SELECT code, path::text AS path FROM geo_communes')
  .then(({ rows }) => {
    for (const r of rows) communePaths.set(r.code, r.path);
    return app.listen({ host, port });
  })
  .then(
    (url) => process.stdout.write(`pg-page-server listening on ${url} (${communePaths.size} communes, pool of ${poolSize})\n`),
    (err: unknown) => {
      process.stderr.write(`pg-page-server: ${String((err as Error)?.stack ?? err)}\n`);
      process.exit(1);
    },
  );
