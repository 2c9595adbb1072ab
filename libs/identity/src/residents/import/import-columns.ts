import { normalizeSearchText, TabularLayout, type ColumnMap as TabularColumnMap, type TabularColumn } from '@hvs/platform';

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

export type ImportColumn = TabularColumn<ImportField>;
export type ColumnMap = TabularColumnMap<ImportField>;

const YES_NO = ['có', 'không'] as const;

/**
 * Columns in template order. A required column must be in the header row (its cells may be empty
 * where the field is optional): personal-identity columns are required so that a misspelt header
 * cannot silently drop every CCCD of a file and turn "same CCCD, same person" into "same name, same
 * person". The examples make the template's example row: a person who passes every check (the
 * template test imports it once filled in), recognised and refused if sent unchanged (EXAMPLE_PERSON).
 */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    field: 'fullName',
    header: 'Họ và tên',
    aliases: ['Họ tên', 'Họ và tên người dân'],
    required: true,
    hint: 'bắt buộc',
    description: 'Họ và tên đầy đủ, có dấu, như trên căn cước.',
    example: 'Nguyễn Văn Mẫu',
    width: 26,
  },
  {
    field: 'birthDate',
    header: 'Ngày sinh',
    aliases: ['Ngày tháng năm sinh', 'Ngày/tháng/năm sinh'],
    required: true,
    hint: 'ngày/tháng/năm, bắt buộc',
    description: 'Ngày/tháng/năm (ví dụ 12/04/1958) hoặc năm-tháng-ngày (1958-04-12).',
    example: '12/04/1958',
    text: true,
  },
  {
    field: 'sex',
    header: 'Giới tính',
    required: true,
    hint: 'Nam/Nữ',
    description: '"Nam" hoặc "Nữ".',
    example: 'Nam',
    choices: ['Nam', 'Nữ'],
  },
  {
    field: 'cccd',
    header: 'Số CCCD',
    aliases: ['CCCD', 'Số căn cước', 'Số căn cước công dân', 'Số CCCD/CMND', 'Số định danh cá nhân'],
    required: true,
    hint: '12 chữ số, để trống nếu chưa có',
    description:
      'Số căn cước (12 chữ số, ghi cả số 0 ở đầu); để trống nếu người dân chưa có. Cùng số CCCD là cùng một người: gửi lại tệp không tạo trùng.',
    example: '022058000000',
    text: true,
    width: 18,
  },
  {
    field: 'phone',
    header: 'Số điện thoại',
    aliases: ['Điện thoại', 'SĐT', 'Số ĐT'],
    required: true,
    hint: 'để trống nếu không có',
    description: 'Số di động Việt Nam (ví dụ 0912345678 hoặc +84 912 345 678); để trống nếu không có.',
    example: '0912345678',
    text: true,
    width: 18,
  },
  {
    field: 'villageCode',
    header: 'Mã thôn',
    aliases: ['Mã thôn/tổ dân phố', 'Mã tổ dân phố', 'Mã thôn, tổ dân phố'],
    required: false,
    hint: 'ví dụ 06673-0001, có thể để trống',
    description: 'Mã thôn/tổ dân phố của xã/phường đang nhập (ví dụ 06673-0001, xem danh sách thôn của xã); để trống nếu chưa xếp thôn.',
    example: '',
    text: true,
  },
  {
    field: 'ethnicMinority',
    header: 'Dân tộc thiểu số',
    aliases: ['Người dân tộc thiểu số'],
    required: false,
    hint: 'có/không',
    description: '"có" (hoặc "x") nếu là người dân tộc thiểu số; "không" hoặc để trống nếu không.',
    example: 'không',
    choices: YES_NO,
  },
  {
    field: 'disability',
    header: 'Khuyết tật',
    aliases: ['Người khuyết tật'],
    required: false,
    hint: 'có/không',
    description: '"có" (hoặc "x") nếu là người khuyết tật; "không" hoặc để trống nếu không.',
    example: 'không',
    choices: YES_NO,
  },
  {
    field: 'poverty',
    header: 'Hộ nghèo/cận nghèo',
    aliases: ['Hộ nghèo', 'Hộ nghèo, cận nghèo'],
    required: false,
    hint: 'nghèo/cận nghèo/không',
    description: '"nghèo" hoặc "cận nghèo" theo danh sách hộ của xã; "không" hoặc để trống nếu không.',
    example: 'cận nghèo',
    choices: ['nghèo', 'cận nghèo', 'không'],
    width: 22,
  },
  {
    field: 'noSmartphone',
    header: 'Không có điện thoại thông minh',
    aliases: ['Không có smartphone'],
    required: false,
    hint: 'có/không',
    description: '"có" (hoặc "x") nếu người dân không có điện thoại thông minh; "không" hoặc để trống nếu có.',
    example: 'không',
    choices: YES_NO,
    width: 22,
  },
  {
    field: 'consent',
    header: 'Đồng ý',
    aliases: ['Đã đồng ý', 'Đồng ý lưu hồ sơ'],
    required: true,
    hint: 'có = đã ký phiếu đồng ý, bắt buộc',
    description:
      'Bắt buộc "có" (hoặc "x"): người dân đã đồng ý bằng phiếu giấy đã ký cho việc lưu hồ sơ học tập. Dòng không có sự đồng ý không được nhập.',
    example: 'có',
    choices: ['có'],
    width: 22,
  },
];

export const RESIDENT_IMPORT_LAYOUT = new TabularLayout<ImportField>(IMPORT_COLUMNS);

export const COLUMN_BY_FIELD: ReadonlyMap<ImportField, ImportColumn> = new Map(IMPORT_COLUMNS.map((c) => [c.field, c]));

const exampleOf = (field: ImportField) => COLUMN_BY_FIELD.get(field)?.example ?? '';

/** The template's example person: a row with this CCCD, or this name and birth date, is the example left in the file. */
export const EXAMPLE_PERSON = {
  cccd: exampleOf('cccd'),
  nameKey: normalizeSearchText(exampleOf('fullName')),
  birthDate: exampleOf('birthDate'),
};

/** The template's header row (each column's name and, in parentheses, what to write). */
export const TEMPLATE_HEADER = RESIDENT_IMPORT_LAYOUT.templateHeader();
