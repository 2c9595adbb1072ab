import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { certificateJobId, JobName, QueueName, type JobPayloads } from '@hvs/platform';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { CertificateRepository, type RelayCursor, type RelayItem } from './certificate.repository';

export const RELAY_BATCH = 500;
/**
 * The relay keeps at most this many certificate jobs in Redis (waiting, delayed or active); the rest of
 * a backlog waits in PostgreSQL, the source of truth, until there is room. A backlog of a million
 * completions then costs Redis a few thousand jobs, and the sweep checks only those.
 */
export const RELAY_MAX_QUEUED = 5000;
/** A pending certificate relayed longer ago than this should have its job in Redis; the sweep re-adds it if not. */
export const RELAY_SWEEP_AFTER_S = 60;

/**
 * Moves pending certificates from PostgreSQL into the `certificates` queue. Each job's id is
 * deterministic (`certificate-issue-<id>-<submission>`), so relaying the same certificate twice, or
 * from two workers, yields one job; `relayed_at` is set in the transaction that claimed the rows,
 * after the jobs are in Redis, and only as many as keep the queue under RELAY_MAX_QUEUED. The sweep
 * re-adds the jobs Redis lost (a flush, a restart without persistence): PostgreSQL stays the source of truth.
 */
@Injectable()
export class CertificateRelay {
  private readonly logger = new Logger(CertificateRelay.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly certificates: CertificateRepository,
    @InjectQueue(QueueName.Certificates) private readonly queue: Queue<JobPayloads[typeof JobName.IssueCertificate]>,
  ) {}

  /** Relays one batch of never-relayed pending certificates, as many as the queue has room for; returns how many. */
  async relayBatch(limit = RELAY_BATCH, maxQueued = RELAY_MAX_QUEUED): Promise<number> {
    const queued = await this.queue.getJobCountByTypes('waiting', 'prioritized', 'delayed', 'active');
    const room = Math.min(limit, maxQueued - queued);
    if (room <= 0) return 0;
    return this.dataSource.transaction(async (tx) => {
      const items = await this.certificates.claimUnrelayed(tx, room);
      if (items.length === 0) return 0;
      await this.enqueue(items);
      await this.certificates.markRelayed(
        tx,
        items.map((i) => i.id),
      );
      return items.length;
    });
  }

  /** Re-adds the jobs of pending certificates relayed a while ago that Redis no longer has; returns how many. */
  async sweep(olderThanS = RELAY_SWEEP_AFTER_S, pageSize = RELAY_BATCH): Promise<number> {
    let after: RelayCursor | null = null;
    let readded = 0;
    const redis = await this.queue.getBackend().client;
    for (;;) {
      const items = await this.certificates.relayedPending(olderThanS, after, pageSize);
      if (items.length === 0) break;
      after = items[items.length - 1];
      // whether each job's hash is still there: one EXISTS per job in one round trip, no job read
      const pipeline = redis.pipeline();
      for (const i of items) pipeline.runCommand('exists', [this.queue.toKey(certificateJobId(i.id, i.submission))]);
      const found = await pipeline.exec();
      if (!found) throw new Error('the sweep\'s Redis pipeline was discarded');
      const missing = items.filter((_, k) => {
        const [err, n] = found[k];
        if (err) throw err;
        return n === 0;
      });
      if (missing.length > 0) {
        await this.enqueue(missing);
        readded += missing.length;
      }
    }
    if (readded > 0) this.logger.warn(`re-added ${readded} certificate job(s) missing from Redis`);
    return readded;
  }

  private async enqueue(items: readonly RelayItem[]): Promise<void> {
    await this.queue.addBulk(
      items.map((i) => ({
        name: JobName.IssueCertificate,
        data: { certificateId: i.id, submission: i.submission },
        opts: { jobId: certificateJobId(i.id, i.submission) },
      })),
    );
  }
}
