import { vietnamToday } from '@hvs/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Caller } from '@hvs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { ReportingErrors } from '../reporting-access';
import type { CreatePeriodBody, PeriodView } from './periods.dto';

export interface Period {
  code: string;
  name: string;
  kind: 'year' | 'campaign';
  startsOn: string;
  endsOn: string;
}

const COLUMNS = `code, name, kind, starts_on::text AS "startsOn", ends_on::text AS "endsOn"`;

/**
 * Reporting periods (reporting_periods): the calendar years (seeded) and campaigns administrators add.
 * A figure is for one period; without one named, the current year in Vietnam.
 */
@Injectable()
export class Periods {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(): Promise<Period[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM reporting_periods ORDER BY starts_on DESC, kind DESC, code`);
  }

  /** The named period, or the current year's; 404 PERIOD_NOT_FOUND for an unknown code. */
  async resolve(code: string | undefined, manager?: EntityManager): Promise<Period> {
    const wanted = code ?? vietnamToday().slice(0, 4);
    const [row]: Period[] = await (manager ?? this.dataSource.manager).query(`SELECT ${COLUMNS} FROM reporting_periods WHERE code = $1`, [wanted]);
    if (!row) throw ReportingErrors.periodNotFound(wanted);
    return row;
  }

  async create(body: CreatePeriodBody, caller: Caller): Promise<PeriodView> {
    if (body.endsOn < body.startsOn) throw ReportingErrors.badRange();
    const rows: Period[] = await this.dataSource.query(
      `INSERT INTO reporting_periods (code, name, kind, starts_on, ends_on, created_by) VALUES ($1, $2, 'campaign', $3, $4, $5)
       ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
      [body.code, body.name, body.startsOn, body.endsOn, caller.account.id],
    );
    if (rows.length === 0) throw ReportingErrors.periodExists(body.code);
    return rows[0];
  }
}
