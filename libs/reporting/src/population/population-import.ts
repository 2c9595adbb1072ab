import { cellText, cellValue, excelSerialDay, parseCellDay, TabularLayout, type ColumnMap, type TabularColumn } from '@hvs/platform';

export type PopulationField = 'communeCode' | 'communeName' | 'adults' | 'source' | 'sourceDate';

/** The columns of a province's population file, in template order. */
export const POPULATION_COLUMNS: readonly TabularColumn<PopulationField>[] = [
  {
    field: 'communeCode',
    header: 'Mã xã',
    aliases: ['Mã xã/phường', 'Mã đơn vị', 'Mã xã phường đặc khu'],
    required: true,
    hint: '5 chữ số, bắt buộc',
    description: 'Mã xã/phường/đặc khu theo danh mục đơn vị hành chính (5 chữ số, ví dụ 06673).',
    example: '06673',
    text: true,
    width: 12,
  },
  {
    field: 'communeName',
    header: 'Tên xã',
    aliases: ['Tên xã/phường', 'Tên đơn vị'],
    required: false,
    hint: 'để đối chiếu',
    description: 'Tên xã/phường, chỉ để người điền đối chiếu (không bắt buộc, không được ghi vào hệ thống).',
    example: 'Phường Bãi Cháy',
    width: 26,
  },
  {
    field: 'adults',
    header: 'Số người từ 18 tuổi trở lên',
    aliases: ['Dân số từ 18 tuổi trở lên', 'Dân số trưởng thành', 'Số người trưởng thành'],
    required: true,
    hint: 'số nguyên, bắt buộc',
    description: 'Số người từ 18 tuổi trở lên của xã theo số liệu chính thức (số nguyên, có thể viết 12.345).',
    example: '12.345',
    width: 18,
  },
  {
    field: 'source',
    header: 'Nguồn số liệu',
    aliases: ['Nguồn'],
    required: true,
    hint: 'bắt buộc',
    description: 'Nơi ban hành số liệu, ví dụ "Cục Thống kê tỉnh, Niên giám 2025" (tối đa 300 ký tự).',
    example: 'Cục Thống kê tỉnh Quảng Ninh, Niên giám thống kê 2025',
    width: 40,
  },
  {
    field: 'sourceDate',
    header: 'Ngày số liệu',
    aliases: ['Ngày của số liệu', 'Ngày ban hành'],
    required: true,
    hint: 'ngày/tháng/năm, bắt buộc',
    description: 'Ngày của số liệu (ví dụ 31/12/2025), không sau hôm nay.',
    example: '31/12/2025',
    text: true,
    width: 14,
  },
];

export const POPULATION_LAYOUT = new TabularLayout<PopulationField>(POPULATION_COLUMNS);

export const POPULATION_TEMPLATE_NOTES = [
  'Mỗi dòng là một xã/phường của tỉnh. Dòng ví dụ cần được thay bằng số liệu thật.',
  'Nhập lại cùng một tệp không tạo bản ghi mới: dòng có số liệu không đổi được báo "không đổi"; số liệu thay đổi được lưu kèm lịch sử.',
  'Dòng có lỗi được báo kèm số dòng và lý do; các dòng đúng vẫn được ghi.',
];

export interface PopulationRow {
  communeCode: string;
  adults: number;
  source: string;
  sourceDate: string;
}

export interface RowProblem {
  field: PopulationField;
  code: string;
  message: string;
}

/** The most people a commune's figure may hold (the largest ward has some hundreds of thousands). */
export const MAX_ADULTS = 10_000_000;

/** A whole number of people: a number cell, or text with "." or "," or spaces as thousands separators. */
export function parseAdults(value: unknown): number | null {
  const v = cellValue(value);
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= MAX_ADULTS ? v : null;
  const text = cellText(v).replace(/[\s.,]/g, '');
  if (!/^[0-9]{1,8}$/.test(text)) return null;
  const n = Number(text);
  return n <= MAX_ADULTS ? n : null;
}

/** Checks one data row; `today` bounds the source date. */
export function checkPopulationRow(cells: readonly unknown[], columns: ColumnMap<PopulationField>, today: string): { ok: true; row: PopulationRow } | { ok: false; problems: RowProblem[] } {
  const at = (f: PopulationField) => (columns[f] === undefined ? undefined : cells[columns[f]!]);
  const problems: RowProblem[] = [];

  const rawCode = cellValue(at('communeCode'));
  const communeCode = typeof rawCode === 'number' && Number.isInteger(rawCode) ? String(rawCode).padStart(5, '0') : cellText(rawCode);
  if (!/^[0-9]{5}$/.test(communeCode)) problems.push({ field: 'communeCode', code: 'COMMUNE_CODE_INVALID', message: 'Mã xã phải gồm 5 chữ số.' });

  const adults = parseAdults(at('adults'));
  if (adults === null) problems.push({ field: 'adults', code: 'ADULTS_INVALID', message: `Số người phải là số nguyên từ 0 đến ${MAX_ADULTS.toLocaleString('vi-VN')}.` });

  const source = cellText(at('source')).normalize('NFC').replace(/\s+/g, ' ').trim();
  if (source.length === 0 || source.length > 300) problems.push({ field: 'source', code: 'SOURCE_INVALID', message: 'Cần ghi nguồn số liệu (tối đa 300 ký tự).' });

  const rawDate = cellValue(at('sourceDate'));
  const sourceDate = rawDate instanceof Date ? rawDate.toISOString().slice(0, 10) : typeof rawDate === 'number' ? excelSerialDay(rawDate) : parseCellDay(cellText(rawDate));
  const realDay = sourceDate !== null && !Number.isNaN(Date.parse(`${sourceDate}T00:00:00Z`)) && new Date(`${sourceDate}T00:00:00Z`).toISOString().startsWith(sourceDate);
  if (!sourceDate || !realDay || sourceDate > today || sourceDate < '1990-01-01') {
    problems.push({ field: 'sourceDate', code: 'SOURCE_DATE_INVALID', message: 'Ngày số liệu phải là một ngày có thật (ngày/tháng/năm), không sau hôm nay.' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, row: { communeCode, adults: adults!, source, sourceDate: sourceDate! } };
}
