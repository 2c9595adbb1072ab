import { normalizeSearchText } from '@hvs/platform';
import { ImportErrors } from './import-errors';

/** The fields an import file can carry, one column each. */
export type ImportField =
  | 'fullName'
  | 'birthDate'
  | 'sex'
  | 'cccd'
  | 'phone'
  | 'villageCode'
  | 'ethnicMinority'
  | 'disability'
  | 'poverty'
  | 'noSmartphone'
  | 'consent';

export interface ImportColumn {
  field: ImportField;
  /** The header of the template, as officers see it. */
  header: string;
  /** Other headers accepted for the same column (compared without diacritics, case or punctuation). */
  aliases: readonly string[];
  /**
   * A required column must be in the header row (its cells may be empty where the field is optional).
   * Personal-identity columns are required so that a misspelt header cannot silently drop every CCCD
   * of a file and turn "same CCCD, same person" into "same name, same person".
   */
  required: boolean;
}

/** Columns in template order. */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { field: 'fullName', header: 'Họ và tên', aliases: ['Họ tên', 'Họ và tên người dân'], required: true },
  { field: 'birthDate', header: 'Ngày sinh', aliases: ['Ngày tháng năm sinh', 'Ngày/tháng/năm sinh'], required: true },
  { field: 'sex', header: 'Giới tính', aliases: [], required: true },
  {
    field: 'cccd',
    header: 'Số CCCD',
    aliases: ['CCCD', 'Số căn cước', 'Số căn cước công dân', 'Số CCCD/CMND', 'Số định danh cá nhân'],
    required: true,
  },
  { field: 'phone', header: 'Số điện thoại', aliases: ['Điện thoại', 'SĐT', 'Số ĐT'], required: true },
  { field: 'villageCode', header: 'Mã thôn', aliases: ['Mã thôn/tổ dân phố', 'Mã tổ dân phố', 'Mã thôn, tổ dân phố'], required: false },
  { field: 'ethnicMinority', header: 'Dân tộc thiểu số', aliases: ['Người dân tộc thiểu số'], required: false },
  { field: 'disability', header: 'Khuyết tật', aliases: ['Người khuyết tật'], required: false },
  { field: 'poverty', header: 'Hộ nghèo/cận nghèo', aliases: ['Hộ nghèo', 'Hộ nghèo, cận nghèo'], required: false },
  { field: 'noSmartphone', header: 'Không có điện thoại thông minh', aliases: ['Không có smartphone'], required: false },
  { field: 'consent', header: 'Đồng ý', aliases: ['Đã đồng ý', 'Đồng ý lưu hồ sơ'], required: true },
];

export const COLUMN_BY_FIELD: ReadonlyMap<ImportField, ImportColumn> = new Map(IMPORT_COLUMNS.map((c) => [c.field, c]));

const BY_NORMALISED_HEADER: ReadonlyMap<string, ImportColumn> = new Map(
  IMPORT_COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((h) => [normalizeSearchText(h), c] as const)),
);

/** Where each field is in a file's rows: cell index, or absent. */
export type ColumnMap = Partial<Record<ImportField, number>>;

/**
 * Reads the header row: each known column (by its header or an alias, ignoring case, diacritics and
 * punctuation) gets its cell index; unknown columns (e.g. "STT") are ignored. A missing required column,
 * or a column given twice, refuses the whole file before any row is read.
 */
export function mapHeader(cells: readonly unknown[]): { columns: ColumnMap; ignored: string[] } {
  const columns: ColumnMap = {};
  const ignored: string[] = [];
  const duplicated: string[] = [];
  cells.forEach((cell, index) => {
    const text = typeof cell === 'string' ? cell.normalize('NFC').trim() : cell === null || cell === undefined ? '' : String(cell).trim();
    if (!text) return;
    const column = BY_NORMALISED_HEADER.get(normalizeSearchText(text));
    if (!column) {
      ignored.push(text.slice(0, 60));
      return;
    }
    if (columns[column.field] !== undefined) duplicated.push(column.header);
    else columns[column.field] = index;
  });
  if (duplicated.length) throw ImportErrors.duplicateColumns(duplicated);
  const missing = IMPORT_COLUMNS.filter((c) => c.required && columns[c.field] === undefined).map((c) => c.header);
  if (missing.length) throw ImportErrors.missingColumns(missing);
  return { columns, ignored };
}

/** The template's header row. */
export const TEMPLATE_HEADER = IMPORT_COLUMNS.map((c) => c.header);
