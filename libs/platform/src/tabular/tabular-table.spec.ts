import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../http/app-error';
import { cellText, isBlankRow } from './tabular-cells';
import { detectDelimiter, XLSX_MIME } from './tabular-source';
import { openTabularTable, TabularLayout, type TabularColumn } from './tabular-table';
import { tabularTemplateCsv, tabularTemplateXlsx } from './tabular-template';

type Field = 'commune' | 'adults' | 'note';
const COLUMNS: TabularColumn<Field>[] = [
  { field: 'commune', header: 'Mã xã', aliases: ['Mã xã/phường'], required: true, hint: '5 chữ số', description: 'Mã xã.', example: '06673', text: true },
  { field: 'adults', header: 'Dân số trưởng thành', required: true, hint: 'số người', description: 'Số người từ 18 tuổi.', example: '12000' },
  { field: 'note', header: 'Ghi chú', required: false, hint: '', description: 'Tuỳ ý.', example: 'ước tính', choices: ['ước tính', 'chính thức'] },
];
const layout = new TabularLayout(COLUMNS);

/** Opens `body` (split into chunks of `chunk` bytes, as a network delivers it) and returns the header line and the data rows as text. */
async function read(body: string | Buffer, options: { chunk?: number; type?: string } = {}) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const size = options.chunk ?? bytes.length;
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  const table = await openTabularTable(Readable.from(chunks), { contentType: options.type ?? 'text/csv' }, { layout, maxBytes: 1_000_000 });
  const rows: Array<[number, string[]]> = [];
  for await (const row of table.rows) rows.push([row.line, row.cells.map(cellText)]);
  return { format: table.format, headerLine: table.headerLine, columns: table.columns, ignored: table.ignored, rows };
}

