import { Logger } from '@nestjs/common';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { isRetryableTransactionError, transactionWithRetry } from './transaction-retry';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
const typeormError = (code: string) => new QueryFailedError('SELECT 1', [], pgError(code));
/** A DataSource whose transactions fail with the given errors, one per run, then succeed. */
function dataSourceFailing(...errors: unknown[]) {
  const runs = jest.fn(async (work: (tx: EntityManager) => Promise<unknown>) => {
    const err = errors.shift();
    if (err) throw err;
    return work({} as EntityManager);
  });
  return { ds: { transaction: runs } as unknown as DataSource, runs };
}

describe('transactionWithRetry', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());

  it('runs the whole transaction again after a deadlock or a serialization failure, from TypeORM or straight from pg, and logs it', async () => {
    const { ds, runs } = dataSourceFailing(typeormError('40P01'), pgError('40001'));
    await expect(transactionWithRetry(ds, async () => 'done', { name: 'test work' })).resolves.toBe('done');
    expect(runs).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][1]).toContain('deadlock detected');
  });

  it('throws anything else at once', async () => {
    for (const err of [typeormError('23505'), new Error('boom'), pgError('57014')]) {
      const { ds, runs } = dataSourceFailing(err);
      await expect(transactionWithRetry(ds, async () => 'done', { name: 'x' })).rejects.toBe(err);
      expect(runs).toHaveBeenCalledTimes(1);
    }
  });

  it('gives up after its attempts, with the last error', async () => {
    const last = pgError('40P01');
    const { ds, runs } = dataSourceFailing(pgError('40P01'), pgError('40P01'), last);
    await expect(transactionWithRetry(ds, async () => 'done', { name: 'x', attempts: 3 })).rejects.toBe(last);
    expect(runs).toHaveBeenCalledTimes(3);
  });

  it('retries the races the caller names as well', async () => {
    class Raced extends Error {}
    const { ds, runs } = dataSourceFailing(new Raced());
    await expect(transactionWithRetry(ds, async () => 1, { name: 'x', retryIf: (e) => e instanceof Raced })).resolves.toBe(1);
    expect(runs).toHaveBeenCalledTimes(2);
  });

  it('knows the retryable codes', () => {
    expect([typeormError('40P01'), pgError('40001')].map(isRetryableTransactionError)).toEqual([true, true]);
    expect([typeormError('23505'), new Error('x'), null, undefined].map(isRetryableTransactionError)).toEqual([false, false, false, false]);
  });
});
