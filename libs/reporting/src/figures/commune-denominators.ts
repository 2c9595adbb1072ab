import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PopulationRepository } from '../population/population.repository';
import { communeDenominator, mergeDenominators, type CommuneDenominator, type SummedDenominator } from './coverage-math';
import { COVERAGE_READ_SQL } from './coverage-sql';
import { CoverageReads, type UnitCounts } from './coverage-reads';

export interface CommuneDenominatorFigure extends CommuneDenominator {
  registeredAdults: number;
}

/** Each commune's adult population for a period: its entered figure, else its registered adults. */
@Injectable()
export class CommuneDenominators {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly populations: PopulationRepository,
    private readonly reads: CoverageReads,
  ) {}

  /** Each province's adult population summed over its communes, computed in the database (the national figure). */
  async byProvince(periodCode: string): Promise<Map<string, SummedDenominator>> {
    const rows: Array<{ provinceCode: string; adults: number; official: number; estimate: number; registered: number }> = await this.dataSource.query(
      COVERAGE_READ_SQL.provinceDenominators,
      [periodCode],
    );
    return new Map(rows.map((r) => [r.provinceCode, mergeDenominators([{ adults: r.adults, communes: { official: r.official, estimate: r.estimate, registered: r.registered } }])]));
  }

  /**
   * `counts`: the communes' counters when the caller reads them anyway (with or without the groups),
   * so that they are not read twice.
   */
  async of(periodCode: string, communeCodes: readonly string[], counts?: Promise<ReadonlyMap<string, UnitCounts>>): Promise<Map<string, CommuneDenominatorFigure>> {
    const [current, counted] = await Promise.all([
      this.populations.currentAdults(periodCode, communeCodes),
      counts ?? this.reads.counts('commune', communeCodes, false),
    ]);
    const out = new Map<string, CommuneDenominatorFigure>();
    for (const code of communeCodes) {
      const registeredAdults = counted.get(code)?.adults.registered ?? 0;
      out.set(code, { ...communeDenominator(current.get(code), registeredAdults), registeredAdults });
    }
    return out;
  }
}
