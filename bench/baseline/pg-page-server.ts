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
import { types } from 'pg';
import { pgBaselineServer } from './baseline-process';
import { COMMUNE_PATHS_SQL, residentPageRequest } from './resident-page';

types.setTypeParser(17 /* bytea */, (text: string) => text);

const { app, pool, start } = pgBaselineServer('pg-page-server');
const communePaths = new Map<string, string>();

app.get('/residents', async (request, reply) => {
  const query = residentPageRequest(request.url, communePaths);
  if (!query) return reply.code(404).send({ error: 'unknown commune' });
  const { rows } = await pool.query(query);
  return rows;
});

start(async () => {
  const { rows } = await pool.query<{ code: string; path: string }>(COMMUNE_PATHS_SQL);
  for (const r of rows) communePaths.set(r.code, r.path);
  return `${communePaths.size} communes`;
});
