import { Injectable, Logger } from '@nestjs/common';
import { GeoCatalog, VillageRepository } from '@hvs/geography';
import {
  AccessScope,
  AppError,
  normalizeSearchText,
  openTabularTable,
  tabularTemplateCsv,
  tabularTemplateXlsx,
  type Caller,
  type TabularTable,
} from '@hvs/platform';
import { v7 as uuidv7 } from 'uuid';
import { RESIDENT_IMPORT_LAYOUT, type ImportField } from './import-columns';
import { ImportErrors, RowProblems } from './import-errors';
import { checkImportRow } from './import-row';
import { ResidentImportRepository, type ImportCounts, type ImportRecord } from './resident-import.repository';
import { FirstLines, ImportBatchPool, type ImportBatch } from './import-batch';
import { ResidentImportWriter, type ImportTarget } from './resident-import.writer';
import type { ResidentImportView } from './resident-import.dto';

/** Valid rows per batch: one transaction, one multi-row INSERT / UPDATE each. */
export const IMPORT_BATCH_ROWS = 1000;
/** Batches written at once (each its own transaction): the database works on one while the api prepares the next. */
const IMPORT_WRITERS = 2;
/** A batch also ends after this many lines, so a file of rejected rows does not pile up errors in memory. */
const IMPORT_BATCH_MAX_LINES = 5000;
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 500_000;
/** Rejected-row reports kept (in the answer and on the record); past it `errorsTruncated` is true. */
export const IMPORT_ERRORS_CAP = 1000;
/** Rows read between two turns of the event loop (so the batch being written is not kept waiting). */
const YIELD_EVERY_ROWS = 64;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** A "running" import whose last batch is older than this was interrupted (the process stopped). */
const INTERRUPTED_AFTER_MS = 10 * 60_000;

/**
 * Bulk import of residents by officers from a CSV or XLSX file (ResidentImportsController). The file is streamed:
 * rows are read, checked and hashed one at a time and written in batches of 1,000 valid rows, each in
 * its own transaction (ResidentImportWriter). The next batch is read and prepared while the previous
 * one is written, and reading waits for that write, so at most two batches are in memory whatever
 * the size of the file. Committed batches stay if the import stops half-way; uploading the file
 * again completes it (rows already imported are "unchanged").
 */
/** An import that adds this many residents refreshes the table's planner statistics at its end. */
const REFRESH_STATISTICS_AFTER_ROWS = 1000;

@Injectable()
export class ResidentImportsService {
  private readonly logger = new Logger('ResidentImports');
  private xlsxTemplate: Promise<Buffer> | undefined;

  constructor(
    private readonly catalog: GeoCatalog,
    private readonly villages: VillageRepository,
    private readonly imports: ResidentImportRepository,
    private readonly writer: ResidentImportWriter,
  ) {}

  async import(
    communeCode: string,
    body: unknown,
    headers: { contentType?: string; contentLength?: string },
    caller: Caller,
  ): Promise<ResidentImportView> {
    const commune = this.catalog.communeInScope(communeCode, caller.scope);
    const source = await openTabularTable(body, headers, { layout: RESIDENT_IMPORT_LAYOUT, maxBytes: IMPORT_MAX_BYTES });
    try {
      return await this.importTable(communeCode, commune.path, source, caller);
    } finally {
      await source.close();
    }
  }

