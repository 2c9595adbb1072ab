/** A cell reduced to what it holds: text, a number, a boolean, a date, or nothing. */
export type CellValue = string | number | boolean | Date | null;

/**
 * What a cell holds, whatever the file: CSV cells are strings already; XLSX cells may also be numbers,
 * booleans, dates, rich text, hyperlinks, formulas (their cached result) or errors (nothing).
 */
export function cellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text?: string }>; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v || v.result !== undefined) return v.result === undefined ? null : cellValue(v.result);
    if (typeof v.text === 'string') return v.text;
  }
  return null;
}

/** A cell as trimmed text: numbers as written by String(), booleans as "x" / "", dates as yyyy-mm-dd. */
export function cellText(value: unknown): string {
  const v = cellValue(value);
  if (v === null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'boolean') return v ? 'x' : '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** True when every cell of a row is empty (such rows are skipped, not counted). */
export function isBlankRow(cells: readonly unknown[]): boolean {
  for (const c of cells) {
    if (c === null || c === undefined) continue;
    if (typeof c === 'string' ? c.trim() !== '' : cellValue(c) !== null && cellText(c) !== '') return false;
  }
  return true;
}

/** Excel stores dates as days since 1899-12-30 (1900 date system). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A plausible Excel date serial number (1900 to 2118) as YYYY-MM-DD; null for any other number. */
export function excelSerialDay(v: number): string | null {
  if (!(v > 0 && v < 80_000)) return null;
  return new Date(EXCEL_EPOCH_MS + Math.round(v) * 86_400_000).toISOString().slice(0, 10);
}

/** "12/04/1958", "12-4-1958", "12.04.1958", "1958-04-12" -> "1958-04-12"; null when not one of these forms. */
export function parseCellDay(text: string): string | null {
  let m = /^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$/.exec(text);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:T00:00:00(?:\.000)?Z?)?$/.exec(text);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return null;
}
