import { vietnamToday } from '@hvs/platform';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ResidentProfiles } from '@hvs/identity';
import type { DataSource } from 'typeorm';
import { CoverageProjector } from './coverage-projector';
import { CoverageRepository } from './coverage.repository';

const BATCH = 1000;

/**
 * The coverage aggregates' upkeep outside events: birthdays (a resident's age band changes with the
 * date, not with an event) and a rebuild of the projection from the facts (a new deployment, or after
 * `coverage:verify` found a difference). Each batch is one transaction, like a consumer's run.
 */
@Injectable()
export class CoverageMaintenance {
  private readonly logger = new Logger(CoverageMaintenance.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CoverageRepository,
    private readonly projector: CoverageProjector,
    private readonly profiles: ResidentProfiles,
  ) {}

  /** Moves every resident whose age band changes on or before `today` into their new band; returns how many. */
  async refreshAgeBands(today = vietnamToday()): Promise<number> {
    let moved = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await this.repository.bandChangesDue(this.dataSource.manager, today, after, BATCH);
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      moved += await this.dataSource.transaction((tx) => this.projector.refresh(tx, ids, today));
    }
    if (moved > 0) this.logger.log(`age bands: ${moved} resident(s) moved on ${today}`);
    return moved;
  }

  /**
   * Recomputes every active resident's projection, drops those of residents no longer active, then
   * rewrites the counters from the projection; returns the projection rows changed. (The daily series
   * is history: it is kept as it is.)
   */
  async rebuild(today = vietnamToday()): Promise<number> {
    let changed = 0;
    let after: string | null = null;
    for (;;) {
      const page = await this.profiles.page(after, BATCH);
      if (page.length === 0) break;
      after = page[page.length - 1].residentId;
      changed += await this.dataSource.transaction((tx) => this.projector.refresh(tx, page.map((p) => p.residentId), today));
    }
    let stale: string | null = null;
    for (;;) {
      const rows = await this.repository.page(this.dataSource.manager, stale, BATCH);
      if (rows.length === 0) break;
      stale = rows[rows.length - 1].residentId;
      const active = await this.profiles.of(rows.map((r) => r.residentId));
      const gone = rows.filter((r) => !active.has(r.residentId)).map((r) => r.residentId);
      if (gone.length > 0) changed += await this.dataSource.transaction((tx) => this.projector.refresh(tx, gone, today));
    }
    await this.dataSource.transaction((tx) => this.repository.rewriteCounts(tx));
    return changed;
  }
}
