import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessScope, type TabularFormat as ImportFormat } from '@hvs/platform';
import type { DataSource, EntityManager } from 'typeorm';

/** A rejected row as reported and stored: no personal value, only where and why. */
export interface ImportRowError {
  line: number;
  field: string;
  code: string;
  message: string;
}

export type ImportStatus = 'running' | 'completed' | 'failed';

export interface ImportCounts {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportRecord extends ImportCounts {
  id: string;
  communeCode: string;
  path: string;
  startedBy: string | null;
  startedByRole: string;
  format: ImportFormat;
  status: ImportStatus;
  batches: number;
  errors: ImportRowError[];
  errorsTruncated: boolean;
  failure: { code: string; message: string; details?: unknown } | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** The import records (table identity_resident_imports); reads take the caller's scope. */
@Injectable()
export class ResidentImportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(record: Pick<ImportRecord, 'id' | 'communeCode' | 'path' | 'startedBy' | 'startedByRole' | 'format'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO identity_resident_imports (id, commune_code, path, started_by, started_by_role, format)
       VALUES ($1, $2, $3::ltree, $4, $5, $6)`,
      [record.id, record.communeCode, record.path, record.startedBy, record.startedByRole, record.format],
    );
  }

  /** Adds a committed batch's counts and rejected rows (in that batch's transaction). */
  async addBatch(tx: EntityManager, id: string, counts: ImportCounts, errors: ImportRowError[], errorsTruncated: boolean): Promise<void> {
    await tx.query(
      `UPDATE identity_resident_imports
          SET total = total + $2, created = created + $3, updated = updated + $4, unchanged = unchanged + $5,
              rejected = rejected + $6, batches = batches + 1, errors = errors || $7::jsonb,
              errors_truncated = errors_truncated OR $8, updated_at = now()
        WHERE id = $1`,
      [id, counts.total, counts.created, counts.updated, counts.unchanged, counts.rejected, JSON.stringify(errors), errorsTruncated],
    );
  }

  /** ANALYZE of the residents table, after a bulk import changed it a lot. */
  async refreshResidentStatistics(): Promise<void> {
    await this.dataSource.query('ANALYZE identity_residents');
  }

  async finish(id: string, status: Exclude<ImportStatus, 'running'>, failure: ImportRecord['failure'] = null): Promise<void> {
    await this.dataSource.query(
      `UPDATE identity_resident_imports SET status = $2, failure = $3::jsonb, finished_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'running'`,
      [id, status, failure ? JSON.stringify(failure) : null],
    );
  }

  async findInScope(id: string, scope: AccessScope): Promise<ImportRecord | null> {
    const params: unknown[] = [id];
    let where = 'id = $1';
    if (scope.kind === 'paths') {
      params.push(scope.paths);
      where += ' AND path <@ $2::ltree[]';
    }
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, commune_code, path::text AS path, started_by, started_by_role, format, status, total, created, updated, unchanged,
              rejected, batches, errors, errors_truncated, failure, started_at, updated_at, finished_at
         FROM identity_resident_imports WHERE ${where}`,
      params,
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id as string,
      communeCode: r.commune_code as string,
      path: r.path as string,
      startedBy: r.started_by as string | null,
      startedByRole: r.started_by_role as string,
      format: r.format as ImportFormat,
      status: r.status as ImportStatus,
      total: r.total as number,
      created: r.created as number,
      updated: r.updated as number,
      unchanged: r.unchanged as number,
      rejected: r.rejected as number,
      batches: r.batches as number,
      // batches may commit out of order (two are written at once): errors by line
      errors: [...(r.errors as ImportRowError[])].sort((a, b) => a.line - b.line),
      errorsTruncated: r.errors_truncated as boolean,
      failure: r.failure as ImportRecord['failure'],
      startedAt: r.started_at as Date,
      updatedAt: r.updated_at as Date,
      finishedAt: r.finished_at as Date | null,
    };
  }
}
