import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Period } from '../periods/periods';
import { TargetBook } from './target-book';
import { COVERAGE_READ_SQL } from '../figures/coverage-sql';

export interface TargetRow {
  level: 'province' | 'commune';
  code: string;
  periodCode: string;
  rate: number;
  dueOn: string;
  setBy: string | null;
  setAt: Date;
  supersededAt: Date | null;
}

const COLUMNS = `unit_level AS level, unit_code AS code, period_code AS "periodCode", rate::float8 AS rate, due_on::text AS "dueOn",
  set_by AS "setBy", set_at AS "setAt", superseded_at AS "supersededAt"`;

/** The only queries of reporting_targets. A unit has at most one current target per period; a change supersedes it. */
@Injectable()
export class TargetRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async book(period: Period, units: { provinces?: readonly string[]; communes?: readonly string[] }): Promise<TargetBook> {
    const rows: TargetRow[] = await this.dataSource.query(COVERAGE_READ_SQL.targets(COLUMNS), [period.code, [...(units.provinces ?? [])], [...(units.communes ?? [])]]);
    return new TargetBook(period, new Map(rows.map((r) => [`${r.level}:${r.code}`, r])));
  }

  history(level: 'province' | 'commune', code: string, periodCode: string): Promise<TargetRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM reporting_targets WHERE unit_level = $1 AND unit_code = $2 AND period_code = $3 ORDER BY set_at DESC, id DESC`,
      [level, code, periodCode],
    );
  }

  /** Sets a unit's own target in `tx` (the current one superseded); unchanged when it says the same. */
  async set(
    tx: EntityManager,
    t: { level: 'province' | 'commune'; code: string; path: string; periodCode: string; rate: number; dueOn: string; by: string },
  ): Promise<'created' | 'updated' | 'unchanged'> {
    await tx.query(`SELECT pg_advisory_xact_lock(1767, hashtext($1 || ':' || $2 || ':' || $3))`, [t.periodCode, t.level, t.code]);
    const [current]: Array<{ id: string; rate: number; dueOn: string }> = await tx.query(
      `SELECT id, rate::float8 AS rate, due_on::text AS "dueOn" FROM reporting_targets
        WHERE period_code = $1 AND unit_level = $2 AND unit_code = $3 AND superseded_at IS NULL`,
      [t.periodCode, t.level, t.code],
    );
    if (current && Math.abs(current.rate - t.rate) < 1e-9 && current.dueOn === t.dueOn) return 'unchanged';
    if (current) await tx.query(`UPDATE reporting_targets SET superseded_at = now() WHERE id = $1`, [current.id]);
    await tx.query(
      `INSERT INTO reporting_targets (unit_level, unit_code, path, period_code, rate, due_on, set_by) VALUES ($1, $2, $3::ltree, $4, $5, $6, $7)`,
      [t.level, t.code, t.path, t.periodCode, t.rate, t.dueOn, t.by],
    );
    return current ? 'updated' : 'created';
  }

  /** Ends a unit's own target (it follows its province's, or the default, again); false when it had none. */
  async clear(tx: EntityManager, level: 'province' | 'commune', code: string, periodCode: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await tx.query(
      `UPDATE reporting_targets SET superseded_at = now() WHERE period_code = $1 AND unit_level = $2 AND unit_code = $3 AND superseded_at IS NULL`,
      [periodCode, level, code],
    );
    return affected > 0;
  }
}
