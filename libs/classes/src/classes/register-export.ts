import ExcelJS from 'exceljs';
import { sessionColumn } from './class-rules';
import { CSV_BOM, csvLine } from '@hvs/platform';

/**
 * The class register (sổ điểm danh) as a sheet: title lines, a legend, a header row and one row per
 * person enrolled, then written as CSV (UTF-8 with BOM, for Excel) or XLSX (printable: landscape, fit
 * to the page's width, header repeated on every page).
 */

export type AttendanceStatus = 'present' | 'late' | 'excused' | 'absent';

/** The register's letters: P có mặt, M đi muộn, V vắng có phép, K vắng (không phép). */
export const REGISTER_LETTERS: Readonly<Record<AttendanceStatus, string>> = { present: 'P', late: 'M', excused: 'V', absent: 'K' };
/** A session held before the person was enrolled (not on its roster). */
export const NOT_ON_ROSTER = '-';
export const REGISTER_LEGEND = 'Ký hiệu: P = có mặt; M = đi muộn; V = vắng có phép; K = vắng; ô trống = chưa điểm danh; - = chưa ghi danh vào lớp.';

export interface RegisterSheet {
  /** The title lines: the class, its commune, the course. */
  title: string[];
  sessions: Array<{ id: string; date: string; number: number }>;
  rows: Array<{
    fullName: string;
    birthYear: number;
    villageName: string | null;
    /** Per session id: the status, null when unmarked; a session absent from the map was not on the person's roster. */
    marks: ReadonlyMap<string, AttendanceStatus | null>;
    rate: number | null;
  }>;
}

export const REGISTER_HEADER_FIXED = ['STT', 'Họ và tên', 'Năm sinh', 'Thôn/Tổ'];
export const REGISTER_RATE_HEADER = 'Tỉ lệ';

function header(sheet: RegisterSheet): string[] {
  return [...REGISTER_HEADER_FIXED, ...sheet.sessions.map((s) => sessionColumn(s.date, s.number)), REGISTER_RATE_HEADER];
}

function cell(marks: ReadonlyMap<string, AttendanceStatus | null>, sessionId: string): string {
  if (!marks.has(sessionId)) return NOT_ON_ROSTER;
  const status = marks.get(sessionId);
  return status ? REGISTER_LETTERS[status] : '';
}

const percent = (rate: number | null) => (rate === null ? '' : `${Math.round(rate * 100)}%`);

/** The cells of every line: title, legend, header, people. */
export function registerLines(sheet: RegisterSheet): Array<Array<string | number>> {
  return [
    [sheet.title.join(' — ')],
    [REGISTER_LEGEND],
    header(sheet),
    ...sheet.rows.map((r, i) => [
      i + 1,
      r.fullName,
      r.birthYear,
      r.villageName ?? '',
      ...sheet.sessions.map((s) => cell(r.marks, s.id)),
      percent(r.rate),
    ]),
  ];
}

/** The register as CSV: UTF-8 with a byte-order mark (so Excel reads the diacritics), CRLF lines. */
export function registerCsv(sheet: RegisterSheet): string {
  return CSV_BOM + registerLines(sheet).map(csvLine).join('');
}

/** Column widths (characters): STT, name, birth year, village; then each session, and the rate. */
const REGISTER_WIDTHS = [5, 28, 9.5, 16];
const SESSION_WIDTH = 8.5;

/** Worksheet names may not hold []:*?/\ and are at most 31 characters. */
const SHEET_NAME = 'Sổ điểm danh';

/** The register as a printable XLSX workbook. */
export async function registerXlsx(sheet: RegisterSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Học Vụ Số';
  const cols = header(sheet);
  const ws = wb.addWorksheet(SHEET_NAME, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: 'Trang &P / &N' },
  });
  // (exceljs leaves out a width of exactly 9, its default: every width here differs from it)
  ws.columns = cols.map((_c, i) => ({ width: REGISTER_WIDTHS[i] ?? (i === cols.length - 1 ? 8 : SESSION_WIDTH) }));
  sheet.title.forEach((line, i) => {
    const row = ws.addRow([line]);
    ws.mergeCells(row.number, 1, row.number, cols.length);
    row.font = { bold: true, size: i === 0 ? 14 : 11 };
    row.alignment = { horizontal: 'center' };
  });
  const legend = ws.addRow([REGISTER_LEGEND]);
  ws.mergeCells(legend.number, 1, legend.number, cols.length);
  legend.font = { italic: true, size: 9 };
  ws.addRow([]);
  const head = ws.addRow(cols);
  head.font = { bold: true };
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  head.eachCell((c) => {
    c.border = border;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
  sheet.rows.forEach((r, i) => {
    const row = ws.addRow([i + 1, r.fullName, r.birthYear, r.villageName ?? '', ...sheet.sessions.map((s) => cell(r.marks, s.id)), r.rate]);
    row.eachCell({ includeEmpty: true }, (c, col) => {
      c.border = border;
      if (col !== 2 && col !== 4) c.alignment = { horizontal: 'center' };
    });
    row.getCell(cols.length).numFmt = '0%';
  });
  ws.pageSetup.printTitlesRow = `${head.number}:${head.number}`;
  ws.views = [{ state: 'frozen', ySplit: head.number, xSplit: 2 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
