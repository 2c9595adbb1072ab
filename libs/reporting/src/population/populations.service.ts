import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GeoCatalog } from '@hvs/geography';
import { AccessScope, AppError, AuditLog, type Caller, openTabularTable, tabularTemplateCsv, tabularTemplateXlsx, vietnamToday } from '@hvs/platform';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CommuneDenominators } from '../figures/commune-denominators';
import { Periods } from '../periods/periods';
import { provinceCommunesInScope } from '../province-communes';
import { checkPopulationRow, POPULATION_LAYOUT, POPULATION_TEMPLATE_NOTES, type PopulationRow } from './population-import';
import { PopulationRepository, type PopulationChange, type PopulationFigure } from './population.repository';
import type {
  CommunePopulationView,
  PopulationFigureView,
  PopulationHistoryView,
  PopulationImportErrorView,
  PopulationImportView,
  PopulationListView,
  SetPopulationBody,
} from './population.dto';

/** A province has at most ~170 communes: a file of more rows than this is not a population file. */
const MAX_IMPORT_ROWS = 5000;
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** Rejected rows reported (the rest are counted). */
const MAX_ERRORS = 500;

/**
 * Official adult populations per commune and period (docs/reporting.md, "The measure"): entered one
 * by one or imported from a province's CSV/XLSX file by province officers (and administrators), each
 * with its source and date, every change kept. Entering the same figure again changes nothing.
 */
