import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The counter columns of reporting_counts (as in ReportingAggregates1765010000000). */
const COUNTERS = 'registered, enrolled, attended, completed, certified, recognised, pending, rejected, failed, revoked';

/**
 * Counter updates become HOT (heap-only: no new index entry, the old version pruned on the page).
 * `reporting_counts_all_idx` INCLUDEd every counter, so every counter update changed an indexed
 * column and wrote a new entry into both indexes: about twenty per recognition, and the readers of a
 * busy unit (the country, a province) walked a growing chain of dead entries between two vacuums. The
 * primary key (level, unit_code, grp, ...) serves the same reads of group `all`. The table is
 * rewritten with free space on each page (fillfactor) for the new versions of its rows; so is the
 * daily series' new pages, where each day's rows are inserted and then updated.
 */
export class ReportingCountersHot1765040000000 implements MigrationInterface {
  name = 'ReportingCountersHot1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reporting_counts_all_idx`);
    await q.query(`ALTER TABLE reporting_counts SET (fillfactor = 60)`);
    // rewrites the table in key order with the new fillfactor (allowed in a transaction, unlike VACUUM FULL)
    await q.query(`CLUSTER reporting_counts USING reporting_counts_pkey`);
    await q.query(`ALTER TABLE reporting_daily SET (fillfactor = 70)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reporting_daily RESET (fillfactor)`);
    await q.query(`ALTER TABLE reporting_counts RESET (fillfactor)`);
    await q.query(`CREATE INDEX reporting_counts_all_idx ON reporting_counts (level, unit_code) INCLUDE (adult, ${COUNTERS}) WHERE grp = 'all'`);
  }
}
