/**
 * A CSV field: quoted when needed; text that a spreadsheet would run as a formula is defused with a
 * quote (numbers are written as they are).
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  let text = value;
  if (/^[=+@\t\r]/.test(text) || /^-./.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (comma-separated, CRLF-terminated). */
export function csvLine(cells: ReadonlyArray<string | number>): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** The byte-order mark that opens the platform's CSV files, so that Excel reads the diacritics as UTF-8. */
export const CSV_BOM = '\uFEFF';