  private async importTable(communeCode: string, communePath: string, source: TabularTable<ImportField>, caller: Caller): Promise<ResidentImportView> {
    const { columns, ignored } = source;
    const [villages] = await this.villages.list({ communeCode }, { limit: 10_000, offset: 0 }, caller.scope);
    const target: ImportTarget = {
      importId: uuidv7(),
      communeCode,
      communePath,
      villagePaths: new Map(villages.map((v) => [v.code, v.path])),
      caller,
    };
    const rowContext = { communeCode, villages: new Set(villages.map((v) => v.code)) };
    await this.imports.create({
      id: target.importId,
      communeCode,
      path: communePath,
      startedBy: caller.account.id,
      startedByRole: caller.account.role,
      format: source.format,
    });

    const started = Date.now();
    const totals: ImportCounts = { total: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
    let storedErrors = 0;
    /** Batches being written, oldest first: up to IMPORT_WRITERS transactions at once, while reading goes on. */
    const inFlight: Array<{ batch: ImportBatch; done: Promise<void> }> = [];
    const drain = async (keep: number) => {
      while (inFlight.length > keep) await inFlight.shift()?.done;
    };
    const firstLines = new FirstLines();
    let rows = 0;
    const batches = new ImportBatchPool(IMPORT_BATCH_ROWS);
    let batch = batches.take(1);
    /** Whether the last batch written was mostly new residents: then the next rows are encrypted ahead, while a batch is written. */
    let mostlyNew = true;

    /**
     * Hands the filled batch to the writer; with IMPORT_WRITERS batches already being written, waits for
     * the oldest first. Reading and checking the next rows goes on meanwhile. The error budget of a batch
     * counts the errors of the batches still in flight.
     */
    const flush = async () => {
      if (batch.total === 0) return;
      await drain(IMPORT_WRITERS - 1);
      const ready = batch;
      batch = batches.take(ready.index + 1);
      const budget = IMPORT_ERRORS_CAP - storedErrors - inFlight.reduce((n, f) => n + f.batch.errors.length, 0);
      const done = this.writer.write(ready, target, Math.max(0, budget)).then((outcome) => {
        for (const k of Object.keys(totals) as Array<keyof ImportCounts>) totals[k] += outcome.counts[k];
        mostlyNew = outcome.counts.created >= outcome.counts.updated + outcome.counts.unchanged;
        storedErrors += outcome.storedErrors;
        batches.give(ready);
      });
      done.catch(() => undefined); // awaited later; a failure is handled there
      inFlight.push({ batch: ready, done });
    };

    try {
      for await (const row of source.rows) {
        if (++rows > IMPORT_MAX_ROWS) throw ImportErrors.tooManyRows(IMPORT_MAX_ROWS, target.importId);
        if (batch.total === 0) batch.firstLine = row.line;
        batch.lastLine = row.line;
        batch.total++;
        const checked = checkImportRow(row.cells, columns, rowContext);
        if (!checked.ok) {
          batch.rejectedRows++;
          for (const p of checked.problems) batch.errors.push({ line: row.line, ...p });
        } else {
          const normalizedName = normalizeSearchText(checked.values.fullName);
          const keys = this.writer.keys(checked.values, normalizedName, communeCode);
          const first = firstLines.firstOr(keys.cccdIndex ?? keys.dedupeIndex, keys.cccdIndex !== null, row.line);
          if (first !== undefined) {
            batch.rejectedRows++;
            batch.errors.push({ line: row.line, ...RowProblems.duplicateInFile(first, keys.cccdIndex ? 'cccd' : 'nameAndBirthDate') });
          } else {
            this.writer.add(batch, row.line, checked.values, normalizedName, keys, mostlyNew);
          }
        }
        if (batch.full || batch.total >= IMPORT_BATCH_MAX_LINES) await flush();
        // rows parsed from a buffered chunk follow each other as microtasks: let the database's answers in now and then
        else if (rows % YIELD_EVERY_ROWS === 0) await yieldToEventLoop();
      }
      await flush();
      await drain(0);
      await this.imports.finish(target.importId, 'completed');
    } catch (err) {
      await Promise.allSettled(inFlight.map((f) => f.done));
      const failure = err instanceof AppError ? { code: err.code, message: err.message } : { code: 'INTERNAL_ERROR', message: 'Lỗi hệ thống khi nhập tệp.' };
      await this.imports.finish(target.importId, 'failed', failure).catch(() => undefined);
      this.logger.warn({ msg: 'resident import failed', importId: target.importId, communeCode, ...totals, failure: failure.code });
      if (err instanceof AppError) {
        const details = typeof err.details === 'object' && err.details !== null ? err.details : {};
        throw new AppError(err.status, err.code, `${err.message} Các lô đã ghi được giữ lại; tải lại tệp sẽ nhập tiếp phần còn lại.`, {
          ...details,
          importId: target.importId,
        });
      }
      throw err;
    }
    const ms = Date.now() - started;
    if (totals.created >= REFRESH_STATISTICS_AFTER_ROWS) {
      // fresh planner statistics now rather than at autovacuum's next pass: prepared statements' cached
      // plans are rebuilt on them (docs/benchmarks.md, "plans"); in the background, the answer need not wait
      void this.imports.refreshResidentStatistics().catch((err: unknown) => this.logger.warn({ msg: 'ANALYZE after import failed', err: String(err) }));
    }
    this.logger.log({ msg: 'resident import completed', importId: target.importId, communeCode, format: source.format, ...totals, ms });
    const record = await this.imports.findInScope(target.importId, AccessScope.all());
    if (!record) throw new Error(`import ${target.importId} vanished`);
    return { ...view(record), ignoredColumns: ignored };
  }

  async get(id: string, caller: Caller): Promise<ResidentImportView> {
    const record = await this.imports.findInScope(id, caller.scope);
    if (!record) throw ImportErrors.notFound(id);
    return view(record);
  }

  /** The CSV template (platform's tabularTemplateCsv): the header with what to write in each column, and the example row. */
  templateCsv(): string {
    return tabularTemplateCsv(RESIDENT_IMPORT_LAYOUT);
  }

  /** The XLSX template: the sheet to fill in (drop-down lists, text columns) and a guide sheet. Built once. */
  templateXlsx(): Promise<Buffer> {
    this.xlsxTemplate ??= tabularTemplateXlsx(RESIDENT_IMPORT_LAYOUT, {
      sheetName: 'Danh sách người dân',
      guideTitle: 'Hướng dẫn điền danh sách người dân (Học Vụ Số)',
      notes: TEMPLATE_NOTES,
    }).catch((err: unknown) => {
      this.xlsxTemplate = undefined;
      throw err;
    });
    return this.xlsxTemplate;
  }
}

/** What the guide sheet says below the table of columns. */
const TEMPLATE_NOTES = [
  'Mỗi dòng là một người dân. Dòng 2 của trang "Danh sách người dân" là dòng ví dụ: hãy ghi đè bằng thông tin của người đầu tiên (nếu để nguyên, dòng ví dụ bị từ chối và không được nhập).',
  'Không đổi tên các cột. Có thể thêm cột khác (ví dụ "STT", "Ghi chú"): các cột đó được bỏ qua.',
  'Chỉ nhập người dân đã ký phiếu đồng ý lưu hồ sơ học tập (cột "Đồng ý" ghi "có").',
  'Gửi lại cùng một tệp không tạo người trùng: cùng số CCCD (hoặc, khi không có CCCD, cùng họ tên và ngày sinh) là cùng một người.',
];

function view(r: ImportRecord): ResidentImportView {
  const interrupted = r.status === 'running' && Date.now() - r.updatedAt.getTime() > INTERRUPTED_AFTER_MS;
  return {
    importId: r.id,
    communeCode: r.communeCode,
    status: interrupted ? 'interrupted' : r.status,
    format: r.format,
    total: r.total,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    errors: r.errors,
    errorsTruncated: r.errorsTruncated,
    failure: r.failure,
    startedBy: r.startedBy,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
  };
}
