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
      // named prepared statements (preparedQuery) are parsed once per connection but planned on every
      // execution: a cached generic plan chosen while a table's statistics were stale (just after a bulk
      // import) turned a 0.05 ms index range scan into a scan and sort, ten times slower
      options: '-c plan_cache_mode=force_custom_plan',
    },
  };
}
