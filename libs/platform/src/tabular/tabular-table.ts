import { normalizeSearchText } from '../text/normalize';
import { cellText, isBlankRow } from './tabular-cells';
import { TabularErrors } from './tabular-errors';
import { openTabularSource, type TabularFormat, type TabularRow } from './tabular-source';

/** One column of a tabular file (an import's column, and the template's). */
export interface TabularColumn<F extends string = string> {
  field: F;
  /** The column's name, as people see it in the template. */
  header: string;
  /** Other names accepted for the same column (compared without diacritics, case or punctuation). */
  aliases?: readonly string[];
  /** A required column must be in the header row (its cells may still be empty where the field is optional). */
  required: boolean;
  /** Short note on what to write, shown in parentheses after the name in the template's header ("Nam/Nữ"). */
  hint: string;
  /** The full explanation, in the template's guide (and as the header cell's note in XLSX). */
  description: string;
  /** The template's example row. */
  example: string;
  /** Values offered as a drop-down list in the XLSX template. */
  choices?: readonly string[];
  /** The XLSX template keeps typed values as text (leading zeros of a CCCD, a date as written). */
  text?: boolean;
  /** Width of the column in the XLSX template (characters). */
  width?: number;
}

/** Where each field is in a file's rows: cell index, or absent. */
export type ColumnMap<F extends string> = Partial<Record<F, number>>;

/** How one row reads as a header. */
export interface HeaderMatch<F extends string> {
  columns: ColumnMap<F>;
  /** Columns recognised. */
  recognised: number;
  /** Names of required columns not found. */
  missing: string[];
  /** Non-empty cells that name no column (as written, at most 60 characters each). */
  unknown: string[];
  /** Columns given twice (their template names). */
  duplicated: string[];
}

/**
 * The name a header cell gives: a trailing note in parentheses ("Giới tính (Nam/Nữ)", as the template
 * writes them) is dropped, then diacritics, case and punctuation ("Họ và tên *") are ignored.
 */
export function headerKey(text: string): string {
  return normalizeSearchText(text.normalize('NFC').replace(/\s*\([^()]*\)\s*$/u, ''));
}

/** The columns of a kind of file: reads its header row, and gives the template's header and example row. */
export class TabularLayout<F extends string> {
  private readonly byKey: ReadonlyMap<string, TabularColumn<F>>;

  constructor(readonly columns: readonly TabularColumn<F>[]) {
    const byKey = new Map<string, TabularColumn<F>>();
    for (const c of columns) {
      for (const name of [c.header, ...(c.aliases ?? [])]) {
        const key = headerKey(name);
        const other = byKey.get(key);
        if (other && other !== c) throw new Error(`header "${name}" names both ${other.field} and ${c.field}`);
        byKey.set(key, c);
      }
    }
    this.byKey = byKey;
  }

  /** The template's header row: each column's name with its hint. */
  templateHeader(): string[] {
    return this.columns.map((c) => (c.hint ? `${c.header} (${c.hint})` : c.header));
  }

  /** The template's example row. */
  exampleRow(): string[] {
    return this.columns.map((c) => c.example);
  }

  /** Reads `cells` as a header row (each known column by its name or an alias). */
  match(cells: readonly unknown[]): HeaderMatch<F> {
    const columns: ColumnMap<F> = {};
    const unknown: string[] = [];
    const duplicated: string[] = [];
    let recognised = 0;
    cells.forEach((cell, index) => {
      const text = cellText(cell).normalize('NFC');
      if (!text) return;
      const column = this.byKey.get(headerKey(text));
      if (!column) unknown.push(text.slice(0, 60));
      else if (columns[column.field] !== undefined) duplicated.push(column.header);
      else {
        columns[column.field] = index;
        recognised++;
      }
    });
    const missing = this.columns.filter((c) => c.required && columns[c.field] === undefined).map((c) => c.header);
    return { columns, recognised, missing, unknown, duplicated };
  }

