import ExcelJS from 'exceljs';
import type { TabularLayout } from './tabular-table';

export interface TabularTemplateOptions {
  /** Name of the sheet to fill in. */
  sheetName: string;
  /** Title of the guide sheet (its name is "Hướng dẫn"). */
  guideTitle: string;
  /** Lines printed under the guide's table (what the example row is, what happens to the file). */
  notes: readonly string[];
  /** Rows below the header that get the drop-down lists and text formats. */
  rows?: number;
}

const csvCell = (value: string, delimiter: string) =>
  value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/**
 * The CSV template: UTF-8 with a byte-order mark (so Excel shows the diacritics), CR LF, the header row
 * (each name with what to write in parentheses) and the example row. Separated by `;` by default: Excel
 * with Vietnamese regional settings opens such a file into columns (and saves CSV that way).
 */
export function tabularTemplateCsv<F extends string>(layout: TabularLayout<F>, delimiter = ';'): string {
  const lines = [layout.templateHeader(), layout.exampleRow()].map((cells) => cells.map((c) => csvCell(c, delimiter)).join(delimiter));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const REQUIRED_FILL = 'FFFCE4D6';
const OPTIONAL_FILL = 'FFDDEBF7';
const THIN = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };

/**
 * The XLSX template: a sheet to fill in (the header with each column's hint, a note on every header cell,
 * the example row, drop-down lists where the values are fixed, text format where Excel would turn what is
 * typed into a number or a date, the header frozen) and a guide sheet listing every column, whether it is
 * required, what to write and an example.
 */
export async function tabularTemplateXlsx<F extends string>(layout: TabularLayout<F>, options: TabularTemplateOptions): Promise<Buffer> {
  const rows = options.rows ?? 1000;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Học Vụ Số';
  const sheet = wb.addWorksheet(options.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = layout.columns.map((c) => ({
    width: c.width ?? Math.min(40, Math.max(14, c.header.length + 4)),
    ...(c.text ? { style: { numFmt: '@' } } : {}),
  }));
  const header = sheet.addRow(layout.templateHeader());
  header.height = 48;
  layout.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? REQUIRED_FILL : OPTIONAL_FILL } };
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    cell.note = c.description;
  });
  sheet.addRow(layout.exampleRow());
  layout.columns.forEach((c, i) => {
    if (!c.choices?.length) return;
    for (let r = 2; r <= rows + 1; r++) {
      sheet.getCell(r, i + 1).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${c.choices.join(',')}"`],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: c.header,
        error: c.description,
      };
    }
  });

  const guide = wb.addWorksheet('Hướng dẫn');
  guide.columns = [{ width: 34 }, { width: 12 }, { width: 70 }, { width: 24 }];
  guide.addRow([options.guideTitle]).font = { bold: true, size: 14 };
  guide.addRow([]);
  const head = guide.addRow(['Cột', 'Bắt buộc', 'Cách ghi', 'Ví dụ']);
  head.font = { bold: true };
  for (const c of layout.columns) {
    const row = guide.addRow([c.header, c.required ? 'có' : 'không', c.description, c.example]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  guide.addRow([]);
  for (const note of options.notes) guide.addRow([note]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
