import { AppError } from '@hvs/platform';
import type { FieldProblem } from '../resident-rules';

/** Errors that refuse a whole import file: stable codes, Vietnamese messages. */
export const ImportErrors = {
  unsupportedType: (contentType: string | undefined) =>
    new AppError(
      415,
      'IMPORT_UNSUPPORTED_TYPE',
      'Hãy gửi tệp CSV (text/csv, UTF-8) hoặc Excel XLSX làm nội dung yêu cầu.',
      { contentType: (contentType ?? '').slice(0, 100) || null },
    ),
  empty: () => AppError.badRequest('IMPORT_EMPTY', 'Tệp không có dữ liệu: cần một dòng tiêu đề và ít nhất một dòng người dân.'),
  tooLarge: (maxBytes: number) =>
    new AppError(413, 'IMPORT_TOO_LARGE', `Tệp quá lớn: tối đa ${Math.floor(maxBytes / 1_048_576)} MB mỗi lần nhập. Hãy chia tệp thành nhiều phần.`, {
      maxBytes,
    }),
  tooManyRows: (maxRows: number, importId: string) =>
    new AppError(413, 'IMPORT_TOO_MANY_ROWS', `Tệp có quá nhiều dòng: tối đa ${maxRows} dòng mỗi lần nhập; hãy chia tệp thành nhiều phần.`, {
      maxRows,
      importId,
    }),
  fileInvalid: (reason: string, details: Record<string, unknown> = {}) =>
    AppError.badRequest('IMPORT_FILE_INVALID', `Không đọc được tệp: ${reason}`, details),
  encoding: () =>
    AppError.badRequest(
      'IMPORT_ENCODING',
      'Tệp CSV không phải mã UTF-8. Trong Excel, hãy lưu bằng "CSV UTF-8 (Comma delimited)", hoặc gửi tệp XLSX.',
    ),
  missingColumns: (missing: string[]) =>
    AppError.badRequest('IMPORT_MISSING_COLUMNS', `Tệp thiếu cột: ${missing.map((m) => `"${m}"`).join(', ')}. Hãy dùng tệp mẫu.`, {
      missing,
    }),
  duplicateColumns: (columns: string[]) =>
    AppError.badRequest('IMPORT_DUPLICATE_COLUMNS', `Cột bị lặp lại: ${columns.map((m) => `"${m}"`).join(', ')}.`, { columns }),
  notFound: (id: string) => AppError.notFound('IMPORT_NOT_FOUND', 'Không tìm thấy lần nhập này.', { id }),
};

/** Why one row was not imported (a FieldProblem, named after the API field). */
export const RowProblems = {
  nameRequired: (): FieldProblem => ({ code: 'NAME_REQUIRED', field: 'fullName', message: 'Thiếu họ và tên.' }),
  nameInvalid: (): FieldProblem => ({
    code: 'NAME_INVALID',
    field: 'fullName',
    message: 'Họ và tên phải dài 2–120 ký tự, chỉ gồm chữ cái, dấu cách, dấu nháy, dấu chấm và gạch nối.',
  }),
  birthDateInvalid: (): FieldProblem => ({
    code: 'BIRTH_DATE_INVALID',
    field: 'birthDate',
    message: 'Ngày sinh không hợp lệ (dạng dd/mm/yyyy hoặc yyyy-mm-dd, ví dụ 12/04/1958).',
  }),
  sexInvalid: (): FieldProblem => ({ code: 'SEX_INVALID', field: 'sex', message: 'Giới tính phải là "Nam" hoặc "Nữ".' }),
  villageNotInCommune: (): FieldProblem => ({
    code: 'VILLAGE_NOT_IN_COMMUNE',
    field: 'villageCode',
    message: 'Mã thôn/tổ dân phố không thuộc xã/phường đang nhập.',
  }),
  villageNotFound: (): FieldProblem => ({
    code: 'VILLAGE_NOT_FOUND',
    field: 'villageCode',
    message: 'Không có thôn/tổ dân phố mang mã này trong xã/phường (hoặc thôn đã giải thể).',
  }),
  flagInvalid: (field: string): FieldProblem => ({
    code: 'FLAG_INVALID',
    field,
    message: 'Giá trị phải là "có" hoặc "x" (đúng), hoặc để trống / "không" (không đúng).',
  }),
  povertyInvalid: (): FieldProblem => ({
    code: 'POVERTY_INVALID',
    field: 'poverty',
    message: 'Giá trị phải là "nghèo", "cận nghèo", hoặc để trống.',
  }),
  consentRequired: (): FieldProblem => ({
    code: 'CONSENT_REQUIRED',
    field: 'consent',
    message: 'Chưa có sự đồng ý của người dân cho việc lưu hồ sơ học tập: cột "Đồng ý" phải là "có" hoặc "x" (theo phiếu giấy đã ký).',
  }),
  duplicateInFile: (firstLine: number, by: 'cccd' | 'nameAndBirthDate'): FieldProblem => ({
    code: 'IMPORT_DUPLICATE_ROW',
    field: by === 'cccd' ? 'cccd' : 'fullName',
    message:
      by === 'cccd'
        ? `Trùng số CCCD với dòng ${firstLine} của tệp; chỉ dòng đầu tiên được nhập.`
        : `Trùng họ tên và ngày sinh với dòng ${firstLine} của tệp (không có số CCCD để phân biệt); chỉ dòng đầu tiên được nhập.`,
  }),
  cccdInOtherCommune: (): FieldProblem => ({
    code: 'RESIDENT_DUPLICATE_CCCD',
    field: 'cccd',
    message:
      'Số CCCD này đã được đăng ký cho một người dân ở xã/phường khác; tệp nhập không chuyển người dân sang xã khác. Vui lòng liên hệ cán bộ xã nơi người này đã đăng ký.',
  }),
};
