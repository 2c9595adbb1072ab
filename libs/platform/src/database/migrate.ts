import type { DataSource, Migration } from 'typeorm';

/** Advisory lock key that serialises migrations across every process of the system. */
export const MIGRATION_LOCK_KEY = 7_241_945_001;

/**
 * Applies pending migrations while holding a session-level Postgres advisory lock, so two processes
 * starting together never race: the second waits, then finds nothing left to do.
 */
export async function runMigrationsWithLock(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
