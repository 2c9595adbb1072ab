/**
 * What every baseline server process shares: its settings from the environment (HOST, PORT, and for
 * the database baselines DATABASE_URL, PG_POOL_SIZE), loopback only; its title; a bare Fastify with no
 * logging; a `pg` Pool of the api's default size with a GET /ready that answers once the database
 * does; and how it ends (exitWithTheBenchmark).
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Pool } from 'pg';

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];
const titleOf = (name: string) => `hvs-bench-${name.replace(/-server$/, '')}`;

/** Bad settings: the message on stderr, exit code 2. */
export function refuse(name: string, message: string): never {
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(2);
}

export interface BaselineServer {
  app: FastifyInstance;
  /** Listens once `prepare` is done and prints "<name> listening on <url> (<what prepare returned>)"; exits 1 if either fails. */
  start(prepare?: () => Promise<string>): void;
}

/** A bare Fastify server named `name` (e.g. "hello-server"): its process title is hvs-bench-<name without "-server">. */
export function baselineServer(name: string, options: Omit<FastifyServerOptions, 'logger'> = {}, close: () => Promise<unknown> = async () => undefined): BaselineServer {
  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT || 0);
  if (!LOOPBACK.includes(host)) refuse(name, `HOST must be a loopback address (got ${host})`);
  process.title = titleOf(name);
  const app = Fastify({ ...options, logger: false });
  exitWithTheBenchmark(app, close);
  return {
    app,
    start(prepare = async () => '') {
      prepare()
        .then(async (detail) => ({ url: await app.listen({ host, port }), detail }))
        .then(
          ({ url, detail }) => process.stdout.write(`${name} listening on ${url}${detail ? ` (${detail})` : ''}\n`),
          (err: unknown) => {
            process.stderr.write(`${name}: ${String((err as Error)?.stack ?? err)}\n`);
            process.exit(1);
          },
        );
    },
  };
}

export interface PgBaselineServer extends BaselineServer {
  pool: Pool;
}

/** A baseline server with its pg Pool (closed when the server ends) and GET /ready. */
export function pgBaselineServer(name: string, options: Omit<FastifyServerOptions, 'logger'> = {}): PgBaselineServer {
  const databaseUrl = process.env.DATABASE_URL || '';
  const poolSize = Number(process.env.PG_POOL_SIZE || 10);
  if (!databaseUrl) refuse(name, 'DATABASE_URL is required');
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 0, application_name: titleOf(name) });
  pool.on('error', (err) => process.stderr.write(`${name}: idle client error: ${err.message}\n`));
  const server = baselineServer(name, options, () => pool.end());
  server.app.get('/ready', async () => {
    await pool.query('SELECT 1');
    return { ready: true };
  });
  return {
    app: server.app,
    pool,
    start: (prepare = async () => '') => server.start(async () => [await prepare(), `pool of ${poolSize}`].filter(Boolean).join(', ')),
  };
}

/**
 * How a baseline server ends: on SIGTERM / SIGINT, or when the benchmark that started it (with an IPC
 * channel) goes away, it closes the server and then `close` (e.g. its pg pool), and exits; a hard exit
 * after 3 s if closing hangs.
 */
function exitWithTheBenchmark(server: { close(): Promise<unknown> }, close: () => Promise<unknown>): void {
  let closing = false;
  const shutdown = (code: number) => {
    if (closing) return;
    closing = true;
    setTimeout(() => process.exit(code), 3000).unref();
    server
      .close()
      .then(close)
      .then(
        () => process.exit(code),
        () => process.exit(1),
      );
  };
  process.once('SIGTERM', () => shutdown(0));
  process.once('SIGINT', () => shutdown(0));
  process.once('disconnect', () => shutdown(0));
}
