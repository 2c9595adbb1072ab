import { AppError } from '@hvs/platform';
import type { FieldProblem } from '../resident-rules';

/**
 * Errors of a residents import beyond those of reading the file (TabularErrors: type, size, encoding,
 * columns): stable codes, Vietnamese messages.
 */
export const ImportErrors = {
  tooManyRows: (maxRows: number, importId: string) =>
    new AppError(413, 'IMPORT_TOO_MANY_ROWS', `Tệp có quá nhiều dòng: tối đa ${maxRows} dòng mỗi lần nhập; hãy chia tệp thành nhiều phần.`, {
      maxRows,
      importId,
    }),
  notFound: (id: string) => AppError.notFound('IMPORT_NOT_FOUND', 'Không tìm thấy lần nhập này.', { id }),
};

/** Why one row was not imported (a FieldProblem, named after the API field). */
export const RowProblems = {
  exampleRow: (): FieldProblem => ({
    code: 'IMPORT_EXAMPLE_ROW',
    field: 'fullName',
    message: 'Đây là dòng ví dụ của tệp mẫu: hãy thay bằng thông tin của người dân, hoặc xoá dòng này.',
  }),
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