async function refusal(body: string | Buffer, type = 'text/csv'): Promise<AppError> {
  try {
    await read(body, { type });
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('the file was accepted');
}

const EXPECTED = [
  [2, ['06673', '12000', 'ước tính']],
  [3, ['07054', '8000', '']],
];

describe('tabular files', () => {
  it.each([
    ['LF', 'Mã xã,Dân số trưởng thành,Ghi chú\n06673,12000,ước tính\n07054,8000,\n'],
    ['CR LF (Excel on Windows)', 'Mã xã,Dân số trưởng thành,Ghi chú\r\n06673,12000,ước tính\r\n07054,8000,\r\n'],
    ['CR LF header, LF rows', 'Mã xã,Dân số trưởng thành,Ghi chú\r\n06673,12000,ước tính\n07054,8000,\n'],
    ['LF header, CR LF and CR rows', 'Mã xã,Dân số trưởng thành,Ghi chú\n06673,12000,ước tính\r\n07054,8000,\r'],
    ['a byte-order mark and CR LF', '\uFEFFMã xã,Dân số trưởng thành,Ghi chú\r\n06673,12000,ước tính\r\n07054,8000,'],
    ['";" (Excel with Vietnamese settings)', '\uFEFFMã xã;Dân số trưởng thành;Ghi chú\r\n06673;12000;ước tính\r\n07054;8000;\r\n'],
    ['tabs', 'Mã xã\tDân số trưởng thành\tGhi chú\n06673\t12000\tước tính\n07054\t8000\t\n'],
  ])('reads %s, wherever the chunks are cut', async (_name, text) => {
    for (const chunk of [1, 2, 3, 7, 1_000]) {
      const table = await read(text, { chunk });
      expect({ chunk, ...table }).toEqual({ chunk, format: 'csv', headerLine: 1, columns: { commune: 0, adults: 1, note: 2 }, ignored: [], rows: EXPECTED });
    }
  });

  it('reads UTF-16 with its byte-order mark (Excel "Unicode text"), little and big endian', async () => {
    const text = 'Mã xã\tDân số trưởng thành\tGhi chú\r\n06673\t12000\tước tính\r\n07054\t8000\t\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const file of [le, be]) expect((await read(file, { chunk: 5 })).rows).toEqual(EXPECTED);
  });

  it('counts lines of quoted cells that span lines, whatever their line breaks, and blank lines', async () => {
    const text = 'Mã xã,Dân số trưởng thành,Ghi chú\r\n06673,12000,"hai\r\ndòng"\r\n\r\n07054,8000,"ba\rdòng\nnữa"\n06709,1,x\n';
    expect((await read(text)).rows.map(([line]) => line)).toEqual([2, 5, 8]);
  });

  it('passes over title rows above the header, and reads quotes inside an unquoted cell', async () => {
    const text = 'DANH SÁCH DÂN SỐ NĂM 2025\n\nĐơn vị: tỉnh Quảng Ninh;;\nSTT;Mã xã *;Dân số trưởng thành (người);Ghi chú\n1;06673;12000;theo "báo cáo" xã\n';
    expect(await read(text)).toMatchObject({ headerLine: 4, ignored: ['STT'], rows: [[5, ['1', '06673', '12000', 'theo "báo cáo" xã']]] });
  });

  it('names the missing and the unknown columns of the row closest to a header, in Vietnamese', async () => {
    const err = await refusal('Tiêu đề\nMa xa;Dan so tren 18;Ghi chú\n06673;12000;\n');
    expect(err).toMatchObject({ status: 400, code: 'IMPORT_MISSING_COLUMNS', details: { missing: ['Dân số trưởng thành'], unknown: ['Dan so tren 18'], headerLine: 2 } });
    expect(err.message).toBe(
      'Tệp thiếu cột: "Dân số trưởng thành". Không nhận ra cột: "Dan so tren 18" (dòng tiêu đề 2). Hãy dùng đúng tên cột của tệp mẫu.',
    );
    const none = await refusal('a,b\n1,2\n');
    expect(none).toMatchObject({ code: 'IMPORT_MISSING_COLUMNS', details: { missing: ['Mã xã', 'Dân số trưởng thành'], unknown: ['a', 'b'], headerLine: 1 } });
    const twice = await refusal('Mã xã,Dân số trưởng thành,Mã xã/phường\n');
    expect(twice).toMatchObject({ code: 'IMPORT_DUPLICATE_COLUMNS', details: { columns: ['Mã xã'], headerLine: 1 } });
    expect(await refusal('\r\n\r\n')).toMatchObject({ code: 'IMPORT_EMPTY' });
  });

  it('refuses text that is not UTF-8, even past the first 64 KB', async () => {
    const latin1 = Buffer.from('Mã xã,Dân số trưởng thành\n06673,1\n', 'latin1');
    expect(await refusal(latin1)).toMatchObject({ code: 'IMPORT_ENCODING' });
    const late = Buffer.concat([Buffer.from(`Mã xã,Dân số trưởng thành\n${'06673,1\n'.repeat(10_000)}`), Buffer.from([0x44, 0xe2, 0x6e, 0x0a])]);
    expect(await refusal(late)).toMatchObject({ code: 'IMPORT_ENCODING' });
  });

  it('tells the delimiter from the first line that has one', () => {
    expect(detectDelimiter('\uFEFFHọ và tên;Ngày sinh;Giới tính\n1,2,3,4,5\n')).toBe(';');
    expect(detectDelimiter('"Họ; tên",Ngày sinh,Giới tính\r\n')).toBe(',');
    expect(detectDelimiter('DANH SÁCH\r\nHọ và tên;Ngày sinh\r\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
  });

  it('reads a workbook: the first sheet with the header (a guide sheet before it passed over), title rows, Excel cell kinds', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Hướng dẫn').addRows([['Cách điền'], ['Mã xã: 5 chữ số']]);
    const sheet = wb.addWorksheet('Số liệu');
    sheet.addRow(['UBND TỈNH QUẢNG NINH']);
    sheet.mergeCells('A1:C1');
    sheet.addRow([]);
    sheet.addRow([{ richText: [{ text: 'Mã ' }, { text: 'xã' }] }, 'Dân số trưởng thành', 'Ghi chú']);
    sheet.addRow(['06673', { formula: '6000*2', result: 12000 }, { text: 'ước tính', hyperlink: 'https://example.org' }]);
    sheet.addRow([]);
    sheet.addRow(['07054', 8000, null]);
    wb.addWorksheet('Khác').addRows([['Mã xã', 'Dân số trưởng thành'], ['99999', 1]]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await read(file, { chunk: 4096, type: XLSX_MIME })).toEqual({
      format: 'xlsx',
      headerLine: 3,
      columns: { commune: 0, adults: 1, note: 2 },
      ignored: [],
      rows: [
        [4, ['06673', '12000', 'ước tính']],
        [6, ['07054', '8000']],
      ],
    });
  });

  it('refuses a broken workbook and an old .xls', async () => {
    expect(await refusal(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]), XLSX_MIME)).toMatchObject({ code: 'IMPORT_FILE_INVALID' });
    expect(await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]))).toMatchObject({ code: 'IMPORT_FILE_INVALID' });
  });

  it('writes templates that read back: the header with its hints, the example row', async () => {
    const csv = tabularTemplateCsv(layout);
    expect(csv).toBe('\uFEFFMã xã (5 chữ số);Dân số trưởng thành (số người);Ghi chú\r\n06673;12000;ước tính\r\n');
    expect((await read(csv)).rows).toEqual([[2, ['06673', '12000', 'ước tính']]]);
    const xlsx = await tabularTemplateXlsx(layout, { sheetName: 'Số liệu', guideTitle: 'Hướng dẫn', notes: ['Một dòng mỗi xã.'] });
    expect((await read(xlsx, { type: XLSX_MIME })).rows).toEqual([[2, ['06673', '12000', 'ước tính']]]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const [fill, guide] = wb.worksheets;
    expect(fill.getCell('A1').note).toBe('Mã xã.');
    expect(fill.getCell('C2').dataValidation).toMatchObject({ type: 'list', formulae: ['"ước tính,chính thức"'] });
    expect(fill.getColumn(1).numFmt).toBe('@');
    expect(guide.getRow(4).values).toEqual([undefined, 'Mã xã', 'có', 'Mã xã.', '06673']);
  });

  it('treats a row of empty cells as blank', () => {
    expect(isBlankRow(['', '  ', null, undefined, { richText: [] }])).toBe(true);
    expect(isBlankRow(['', 0])).toBe(false);
  });
});
