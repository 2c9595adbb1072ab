import DataLoader from 'dataloader';

export interface CoalescerOptions {
  /** At most this many keys in one batch (a larger wave is split). */
  maxBatch: number;
  /**
   * How long the first key of a batch waits for others (ms). Under load the event loop is busy and a
   * wave of callers arrives within it, so batches grow by themselves; when idle a caller waits this long.
   */
  waitMs: number;
}

/**
 * Coalesces the calls of concurrent callers (e.g. the jobs a worker runs at once) into one batch call:
 * one query for many rows, one transaction for many writes (a group commit). Built on DataLoader with
 * its cache off: every call is executed, none is answered from an earlier one. `batch` answers one
 * value (or an Error, which rejects that caller only) per key, in the order of the keys; if it throws,
 * every caller of the batch gets the error.
 */
export class Coalescer<K, V> {
  private readonly loader: DataLoader<K, V, K>;

  constructor(batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>, options: CoalescerOptions) {
    this.loader = new DataLoader<K, V, K>(batch, {
      cache: false,
      maxBatchSize: options.maxBatch,
      batchScheduleFn: (callback) => setTimeout(callback, options.waitMs),
    });
  }

  run(key: K): Promise<V> {
    return this.loader.load(key);
  }
}
