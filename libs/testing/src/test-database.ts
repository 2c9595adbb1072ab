import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importGeoReferenceData } from '@hvs/geography';
import { importLearningReferenceData } from '@hvs/learning';
import { buildDataSourceOptions, quoteIdent, runMigrationsWithLock } from '@hvs/platform';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** The server the tests use; a test database is a clone of a migrated template on it. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TEMPLATE_PREFIX = 'hvs_test_tpl_';
const TEST_DB_PREFIX = 'hvs_test_';
/** Templates of other fingerprints (another checkout, an older tree) are dropped once this old. */
const STALE_TEMPLATE_MS = 24 * 3600 * 1000;
const TEMPLATE_LOCK = 7_241_945_002;

export function databaseUrl(name: string): string {
  const u = new URL(TEST_SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function filesUnder(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** Everything the template is built from: when one of these files changes, the template is rebuilt. */
function templateFingerprint(): string {
  const root = resolve(__dirname, '..', '..', '..');
  const hash = createHash('sha256');
  for (const dir of [
    'migrations',
    'libs/geography/data',
    'libs/geography/src/reference-data',
    'libs/learning/data',
    'libs/learning/src/reference-data',
    'libs/learning/src/courses/lesson-content-hash.ts',
    'libs/learning/src/courses/question-rules.ts',
    'libs/learning/src/media/lesson-references.ts',
  ]) {
    for (const file of filesUnder(join(root, dir))) hash.update(file).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 32);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The template's name carries the fingerprint of what it is built from, so two checkouts with different
 * migrations or reference data (e.g. two git worktrees) test side by side without rebuilding each
 * other's template. globalSetup passes the name to the test workers; a worker started otherwise
 * computes it.
 */
export function templateDatabaseName(): string {
  process.env.HVS_TEST_TEMPLATE ??= `${TEMPLATE_PREFIX}${templateFingerprint()}`;
  return process.env.HVS_TEST_TEMPLATE;
}

/**
 * Builds (or reuses) the template database: migrated, reference data loaded (official units, the
 * competency framework and the published core course). Runs once per test run
 * (jest globalSetup) under an advisory lock, so parallel runs share one template safely. Also drops
 * test databases left behind by runs that died.
 */
export async function prepareTemplateDatabase(): Promise<void> {
  const template = templateDatabaseName();
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const leftovers = await admin.query<{ datname: string; comment: string | null }>(
        `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname LIKE $1`,
        [`${TEST_DB_PREFIX}%`],
      );
      for (const { datname, comment } of leftovers.rows) {
        if (datname === template) continue;
        const isTemplate = datname.startsWith(TEMPLATE_PREFIX) || datname === 'hvs_test_template';
        const pid = Number(/^hvs_test_(\d+)_/.exec(datname)?.[1]);
        const stale = isTemplate
          ? !(Date.parse(comment ?? '') > Date.now() - STALE_TEMPLATE_MS)
          : Boolean(pid) && !pidAlive(pid);
        if (stale) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
      }
      const current = await admin.query<{ comment: string | null }>(
        `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
        [template],
      );
      // The comment is the time the template was completed: a template without one was left half-built.
      if (current.rows[0]?.comment) {
        await admin.query(`COMMENT ON DATABASE ${quoteIdent(template)} IS '${new Date().toISOString()}'`);
        return;
      }
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${quoteIdent(template)}`);
      const ds = await new DataSource(
        buildDataSourceOptions({ DATABASE_URL: databaseUrl(template), DATABASE_POOL_SIZE: 2 }, 'hvs-test-template'),
      ).initialize();
      try {
        await runMigrationsWithLock(ds);
        await importGeoReferenceData(ds);
        await importLearningReferenceData(ds);
      } finally {
        await ds.destroy();
      }
      await admin.query(`COMMENT ON DATABASE ${quoteIdent(template)} IS '${new Date().toISOString()}'`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file, cloned from the template (fast: no migrations, no imports). */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `${TEST_DB_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (admin) => {
    if (options.empty) {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return;
    }
    // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template: retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(templateDatabaseName())}`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 100));
      }
    }
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin(async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`))),
  };
}
