import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { COUNTERS, copyCounters, zeroCounters, type Counters, type Group, type Level } from '../aggregates/coverage-cells';
import type { DayCount } from './coverage-math';
import { COVERAGE_READ_SQL } from './coverage-sql';

/** A unit's counters: all its people (adults and minors), and the adults of each group. */
export interface UnitCounts {
  adults: Counters;
  minors: Counters;
  groups: Map<Group, Counters>;
}

export function emptyCounts(): UnitCounts {
  return { adults: zeroCounters(), minors: zeroCounters(), groups: new Map() };
}

/** Adds `b` into `a` (a unit made of others: an area of its communes). */
export function addCounts(a: UnitCounts, b: UnitCounts): void {
  for (const c of COUNTERS) {
    a.adults[c] += b.adults[c];
    a.minors[c] += b.minors[c];
  }
  for (const [g, v] of b.groups) {
    const into = a.groups.get(g) ?? zeroCounters();
    for (const c of COUNTERS) into[c] += v[c];
    a.groups.set(g, into);
  }
}

/**
 * The reads of the aggregates the figures are made of (reporting_counts and reporting_daily): a few
 * small rows per unit (its cells summed over the shards), never a scan of residents or certificates.
 */
@Injectable()
export class CoverageReads {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The counters of these units; with `groups`, also each group's (else group `all` only). Units without people are absent. */
  async counts(level: Level, codes: readonly string[], groups: boolean): Promise<Map<string, UnitCounts>> {
    const out = new Map<string, UnitCounts>();
    if (codes.length === 0) return out;
    const rows: Array<{ unit_code: string; grp: Group; adult: boolean } & Counters> = await this.dataSource.query(COVERAGE_READ_SQL.counts(groups), [
      level,
      [...codes],
    ]);
    for (const r of rows) {
      let unit = out.get(r.unit_code);
      if (!unit) out.set(r.unit_code, (unit = emptyCounts()));
      const counters = copyCounters(r);
      if (r.grp === 'all') {
        if (r.adult) unit.adults = counters;
        else unit.minors = counters;
      } else if (r.adult) {
        unit.groups.set(r.grp, counters);
      }
    }
    return out;
  }

  /** The daily series of these units together: every day with a change, from the beginning. */
  async days(level: Exclude<Level, 'village' | 'class'>, codes: readonly string[]): Promise<DayCount[]> {
    if (codes.length === 0) return [];
    return this.dataSource.query(COVERAGE_READ_SQL.days, [level, [...codes]]);
  }

  /** Certified adults gained (net) by each of these units from `from` to `to` (inclusive). */
  async gained(level: Exclude<Level, 'village' | 'class'>, codes: readonly string[], from: string, to: string): Promise<Map<string, number>> {
    if (codes.length === 0) return new Map();
    const rows: Array<{ unit_code: string; n: number }> = await this.dataSource.query(COVERAGE_READ_SQL.gained, [level, [...codes], from, to]);
    return new Map(rows.map((r) => [r.unit_code, r.n]));
  }
}