  /**
   * `cells` as the header row at `line`, or the file's refusal: a required column missing
   * (IMPORT_MISSING_COLUMNS, naming the missing columns and the cells that name none) or a column
   * given twice (IMPORT_DUPLICATE_COLUMNS). Cells naming no column (e.g. "STT") are ignored and listed.
   */
  read(cells: readonly unknown[], line: number): { columns: ColumnMap<F>; ignored: string[] } {
    return accepted(this.match(cells), line);
  }
}

function accepted<F extends string>(match: HeaderMatch<F>, line: number): { columns: ColumnMap<F>; ignored: string[] } {
  if (match.missing.length) throw TabularErrors.missingColumns(match.missing, match.unknown, line);
  if (match.duplicated.length) throw TabularErrors.duplicateColumns(match.duplicated, line);
  return { columns: match.columns, ignored: match.unknown };
}

/** A tabular file opened at its header: the columns found and the data rows below. */
export interface TabularTable<F extends string> {
  format: TabularFormat;
  /** The header's line (CSV) or row number (XLSX). */
  headerLine: number;
  columns: ColumnMap<F>;
  /** Header cells that name no column (e.g. "STT"): ignored. */
  ignored: string[];
  /** The rows after the header, in the header's sheet, blank rows skipped. */
  rows: AsyncGenerator<TabularRow>;
  /** Stops reading (for a caller that gives up before the rows are all read). */
  close(): Promise<void>;
}

export interface TabularTableOptions<F extends string> {
  layout: TabularLayout<F>;
  maxBytes: number;
  /** Non-blank rows of each sheet looked at for the header (title rows may come first). */
  headerSearchRows?: number;
}

const HEADER_SEARCH_ROWS = 20;

/**
 * Opens an uploaded CSV or XLSX file (openTabularSource) and finds its header: the first row, among the
 * first non-blank rows of a sheet, that has every required column of the layout (rows above it, such as
 * a title, are passed over; in a workbook, sheets without one, such as a guide, too). Without one the
 * file is refused with the missing columns and the unknown names of the row closest to a header
 * (IMPORT_MISSING_COLUMNS); a header naming a column twice is refused (IMPORT_DUPLICATE_COLUMNS).
 */
export async function openTabularTable<F extends string>(
  body: unknown,
  headers: { contentType?: string; contentLength?: string },
  options: TabularTableOptions<F>,
): Promise<TabularTable<F>> {
  const source = await openTabularSource(body, headers, options.maxBytes);
  const close = async () => {
    await source.rows.return(undefined);
  };
  try {
    const { row, match } = await findHeader(source.rows, options.layout, options.headerSearchRows ?? HEADER_SEARCH_ROWS);
    const { columns, ignored } = accepted(match, row.line);
    return {
      format: source.format,
      headerLine: row.line,
      columns,
      ignored,
      rows: rowsBelow(source.rows, row.sheet),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

async function findHeader<F extends string>(
  rows: AsyncGenerator<TabularRow>,
  layout: TabularLayout<F>,
  searchRows: number,
): Promise<{ row: TabularRow; match: HeaderMatch<F> }> {
  let best: { row: TabularRow; match: HeaderMatch<F> } | null = null;
  let sheet = 0;
  let looked = 0;
  for (;;) {
    const next = await rows.next();
    if (next.done) break;
    const row = next.value;
    if (row.sheet !== sheet) {
      sheet = row.sheet;
      looked = 0;
    }
    if (looked >= searchRows || isBlankRow(row.cells)) continue;
    looked++;
    const match = layout.match(row.cells);
    if (match.recognised > 0 && match.missing.length === 0) return { row, match };
    if (!best || match.recognised > best.match.recognised) best = { row, match };
  }
  if (!best) throw TabularErrors.empty();
  // no row has every required column: the closest one is refused with what it lacks
  return best;
}

async function* rowsBelow(rows: AsyncGenerator<TabularRow>, sheet: number): AsyncGenerator<TabularRow> {
  try {
    for (;;) {
      const next = await rows.next();
      if (next.done || next.value.sheet !== sheet) return;
      if (!isBlankRow(next.value.cells)) yield next.value;
    }
  } finally {
    await rows.return(undefined);
  }
}
