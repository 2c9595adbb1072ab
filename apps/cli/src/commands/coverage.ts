import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, DatabaseModule, OutboxModule } from '@hvs/platform';
import { CoverageAggregatesModule, CoverageMaintenance, CoverageRecount } from '@hvs/reporting';
import { Outcome, type CommandOutcome } from '../command-outcome';
import type { Say } from './say';

/** What the coverage commands need: the aggregates, without HTTP or queues. */
@Module({ imports: [ConfigModule, DatabaseModule, OutboxModule, CoverageAggregatesModule] })
class CoverageCliModule {}

async function withCoverage<T>(work: (get: { recount: CoverageRecount; maintenance: CoverageMaintenance }) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(CoverageCliModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    return await work({ recount: app.get(CoverageRecount), maintenance: app.get(CoverageMaintenance) });
  } finally {
    await app.close();
  }
}

/**
 * `coverage:verify`: recounts the coverage figures from the base tables and compares them with the
 * aggregates (docs/reporting.md, "Checking"); holds when there is no difference, prints each one otherwise.
 */
export async function verifyCoverage(say: Say): Promise<CommandOutcome> {
  const result = await withCoverage(({ recount }) => recount.run());
  say(`coverage: ${result.residentsChecked} resident(s) and ${result.cellsChecked} counter cell(s) checked`);
  if (result.differences.length === 0) {
    say('coverage: no difference between the aggregates and a recount from the base tables');
    return Outcome.holds();
  }
  for (const d of result.differences) say(`  ${d.kind} ${d.where}: expected ${JSON.stringify(d.expected)}, found ${JSON.stringify(d.found)}`);
  return Outcome.failed(`${result.differences.length}${result.truncated ? '+' : ''} difference(s) between the aggregates and a recount`);
}

/** `coverage:rebuild`: recomputes the projection and the counters from the base tables (a new deployment, or after a difference). */
export async function rebuildCoverage(say: Say): Promise<CommandOutcome> {
  const changed = await withCoverage(({ maintenance }) => maintenance.rebuild());
  say(`coverage: projection rebuilt (${changed} resident row(s) changed), counters rewritten`);
  return Outcome.holds();
}

/**
 * `coverage:age-bands`: moves the residents whose age band changed by today (what the worker does just
 * after midnight and when it starts); for a system whose worker is stopped, e.g. before coverage:verify.
 */
export async function refreshCoverageAgeBands(say: Say): Promise<CommandOutcome> {
  const moved = await withCoverage(({ maintenance }) => maintenance.refreshAgeBands());
  say(`coverage: ${moved} resident(s) moved to their new age band`);
  return Outcome.holds();
}
