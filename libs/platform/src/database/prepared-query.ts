import type { DataSource, EntityManager } from 'typeorm';

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

/**
 * preparedQuery's counterpart inside a transaction: runs a statement as a named prepared statement on
 * the connection of the transaction `tx` (parsed and planned once per connection, a generic plan after
 * five executions; an unnamed statement is planned at every call, a good part of the database time of
 * the big statements of attendance batches and course completion).
 */
export async function preparedIn<T>(tx: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  if (!tx.queryRunner) throw new Error('preparedIn needs the entity manager of a transaction');
  const client = (await tx.queryRunner.connect()) as { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> };
  return (await client.query({ name, text, values })).rows;
}
