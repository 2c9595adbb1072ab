import { Injectable } from '@nestjs/common';
import { PopulationRepository } from '../population/population.repository';
import { communeDenominator, type CommuneDenominator } from './coverage-math';
import { CoverageReads } from './coverage-reads';

export interface CommuneDenominatorFigure extends CommuneDenominator {
  registeredAdults: number;
}

/** Each commune's adult population for a period: its entered figure, else its registered adults. */
@Injectable()
export class CommuneDenominators {
  constructor(
    private readonly populations: PopulationRepository,
    private readonly reads: CoverageReads,
  ) {}

  async of(periodCode: string, communeCodes: readonly string[]): Promise<Map<string, CommuneDenominatorFigure>> {
    const [current, counts] = await Promise.all([this.populations.currentAdults(periodCode, communeCodes), this.reads.counts('commune', communeCodes, false)]);
    const out = new Map<string, CommuneDenominatorFigure>();
    for (const code of communeCodes) {
      const registeredAdults = counts.get(code)?.adults.registered ?? 0;
      out.set(code, { ...communeDenominator(current.get(code), registeredAdults), registeredAdults });
    }
    return out;
  }
}
