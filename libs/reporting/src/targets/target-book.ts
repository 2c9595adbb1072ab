import type { Period } from '../periods/periods';
import type { TargetRow } from './target.repository';

/** The national target: at least 80 % of adults certified. */
export const DEFAULT_TARGET_RATE = 0.8;

/** The target a unit is measured against, and whose it is. */
export interface Target {
  rate: number;
  dueOn: string;
  /** `commune`: the commune's own; `province`: its province's; `default`: the national 80 % at the period's end. */
  setFor: 'commune' | 'province' | 'default';
}

/** The targets of a period for some provinces and communes, resolved: a commune's own, else its province's, else the default. */
export class TargetBook {
  constructor(
    private readonly period: Period,
    private readonly rows: ReadonlyMap<string, TargetRow>,
  ) {}

  province(code: string): Target {
    const own = this.rows.get(`province:${code}`);
    return own ? { rate: own.rate, dueOn: own.dueOn, setFor: 'province' } : this.default();
  }

  commune(code: string, provinceCode: string): Target {
    const own = this.rows.get(`commune:${code}`);
    return own ? { rate: own.rate, dueOn: own.dueOn, setFor: 'commune' } : this.province(provinceCode);
  }

  default(): Target {
    return { rate: DEFAULT_TARGET_RATE, dueOn: this.period.endsOn, setFor: 'default' };
  }

  own(level: 'province' | 'commune', code: string): TargetRow | undefined {
    return this.rows.get(`${level}:${code}`);
  }
}