@Injectable()
export class PopulationsService {
  private xlsxTemplate: Promise<Buffer> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: GeoCatalog,
    private readonly periods: Periods,
    private readonly populations: PopulationRepository,
    private readonly denominators: CommuneDenominators,
    private readonly audit: AuditLog,
  ) {}

  /** The communes of a province that lie in the caller's scope, with their figure or the fallback. */
  async list(provinceCode: string, periodCode: string | undefined, caller: Caller): Promise<PopulationListView> {
    const { province, communes } = provinceCommunesInScope(this.catalog, provinceCode, caller.scope);
    const period = await this.periods.resolve(periodCode);
    const items = await this.communeViews(communes, period.code);
    return { provinceCode: province.code, period: period.code, fallbackCommunes: items.filter((i) => i.denominatorSource === 'registered').length, items };
  }

  async history(communeCode: string, periodCode: string | undefined, caller: Caller): Promise<PopulationHistoryView> {
    const commune = this.catalog.communeInScope(communeCode, caller.scope);
    const period = await this.periods.resolve(periodCode);
    const rows = await this.populations.history(commune.code, period.code);
    return { communeCode: commune.code, period: period.code, items: rows.map((r) => ({ ...figureView(r), supersededAt: r.supersededAt ? r.supersededAt.toISOString() : null })) };
  }

  /** Sets one commune's figure (audited); the answer is the commune's current state. */
  async set(communeCode: string, periodCode: string | undefined, body: SetPopulationBody, caller: Caller): Promise<CommunePopulationView> {
    const commune = this.catalog.communeInScope(communeCode, caller.scope);
    const period = await this.periods.resolve(periodCode);
    if (body.sourceDate > vietnamToday()) {
      throw AppError.badRequest('SOURCE_DATE_IN_FUTURE', 'Ngày số liệu không được sau hôm nay.', { field: 'sourceDate' });
    }
    await this.dataSource.transaction(async (tx) => {
      const change = await this.populations.set(tx, {
        communeCode: commune.code,
        path: commune.path,
        periodCode: period.code,
        adults: body.adults,
        source: body.source,
        sourceDate: body.sourceDate,
        estimate: false,
        enteredBy: caller.account.id,
        importId: null,
      });
      if (change !== 'unchanged') {
        await this.audit.record(
          caller,
          { action: 'reporting.population_set', targetType: 'commune', targetId: commune.code, unitPath: commune.path, details: { period: period.code, ...body, change } },
          tx,
        );
      }
    });
    const [view] = await this.communeViews([commune], period.code);
    return view;
  }

  /** Each commune's current figure, or its fallback, and the denominator the figures use. */
  private async communeViews(communes: ReadonlyArray<{ code: string; fullName: string }>, periodCode: string): Promise<CommunePopulationView[]> {
    const codes = communes.map((c) => c.code);
    const [current, denominators] = await Promise.all([this.populations.current(periodCode, codes), this.denominators.of(periodCode, codes)]);
    return communes.map((c) => {
      const d = denominators.get(c.code)!;
      const p = current.get(c.code);
      return {
        communeCode: c.code,
        communeName: c.fullName,
        period: periodCode,
        population: p ? figureView(p) : null,
        registeredAdults: d.registeredAdults,
        denominatorSource: d.source,
        denominator: d.adults,
      };
    });
  }

  /**
   * Imports a province's file: every row checked (unknown commune, another province's, outside the
   * scope, a commune twice, bad numbers or dates: reported with the line), the valid rows set in one
   * transaction with the import's record. Importing the same file again reports every row unchanged.
   */
  async import(
    provinceCode: string,
    periodCode: string | undefined,
    body: unknown,
    headers: { contentType?: string; contentLength?: string },
    caller: Caller,
  ): Promise<PopulationImportView> {
    const { province } = provinceCommunesInScope(this.catalog, provinceCode, caller.scope);
    const period = await this.periods.resolve(periodCode);
    const today = vietnamToday();
    const table = await openTabularTable(body, headers, { layout: POPULATION_LAYOUT, maxBytes: MAX_IMPORT_BYTES });
    const errors: PopulationImportErrorView[] = [];
    let rejected = 0;
    const reject = (line: number, problem: { code: string; field: string; message: string }) => {
      if (errors.length < MAX_ERRORS) errors.push({ line, ...problem });
    };
    const valid: Array<PopulationRow & { line: number; path: string }> = [];
    const seen = new Map<string, number>();
    const digest = createHash('sha256');
    let total = 0;
    try {
      for await (const row of table.rows) {
        if (++total > MAX_IMPORT_ROWS) {
          throw AppError.badRequest('IMPORT_TOO_MANY_ROWS', `Tệp có quá nhiều dòng (tối đa ${MAX_IMPORT_ROWS}).`, { max: MAX_IMPORT_ROWS });
        }
        const checked = checkPopulationRow(row.cells, table.columns, today);
        if (!checked.ok) {
          rejected++;
          for (const p of checked.problems) reject(row.line, p);
          continue;
        }
        const r = checked.row;
        const commune = this.catalog.commune(r.communeCode);
        const problem = !commune
          ? { code: 'COMMUNE_NOT_FOUND', field: 'communeCode', message: `Không có xã/phường mã ${r.communeCode}.` }
          : commune.provinceCode !== province.code
            ? { code: 'COMMUNE_OUTSIDE_PROVINCE', field: 'communeCode', message: `Xã/phường ${r.communeCode} không thuộc ${province.fullName}.` }
            : !AccessScope.includes(caller.scope, commune.path)
              ? { code: 'OUTSIDE_SCOPE', field: 'communeCode', message: `Xã/phường ${r.communeCode} nằm ngoài phạm vi quản lý của bạn.` }
              : seen.has(r.communeCode)
                ? { code: 'DUPLICATE_COMMUNE', field: 'communeCode', message: `Xã/phường ${r.communeCode} đã có ở dòng ${seen.get(r.communeCode)}.` }
                : null;
        if (problem || !commune) {
          rejected++;
          reject(row.line, problem!);
          continue;
        }
        seen.set(r.communeCode, row.line);
        digest.update(`${r.communeCode}|${r.adults}|${r.source}|${r.sourceDate}\n`);
        valid.push({ ...r, line: row.line, path: commune.path });
      }
    } finally {
      await table.close();
    }
    if (total === 0) throw AppError.badRequest('IMPORT_EMPTY', 'Tệp không có dòng số liệu nào dưới dòng tiêu đề.');

    const id = uuidv7();
    const counts: Record<PopulationChange, number> = { created: 0, updated: 0, unchanged: 0 };
    await this.dataSource.transaction(async (tx) => {
      await this.populations.recordImport(tx, {
        id,
        provinceCode: province.code,
        periodCode: period.code,
        sha256: digest.digest('hex'),
        fileName: null,
        total,
        changed: 0,
        unchanged: 0,
        rejected,
        errors,
        by: caller.account.id,
      });
      for (const r of valid) {
        const change = await this.populations.set(tx, {
          communeCode: r.communeCode,
          path: r.path,
          periodCode: period.code,
          adults: r.adults,
          source: r.source,
          sourceDate: r.sourceDate,
          estimate: false,
          enteredBy: caller.account.id,
          importId: id,
        });
        counts[change]++;
      }
      await tx.query(`UPDATE reporting_population_imports SET rows_changed = $2, rows_unchanged = $3 WHERE id = $1`, [id, counts.created + counts.updated, counts.unchanged]);
      await this.audit.record(
        caller,
        {
          action: 'reporting.population_import',
          targetType: 'province',
          targetId: province.code,
          unitPath: province.path,
          details: { period: period.code, importId: id, total, ...counts, rejected },
        },
        tx,
      );
    });
    return { id, provinceCode: province.code, period: period.code, total, ...counts, rejected, errors };
  }

  templateCsv(): string {
    return tabularTemplateCsv(POPULATION_LAYOUT);
  }

  templateXlsx(): Promise<Buffer> {
    this.xlsxTemplate ??= tabularTemplateXlsx(POPULATION_LAYOUT, {
      sheetName: 'Dân số từ 18 tuổi',
      guideTitle: 'Hướng dẫn điền số người từ 18 tuổi trở lên theo xã (Học Vụ Số)',
      notes: POPULATION_TEMPLATE_NOTES,
      rows: 300,
    }).catch((err: unknown) => {
      this.xlsxTemplate = undefined;
      throw err;
    });
    return this.xlsxTemplate;
  }
}

function figureView(p: PopulationFigure): PopulationFigureView {
  return {
    adults: p.adults,
    source: p.source,
    sourceDate: p.sourceDate,
    estimate: p.estimate,
    enteredAt: p.enteredAt.toISOString(),
    enteredBy: p.enteredBy,
    importId: p.importId,
  };
}
