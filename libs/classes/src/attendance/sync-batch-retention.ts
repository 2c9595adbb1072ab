import { Injectable, Logger, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Env } from '@hvs/platform';
import type { DataSource } from 'typeorm';
import { AttendanceRepository } from './attendance.repository';

/** Batches deleted per statement: a large backlog is purged in short transactions. */
const PURGE_CHUNK = 5_000;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Retention of offline batches' stored answers (classes_sync_batches). They exist only so that a
 * re-sent batch gets its first answer; once a batch is older than ATTENDANCE_SYNC_RETENTION_DAYS
 * (longer than the attendance window, checked at start-up) a re-sent copy can write nothing: its
 * stored marks answer `duplicate`, the rest are past the window (`MARK_TOO_OLD`). The marks, current
 * marks and history are never purged. Run daily by the worker (JobName.PurgeSyncBatches).
 */
@Injectable()
export class SyncBatchRetention {
  private readonly logger = new Logger(SyncBatchRetention.name);

  constructor(
    private readonly attendance: AttendanceRepository,
    private readonly env: Env,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The moment before which batches are purged, counted back from `now`. */
  cutoff(now: Date): Date {
    return new Date(now.getTime() - this.env.ATTENDANCE_SYNC_RETENTION_DAYS * DAY_MS);
  }

  /** Deletes every batch stored before the cutoff, chunk by chunk (each its own transaction). */
  async purge(now: Date = new Date()): Promise<{ deleted: number; before: string }> {
    const before = this.cutoff(now);
    let deleted = 0;
    for (;;) {
      const n = await this.attendance.purgeSyncBatches(this.dataSource.manager, before, PURGE_CHUNK);
      deleted += n;
      if (n < PURGE_CHUNK) break;
    }
    if (deleted > 0) this.logger.log(`purged ${deleted} offline batch answer(s) stored before ${before.toISOString()}`);
    return { deleted, before: before.toISOString() };
  }
}

/** What the worker needs of attendance: the retention of offline batches (no controllers, no other capability). */
@Module({
  providers: [AttendanceRepository, SyncBatchRetention],
  exports: [SyncBatchRetention],
})
export class AttendanceMaintenanceModule {}
