import { ALL_MIGRATIONS } from '@hvs/migrations';
import type { DataSourceOptions } from 'typeorm';
import type { Env } from '../config/env';

export const MIGRATIONS_TABLE = 'schema_migrations';

/**
 * The one DataSource definition of the system: api, worker and the migration CLI all start from it.
 * Entities are added by the Nest apps (autoLoadEntities); the CLI needs none because migrations are SQL.
 */
export function buildDataSourceOptions(
  env: Pick<Env, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>,
  applicationName = 'hocvuso',
): DataSourceOptions {
  return {
    type: 'postgres',
    url: env.DATABASE_URL,
    synchronize: false,
    migrationsRun: false,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    entities: [],
    logging: false, // expected failures (unique violations) are handled; unexpected ones are logged by the callers
    applicationName,
    extra: {
      max: env.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      // Named prepared statements (preparedQuery) keep PostgreSQL's default plan caching: after five
      // executions a generic plan is reused when it costs no more than the custom ones. Forcing custom
      // plans (tried for the residents page) re-planned every execution, half of the database's CPU of
      // a quiz submission; a generic plan chosen on stale statistics is rebuilt at the next ANALYZE,
      // which a bulk import runs itself at its end (docs/benchmarks.md).
    },
  };
}
