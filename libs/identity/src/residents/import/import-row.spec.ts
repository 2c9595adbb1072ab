import { createHash } from 'node:crypto';
import { AppError } from '@hvs/platform';
import { cccdPrefix } from '../../personal-data/cccd';
import { FirstLines } from './import-batch';
import { IMPORT_COLUMNS, RESIDENT_IMPORT_LAYOUT, TEMPLATE_HEADER } from './import-columns';
import { parseCellDay } from '@hvs/platform';
import { cellText, checkImportRow } from './import-row';

const mapHeader = (cells: unknown[]) => RESIDENT_IMPORT_LAYOUT.read(cells, 1);
const { columns } = mapHeader(TEMPLATE_HEADER);
const ctx = { communeCode: '06673', villages: new Set(['06673-0001', '06673-0002']) };
const cccd = cccdPrefix('22', 1958, 'female') + '000123';
const row = (over: Partial<Record<string, unknown>> = {}) => {
  const base: Record<string, unknown> = {
    'Họ và tên': '  Nguyễn   Thị Hoa ',
    'Ngày sinh': '12/04/1958',
    'Giới tính': 'Nữ',
    'Số CCCD': cccd,
    'Số điện thoại': '0912 345 678',
    'Mã thôn': '06673-0001',
    'Dân tộc thiểu số': 'x',
    'Khuyết tật': '',
    'Hộ nghèo/cận nghèo': 'Cận nghèo',
    'Không có điện thoại thông minh': 'không',
    'Đồng ý': 'Có',
    ...over,
  };
  return IMPORT_COLUMNS.map((c) => base[c.header]);
};

