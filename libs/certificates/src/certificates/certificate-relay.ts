import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { certificateJobId, JobName, QueueName, type JobPayloads } from '@hvs/platform';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { CertificateRepository, type RelayItem } from './certificate.repository';

export const RELAY_BATCH = 500;
/** A pending certificate relayed longer ago than this should have its job in Redis; the sweep re-adds it if not. */
export const RELAY_SWEEP_AFTER_S = 60;

/**
 * Moves pending certificates from PostgreSQL into the `certificates` queue. Each job's id is
 * deterministic (`certificate-issue-<id>-<submission>`), so relaying the same certificate twice, or
 * from two workers, yields one job; `relayed_at` is set in the transaction that claimed the rows,
 * after the jobs are in Redis. The sweep re-adds the jobs Redis lost (a flush, a restart without
 * persistence): PostgreSQL stays the source of truth.
 */
@Injectable()
export class CertificateRelay {
  private readonly logger = new Logger(CertificateRelay.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly certificates: CertificateRepository,
    @InjectQueue(QueueName.Certificates) private readonly queue: Queue<JobPayloads[typeof JobName.IssueCertificate]>,
  ) {}

  /** Relays one batch of never-relayed pending certificates; returns how many. */
  async relayBatch(limit = RELAY_BATCH): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const items = await this.certificates.claimUnrelayed(tx, limit);
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
  async sweep(olderThanS = RELAY_SWEEP_AFTER_S): Promise<number> {
    let after: string | null = null;
    let readded = 0;
    for (;;) {
      const items = await this.certificates.relayedPending(olderThanS, after, RELAY_BATCH);
      if (items.length === 0) break;
      after = items[items.length - 1].id;
      const jobs = await Promise.all(items.map((i) => this.queue.getJob(certificateJobId(i.id, i.submission))));
      const missing = items.filter((_, k) => jobs[k] === undefined);
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
