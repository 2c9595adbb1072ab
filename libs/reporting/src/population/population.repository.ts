import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { COVERAGE_READ_SQL } from '../figures/coverage-sql';

/** The advisory-lock class of one commune's population in one period (the key: a hash of both). */
const POPULATION_LOCK_CLASS = 1766;

export interface PopulationFigure {
  communeCode: string;
  periodCode: string;
  adults: number;
  source: string;
  sourceDate: string;
  estimate: boolean;
  enteredBy: string | null;
  enteredAt: Date;
  importId: string | null;
  supersededAt: Date | null;
}

/** A figure to set: what it says, and the commune's path (for scope filters). */
export type NewPopulation = Pick<PopulationFigure, 'communeCode' | 'periodCode' | 'adults' | 'source' | 'sourceDate' | 'estimate' | 'enteredBy' | 'importId'> & {
  path: string;
};

export type PopulationChange = 'created' | 'updated' | 'unchanged';

/** What a figure's denominator needs of a commune's current population (the figures read thousands at once). */
export const DENOMINATOR_COLUMNS = `commune_code AS "communeCode", adults, estimate`;

const COLUMNS = `commune_code AS "communeCode", period_code AS "periodCode", adults, source, source_date::text AS "sourceDate", estimate,
  entered_by AS "enteredBy", entered_at AS "enteredAt", import_id AS "importId", superseded_at AS "supersededAt"`;

/**
 * The only queries of reporting_populations and reporting_population_imports. A commune has at most one
 * current figure per period; a change supersedes it (history kept, never overwritten).
 */
@Injectable()
export class PopulationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The current figures of these communes for the period. */
  async current(periodCode: string, communeCodes: readonly string[], manager?: EntityManager): Promise<Map<string, PopulationFigure>> {
    if (communeCodes.length === 0) return new Map();
    const rows: PopulationFigure[] = await (manager ?? this.dataSource.manager).query(COVERAGE_READ_SQL.populations(COLUMNS), [periodCode, [...communeCodes]]);
    return new Map(rows.map((r) => [r.communeCode, r]));
  }

  /** The current adult populations of these communes (what a denominator needs: no source, no dates). */
  async currentAdults(periodCode: string, communeCodes: readonly string[]): Promise<Map<string, { adults: number; estimate: boolean }>> {
    if (communeCodes.length === 0) return new Map();
    const rows: Array<{ communeCode: string; adults: number; estimate: boolean }> = await this.dataSource.query(
      COVERAGE_READ_SQL.populations(DENOMINATOR_COLUMNS),
      [periodCode, [...communeCodes]],
    );
    return new Map(rows.map((r) => [r.communeCode, r]));
  }

  /** Every figure a commune had for the period, the newest first. */
  history(communeCode: string, periodCode: string): Promise<PopulationFigure[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM reporting_populations WHERE commune_code = $1 AND period_code = $2 ORDER BY entered_at DESC, id DESC`,
      [communeCode, periodCode],
    );
  }

  /**
   * Sets a commune's figure in `tx`: unchanged when the current one says the same (so entering or
   * importing it again is harmless), else the current one is superseded and the new one added.
   */
  async set(tx: EntityManager, p: NewPopulation): Promise<PopulationChange> {
    await tx.query(`SELECT pg_advisory_xact_lock(${POPULATION_LOCK_CLASS}, hashtext($1 || ':' || $2))`, [p.periodCode, p.communeCode]);
    const [current]: Array<{ id: string; adults: number; source: string; sourceDate: string; estimate: boolean }> = await tx.query(
      `SELECT id, adults, source, source_date::text AS "sourceDate", estimate FROM reporting_populations
        WHERE period_code = $1 AND commune_code = $2 AND superseded_at IS NULL`,
      [p.periodCode, p.communeCode],
    );
    if (current && current.adults === p.adults && current.source === p.source && current.sourceDate === p.sourceDate && current.estimate === p.estimate) {
      return 'unchanged';
    }
    if (current) await tx.query(`UPDATE reporting_populations SET superseded_at = now() WHERE id = $1`, [current.id]);
    await tx.query(
      `INSERT INTO reporting_populations (commune_code, path, period_code, adults, source, source_date, estimate, entered_by, import_id)
       VALUES ($1, $2::ltree, $3, $4, $5, $6, $7, $8, $9)`,
      [p.communeCode, p.path, p.periodCode, p.adults, p.source, p.sourceDate, p.estimate, p.enteredBy, p.importId],
    );
    return current ? 'updated' : 'created';
  }

  /** A finished import of a province's file, with its counts and rejected rows. */
  async recordImport(
    tx: EntityManager,
    i: { id: string; provinceCode: string; periodCode: string; sha256: string; fileName: string | null; total: number; changed: number; unchanged: number; rejected: number; errors: unknown[]; by: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO reporting_population_imports (id, province_code, period_code, file_sha256, file_name, rows_total, rows_changed, rows_unchanged, rows_rejected, errors, imported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)`,
      [i.id, i.provinceCode, i.periodCode, i.sha256, i.fileName, i.total, i.changed, i.unchanged, i.rejected, JSON.stringify(i.errors), i.by],
    );
  }
}