describe('import rows', () => {
  it('reads the date forms officers type', () => {
    expect(parseCellDay('12/04/1958')).toBe('1958-04-12');
    expect(parseCellDay('1/2/1960')).toBe('1960-02-01');
    expect(parseCellDay('12.04.1958')).toBe('1958-04-12');
    expect(parseCellDay('12-04-1958')).toBe('1958-04-12');
    expect(parseCellDay('1958-4-2')).toBe('1958-04-02');
    expect(parseCellDay('1958/04/12')).toBeNull();
    expect(parseCellDay('12/04/58')).toBeNull();
    expect(parseCellDay('')).toBeNull();
  });

  it('reads XLSX cells: numbers that lost their leading zero, dates, Excel serial dates, rich text, formulas', () => {
    expect(cellText(22058000123, 'cccd')).toBe('022058000123');
    expect(cellText(912345678, 'phone')).toBe('0912345678');
    expect(cellText(new Date(Date.UTC(1958, 3, 12)), 'birthDate')).toBe('1958-04-12');
    const serial = (Date.UTC(1958, 3, 12) - Date.UTC(1899, 11, 30)) / 86_400_000;
    expect(cellText(serial, 'birthDate')).toBe('1958-04-12');
    expect(cellText({ richText: [{ text: 'Nguyễn ' }, { text: 'Thị Hoa' }] }, 'fullName')).toBe('Nguyễn Thị Hoa');
    expect(cellText({ formula: 'A1', result: 'x' }, 'consent')).toBe('x');
    expect(cellText(true, 'disability')).toBe('x');
    expect(cellText(null, 'fullName')).toBe('');
  });

  it('normalises a good row like a registration', () => {
    expect(checkImportRow(row(), columns, ctx)).toEqual({
      ok: true,
      values: {
        fullName: 'Nguyễn Thị Hoa',
        birthDate: '1958-04-12',
        birthYear: 1958,
        sex: 'female',
        cccd,
        phone: '0912345678',
        villageCode: '06673-0001',
        ethnicMinority: true,
        disability: false,
        poverty: 'near_poor',
        noSmartphone: false,
      },
    });
  });

  it('reports every problem of a row, each with its field and code', () => {
    const result = checkImportRow(
      row({ 'Giới tính': 'N', 'Mã thôn': '07054-0001', 'Khuyết tật': 'có lẽ', 'Hộ nghèo/cận nghèo': 'giàu', 'Đồng ý': 'chưa' }),
      columns,
      ctx,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => [p.field, p.code])).toEqual([
      ['sex', 'SEX_INVALID'],
      ['villageCode', 'VILLAGE_NOT_IN_COMMUNE'],
      ['disability', 'FLAG_INVALID'],
      ['poverty', 'POVERTY_INVALID'],
      ['consent', 'CONSENT_REQUIRED'],
    ]);
    const cccdProblem = checkImportRow(row({ 'Ngày sinh': '12/04/1959' }), columns, ctx);
    expect(!cccdProblem.ok && cccdProblem.problems.map((p) => p.code)).toEqual(['CCCD_BIRTH_YEAR_MISMATCH']);
    const unknownVillage = checkImportRow(row({ 'Mã thôn': '06673-0009' }), columns, ctx);
    expect(!unknownVillage.ok && unknownVillage.problems.map((p) => p.code)).toEqual(['VILLAGE_NOT_FOUND']);
    const future = checkImportRow(row({ 'Ngày sinh': '01/01/2999', 'Số CCCD': '' }), columns, ctx);
    expect(!future.ok && future.problems.map((p) => p.code)).toEqual(['BIRTH_DATE_OUT_OF_RANGE']);
    const name = checkImportRow(row({ 'Họ và tên': 'Hoa 2' }), columns, ctx);
    expect(!name.ok && name.problems.map((p) => p.code)).toEqual(['NAME_INVALID']);
  });

  it('leaves optional columns absent from the file undefined (an existing resident keeps them)', () => {
    const header = mapHeader(['HO VA TEN', 'ngay sinh', 'Giới Tính', 'CCCD', 'SĐT', 'Đồng ý', 'STT']);
    expect(header.ignored).toEqual(['STT']);
    const result = checkImportRow(['Lê Văn Nam', '1960-01-01', 'nam', '', '', 'x', '1'], header.columns, ctx);
    expect(result).toMatchObject({ ok: true, values: { villageCode: undefined, ethnicMinority: undefined, poverty: undefined, cccd: null } });
  });

  it('refuses a header without the required columns, or with a column twice', () => {
    const missing = (() => {
      try {
        mapHeader(['Họ và tên', 'Giới tính', 'Số CCCD', 'Số điện thoại']);
      } catch (err) {
        return err;
      }
    })();
    expect(missing).toBeInstanceOf(AppError);
    expect(missing).toMatchObject({ code: 'IMPORT_MISSING_COLUMNS', details: { missing: ['Ngày sinh', 'Đồng ý'] } });
    expect(() => mapHeader([...TEMPLATE_HEADER, 'Ho ten'])).toThrow(expect.objectContaining({ code: 'IMPORT_DUPLICATE_COLUMNS' }));
  });

  it("reads the template's own header (notes in parentheses) and refuses its example row left unchanged", () => {
    expect(mapHeader(TEMPLATE_HEADER).ignored).toEqual([]);
    const example = checkImportRow(RESIDENT_IMPORT_LAYOUT.exampleRow(), columns, ctx);
    expect(example).toEqual({ ok: false, problems: [expect.objectContaining({ code: 'IMPORT_EXAMPLE_ROW', field: 'fullName' })] });
    // the example's name and birth date, or its CCCD, left in a row
    const named = row({ 'Họ và tên': 'NGUYEN VAN MAU', 'Ngày sinh': '1958-04-12', 'Số CCCD': '' });
    expect(checkImportRow(named, columns, ctx)).toMatchObject({ ok: false, problems: [{ code: 'IMPORT_EXAMPLE_ROW' }] });
    const keptCccd = RESIDENT_IMPORT_LAYOUT.exampleRow().map((v, i) => (IMPORT_COLUMNS[i].field === 'fullName' ? 'Trần Thị Khác' : v));
    expect(checkImportRow(keptCccd, columns, ctx)).toMatchObject({ ok: false, problems: [{ code: 'IMPORT_EXAMPLE_ROW' }] });
    // once filled in with a person, it is an ordinary row
    const filled = RESIDENT_IMPORT_LAYOUT.exampleRow().map((v, i) => ({ fullName: 'Trần Văn Thật', cccd: cccdPrefix('22', 1958, 'male') + '000777' })[IMPORT_COLUMNS[i].field as 'fullName' | 'cccd'] ?? v);
    expect(checkImportRow(filled, columns, ctx)).toMatchObject({ ok: true, values: { fullName: 'Trần Văn Thật', birthDate: '1958-04-12', sex: 'male', poverty: 'near_poor' } });
  });
});

describe('FirstLines', () => {
  const hash = (s: string) => createHash('sha256').update(s).digest();

  it('remembers the first line of every person, by CCCD or by name + birth date, through growth', () => {
    const lines = new FirstLines();
    const people = Array.from({ length: 5000 }, (_, i) => hash(`p${i}`));
    expect(people.filter((h, i) => lines.firstOr(h, i % 2 === 0, i + 2) !== undefined)).toEqual([]);
    expect(people.filter((h, i) => lines.firstOr(h, i % 2 === 0, 99_999) !== i + 2)).toEqual([]);
    // the same hash as a CCCD and as a duplicate-person key are different people
    expect(lines.firstOr(hash('p0'), false, 7)).toBeUndefined();
  });
});
