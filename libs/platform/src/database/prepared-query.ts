import type { DataSource } from 'typeorm';

interface PgPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs one of a hot path's queries as a named prepared statement on the DataSource's pg pool: each
 * connection parses it once (and may reuse a generic plan, see buildDataSourceOptions), and rows
 * come back as pg maps them, without entity hydration. For the few reads served many times per second (an access
 * check, a page of residents); everything else goes through TypeORM.
 */
export async function preparedQuery<T>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (!pool) throw new Error('preparedQuery needs an initialised PostgreSQL DataSource');
  const result = await pool.query({ name, text, values });
  return result.rows as T[];
}
