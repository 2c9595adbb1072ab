import { AppError } from '../http/app-error';

const quoted = (names: readonly string[]) => names.map((m) => `"${m}"`).join(', ');

/**
 * Errors that refuse a whole CSV / XLSX file, whatever is imported from it: stable codes (the `IMPORT_`
 * family), Vietnamese messages.
 */
export const TabularErrors = {
  unsupportedType: (contentType: string | undefined) =>
    new AppError(
      415,
      'IMPORT_UNSUPPORTED_TYPE',
      'Hãy gửi tệp CSV (text/csv, UTF-8) hoặc Excel XLSX làm nội dung yêu cầu.',
      { contentType: (contentType ?? '').slice(0, 100) || null },
    ),
  empty: () => AppError.badRequest('IMPORT_EMPTY', 'Tệp không có dữ liệu: cần một dòng tiêu đề và ít nhất một dòng dữ liệu.'),
  tooLarge: (maxBytes: number) =>
    new AppError(413, 'IMPORT_TOO_LARGE', `Tệp quá lớn: tối đa ${Math.floor(maxBytes / 1_048_576)} MB mỗi lần nhập. Hãy chia tệp thành nhiều phần.`, {
      maxBytes,
    }),
  fileInvalid: (reason: string, details: Record<string, unknown> = {}) =>
    AppError.badRequest('IMPORT_FILE_INVALID', `Không đọc được tệp: ${reason}`, details),
  encoding: () =>
    AppError.badRequest(
      'IMPORT_ENCODING',
      'Tệp CSV không phải mã UTF-8. Trong Excel, hãy lưu bằng "CSV UTF-8 (Comma delimited)", hoặc gửi tệp XLSX.',
    ),
  /**
   * The header row lacks required columns. `unknown` are the cells of that row that name no column (often
   * the missing ones, misspelt), `headerLine` the row taken as the header.
   */
  missingColumns: (missing: readonly string[], unknown: readonly string[], headerLine: number) =>
    AppError.badRequest(
      'IMPORT_MISSING_COLUMNS',
      `Tệp thiếu cột: ${quoted(missing)}.` +
        (unknown.length ? ` Không nhận ra cột: ${quoted(unknown)} (dòng tiêu đề ${headerLine}).` : '') +
        ' Hãy dùng đúng tên cột của tệp mẫu.',
      { missing, unknown, headerLine },
    ),
  duplicateColumns: (columns: readonly string[], headerLine: number) =>
    AppError.badRequest('IMPORT_DUPLICATE_COLUMNS', `Cột bị lặp lại: ${quoted(columns)} (dòng tiêu đề ${headerLine}).`, { columns, headerLine }),
};
