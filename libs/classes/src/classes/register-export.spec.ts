import ExcelJS from 'exceljs';
import { csvField } from '@hvs/platform';
import { registerCsv, registerLines, registerXlsx, type RegisterSheet } from './register-export';

const sheet: RegisterSheet = {
  title: ['Sổ điểm danh lớp: =Lớp "A"', 'Phường Bãi Cháy, Quảng Ninh', 'Khóa học: Kỹ năng số cơ bản'],
  sessions: [
    { id: 's1', date: '2026-03-02', number: 1 },
    { id: 's2', date: '2026-03-02', number: 2 },
    { id: 's3', date: '2026-03-09', number: 1 },
  ],
  rows: [
    { fullName: 'Nguyễn Thị An', birthYear: 1958, villageName: 'Tổ dân phố 1', marks: new Map([['s1', 'present'], ['s2', 'late'], ['s3', null]]), rate: 1 },
    { fullName: 'Trần Văn Bình', birthYear: 1962, villageName: null, marks: new Map([['s2', 'excused'], ['s3', 'absent']]), rate: 0 },
  ],
};

describe('the class register', () => {
  it('lines: title, legend, header, one row per person; letters P M V K, blank unmarked, - before enrolment', () => {
    const lines = registerLines(sheet);
    expect(lines[0]).toEqual(['Sổ điểm danh lớp: =Lớp "A" — Phường Bãi Cháy, Quảng Ninh — Khóa học: Kỹ năng số cơ bản']);
    expect(lines[2]).toEqual(['STT', 'Họ và tên', 'Năm sinh', 'Thôn/Tổ', '02/03 (1)', '02/03 (2)', '09/03 (1)', 'Tỉ lệ']);
    expect(lines[3]).toEqual([1, 'Nguyễn Thị An', 1958, 'Tổ dân phố 1', 'P', 'M', '', '100%']);
    expect(lines[4]).toEqual([2, 'Trần Văn Bình', 1962, '', '-', 'V', 'K', '0%']);
  });

  it('CSV: BOM, CRLF, quoting, formulas defused', () => {
    const csv = registerCsv(sheet);
    expect(csv.startsWith('\uFEFF"Sổ điểm danh lớp: =Lớp ""A"" — Phường')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(6);
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-')).toBe('-');
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('a,b')).toBe('"a,b"');
  });

  it('XLSX: printable (landscape, one page wide, header repeated), bold header, rate as a percentage', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await registerXlsx(sheet)) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('Sổ điểm danh');
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '6:6' });
    expect(ws.getCell('A1').value).toBe('Sổ điểm danh lớp: =Lớp "A"');
    expect(ws.getRow(6).font?.bold).toBe(true);
    expect((ws.getRow(8).values as unknown[]).slice(1)).toEqual([2, 'Trần Văn Bình', 1962, '', '-', 'V', 'K', 0]);
    expect(ws.getRow(7).getCell(8).numFmt).toBe('0%');
    expect(ws.columns.map((c) => c.width)).toEqual([5, 28, 9.5, 16, 8.5, 8.5, 8.5, 8]);
  });
});
