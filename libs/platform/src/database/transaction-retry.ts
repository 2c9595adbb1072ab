import { Logger } from '@nestjs/common';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

/** PostgreSQL's answers that mean "this transaction lost a race; the same work run again can succeed". */
export const RETRYABLE_TRANSACTION_CODES: Readonly<Record<string, string>> = {
  '40P01': 'deadlock detected',
  '40001': 'serialization failure',
};

/** The SQLSTATE of a database error, through TypeORM's wrapper or straight from pg (prepared statements). */
export function pgErrorCode(err: unknown): string | undefined {
  const source = err instanceof QueryFailedError ? err.driverError : err;
  const code = (source as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when PostgreSQL rolled the transaction back as a deadlock victim or for a serialization failure. */
export function isRetryableTransactionError(err: unknown): boolean {
  const code = pgErrorCode(err);
  return code !== undefined && code in RETRYABLE_TRANSACTION_CODES;
}

export interface TransactionRetryOptions {
  /** Runs of the whole transaction at most (default 4). */
  attempts?: number;
  /** Other failures that mean "run it again" (a race the statements detected themselves). */
  retryIf?: (err: unknown) => boolean;
  /** Names the work in the log line of a retry. */
  name: string;
}

const logger = new Logger('Transaction');

/**
 * THE retry of a whole transaction: runs `work` in a transaction and, when PostgreSQL rolled it back as
 * a deadlock victim or for a serialization failure (40P01, 40001), or `retryIf` says so, runs it again
 * from the start, up to `attempts` times; anything else is thrown at once. Each retry is logged (a
 * deadlock is a lock-order bug to fix, the retry only keeps the client from seeing it). The work must
 * be a pure function of the database: everything it did was rolled back, so it runs as if for the first
 * time.
 */
export async function transactionWithRetry<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>, options: TransactionRetryOptions): Promise<T> {
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (err) {
      const code = pgErrorCode(err);
      const retryable = isRetryableTransactionError(err) || (options.retryIf?.(err) ?? false);
      if (attempt >= attempts || !retryable) throw err;
      logger.warn({ transaction: options.name, attempt, code }, `${options.name}: ${code ? RETRYABLE_TRANSACTION_CODES[code] ?? code : 'a race'}, run again`);
    }
  }
}
