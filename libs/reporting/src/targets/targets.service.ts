import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GeoCatalog } from '@hvs/geography';
import { AuditLog, type Caller } from '@hvs/platform';
import type { DataSource } from 'typeorm';
import { Periods, type Period } from '../periods/periods';
import { provinceCommunesInScope } from '../province-communes';
import { ReportingErrors } from '../reporting-access';
import { TargetRepository } from './target.repository';
import type { SetTargetBody, TargetHistoryView, TargetLevel, TargetListView, UnitTargetView } from './targets.dto';

/**
 * Targets per unit and period (docs/reporting.md, "The measure"): 80 % by the period's end unless a
 * province sets its own, for itself or for one of its communes; every change kept.
 */
@Injectable()
export class TargetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: GeoCatalog,
    private readonly periods: Periods,
    private readonly targets: TargetRepository,
    private readonly audit: AuditLog,
  ) {}

  async list(provinceCode: string, periodCode: string | undefined, caller: Caller): Promise<TargetListView> {
    const { province, communes } = provinceCommunesInScope(this.catalog, provinceCode, caller.scope);
    const period = await this.periods.resolve(periodCode);
    const book = await this.targets.book(period, { provinces: [province.code], communes: communes.map((c) => c.code) });
    return {
      period: period.code,
      province: { level: 'province', code: province.code, name: province.fullName, target: book.province(province.code) },
      communes: communes.map((c) => ({ level: 'commune', code: c.code, name: c.fullName, target: book.commune(c.code, province.code) })),
    };
  }

  async history(level: TargetLevel, code: string, periodCode: string | undefined, caller: Caller): Promise<TargetHistoryView> {
    this.unit(level, code, caller);
    const period = await this.periods.resolve(periodCode);
    const rows = await this.targets.history(level, code, period.code);
    return {
      level,
      code,
      period: period.code,
      items: rows.map((r) => ({ rate: r.rate, dueOn: r.dueOn, setBy: r.setBy, setAt: r.setAt.toISOString(), supersededAt: r.supersededAt?.toISOString() ?? null })),
    };
  }

  async set(body: SetTargetBody, caller: Caller): Promise<UnitTargetView> {
    const unit = this.unit(body.level, body.code, caller);
    const period = await this.periods.resolve(body.period);
    const dueOn = body.dueOn ?? period.endsOn;
    await this.dataSource.transaction(async (tx) => {
      const change = await this.targets.set(tx, { level: body.level, code: body.code, path: unit.path, periodCode: period.code, rate: body.rate, dueOn, by: caller.account.id });
      if (change !== 'unchanged') {
        await this.audit.record(
          caller,
          { action: 'reporting.target_set', targetType: body.level, targetId: body.code, unitPath: unit.path, details: { period: period.code, rate: body.rate, dueOn, change } },
          tx,
        );
      }
    });
    return this.resolved(body.level, body.code, unit, period);
  }

  /** Ends a unit's own target: it follows its province's (a commune) or the default again. */
  async clear(level: TargetLevel, code: string, periodCode: string | undefined, caller: Caller): Promise<UnitTargetView> {
    const unit = this.unit(level, code, caller);
    const period = await this.periods.resolve(periodCode);
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.targets.clear(tx, level, code, period.code))) throw ReportingErrors.targetNotSet(level, code, period.code);
      await this.audit.record(caller, { action: 'reporting.target_clear', targetType: level, targetId: code, unitPath: unit.path, details: { period: period.code } }, tx);
    });
    return this.resolved(level, code, unit, period);
  }

  private unit(level: TargetLevel, code: string, caller: Caller): { path: string; name: string; provinceCode: string } {
    if (level === 'province') {
      if (code.length !== 2) throw ReportingErrors.targetOutsideProvince();
      const p = this.catalog.provinceInScope(code, caller.scope);
      return { path: p.path, name: p.fullName, provinceCode: p.code };
    }
    if (code.length !== 5) throw ReportingErrors.targetOutsideProvince();
    const c = this.catalog.communeInScope(code, caller.scope);
    return { path: c.path, name: c.fullName, provinceCode: c.provinceCode };
  }

  private async resolved(level: TargetLevel, code: string, unit: { name: string; provinceCode: string }, period: Period): Promise<UnitTargetView> {
    const book = await this.targets.book(period, { provinces: [unit.provinceCode], communes: level === 'commune' ? [code] : [] });
    return { level, code, name: unit.name, target: level === 'province' ? book.province(code) : book.commune(code, unit.provinceCode) };
  }
}
