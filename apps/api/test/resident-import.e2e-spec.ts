import ExcelJS from 'exceljs';
import { cccdPrefix, IMPORT_COLUMNS, ResidentPersonalDataCodec } from '@hvs/identity';
import { bearer, createTestAppWithDemoData, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';

/** The template's columns, in order. */
const HEADER = IMPORT_COLUMNS.map((c) => c.header);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A valid CCCD for a person born in `year` (registered in Quảng Ninh unless said), unique by `serial`. */
const cccdFor = (year: number, sex: 'male' | 'female', serial: number, province = '22') =>
  cccdPrefix(province, year, sex) + String(serial).padStart(6, '0');
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hoa', 'Hùng', 'Lan', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Quang', 'Sơn', 'Thảo', 'Yến'];
const toCsv = (rows: unknown[][], delimiter = ',', eol = '\n') => rows.map((r) => r.join(delimiter)).join(eol) + eol;

describe('resident import (CSV / XLSX)', () => {
  let t: TestApp;
  const as: Record<string, { authorization: string }> = {};
  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    for (const u of ['admin', 'xa.baichay', 'gv.baichay', 'tinh.quangninh']) as[u] = await bearer(t.http, u);
  });
  afterAll(() => t.close());

  const upload = (who: string, body: string | Buffer, type = 'text/csv; charset=utf-8', commune = '06673') =>
    t.http.post('/api/v1/resident-imports').query({ communeCode: commune }).set(as[who]).set('content-type', type).send(body);
  const count = async (where = "registration_method = 'import'") =>
    (await t.db.query(`SELECT count(*)::int AS n FROM identity_residents WHERE ${where}`))[0].n as number;

  const an = cccdFor(1958, 'male', 1);
  const mixed = toCsv([
    HEADER, // line 1
    ['Nguyễn Văn An', '12/04/1958', 'Nam', an, '0912000001', '06673-0001', 'x', '', 'nghèo', 'x', 'có'], // 2: good
    ['Lê Văn Sai', '01/01/1960', 'Nam', '12345', '', '', '', '', '', '', 'x'], // 3: CCCD format
    ['Lê Văn Lệch', '01/01/1960', 'Nam', cccdFor(1958, 'male', 2), '', '', '', '', '', '', 'x'], // 4: CCCD / birth year
    ['Lê Thị Ngày', '31/02/1960', 'Nữ', '', '', '', '', '', '', '', 'x'], // 5: not a date
    ['', '01/01/1960', 'Nữ', '', '', '', '', '', '', '', 'x'], // 6: no name
    ['Lê Văn Chưa', '01/01/1961', 'Nam', '', '', '', '', '', '', '', ''], // 7: no consent
    ['Lê Văn Thôn', '01/01/1962', 'Nam', '', '', '06673-0099', '', '', '', '', 'x'], // 8: unknown village
    ['Lê Văn Xa', '01/01/1963', 'Nam', '', '', '07054-0001', '', '', '', '', 'x'], // 9: village of another commune
    ['Trần Thị Bình', '1962-05-20', 'Nữ', '', '', '', '', 'x', 'cận nghèo', '', 'X'], // 10: good, no CCCD
    [], // 11: blank, skipped
    ['Phạm Thị Cúc', '1970-7-3', 'nu', cccdFor(1970, 'female', 3), '+84 988 000 003', '06673-0002', '', '', '', '', 'Có'], // 12: good
    ['Nguyễn Văn An', '12/04/1958', 'Nam', an, '0912000001', '06673-0001', 'x', '', 'nghèo', 'x', 'có'], // 13: same CCCD as line 2
  ]);

  it('validates every row, reports the bad ones by line, field and code, and imports the good ones', async () => {
    const res = await upload('xa.baichay', mixed).expect(201);
    expect(res.body).toMatchObject({ communeCode: '06673', status: 'completed', format: 'csv', total: 11, created: 3, updated: 0, unchanged: 0, rejected: 8 });
    expect(res.body.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [3, 'cccd', 'CCCD_FORMAT'],
      [4, 'cccd', 'CCCD_BIRTH_YEAR_MISMATCH'],
      [5, 'birthDate', 'BIRTH_DATE_INVALID'],
      [6, 'fullName', 'NAME_REQUIRED'],
      [7, 'consent', 'CONSENT_REQUIRED'],
      [8, 'villageCode', 'VILLAGE_NOT_FOUND'],
      [9, 'villageCode', 'VILLAGE_NOT_IN_COMMUNE'],
      [13, 'cccd', 'IMPORT_DUPLICATE_ROW'],
    ]);
    for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
    expect(res.body.errors[7].message).toContain('dòng 2');
    expect(res.body.errorsTruncated).toBe(false);

    const rows = await t.db.query(
      `SELECT village_code, path::text AS path, birth_year, sex, ethnic_minority, disability, poverty, no_smartphone, registered_by IS NOT NULL AS by
         FROM identity_residents WHERE registration_method = 'import' ORDER BY birth_year`,
    );
    const flags = (ethnic_minority: boolean, disability: boolean, poverty: string, no_smartphone: boolean) => ({
      ethnic_minority,
      disability,
      poverty,
      no_smartphone,
      by: true,
    });
    expect(rows).toEqual([
      { village_code: '06673-0001', path: '22.06673.0001', birth_year: 1958, sex: 'male', ...flags(true, false, 'poor', true) },
      { village_code: null, path: '22.06673', birth_year: 1962, sex: 'female', ...flags(false, true, 'near_poor', false) },
      { village_code: '06673-0002', path: '22.06673.0002', birth_year: 1970, sex: 'female', ...flags(false, false, 'none', false) },
    ]);
    const consents = await t.db.query(
      `SELECT c.purpose, c.method FROM identity_consents c JOIN identity_residents r ON r.id = c.resident_id WHERE r.registration_method = 'import'`,
    );
    expect(consents).toEqual(Array(3).fill({ purpose: 'training_records', method: 'paper_form' }));
    const audit = await t.db.query(
      `SELECT action, count(*)::int AS n FROM audit_events WHERE details->>'importId' = $1 OR target_id = $1 GROUP BY action ORDER BY action`,
      [res.body.importId],
    );
    expect(audit).toEqual([
      { action: 'resident.create', n: 3 },
      { action: 'resident.import', n: 1 },
    ]);

    // the officer finds them like any registered resident (same normalisation and indexes)
    const found = await t.http.get('/api/v1/residents').query({ cccd: an }).set(as['xa.baichay']).expect(200);
    expect(found.body.items).toEqual([expect.objectContaining({ fullName: 'Nguyễn Văn An', birthDate: '1958-04-12', villageCode: '06673-0001' })]);
    const byName = await t.http.get('/api/v1/residents').query({ q: 'tran thi binh' }).set(as['xa.baichay']).expect(200);
    expect(byName.body.items).toHaveLength(1);
    const cuc = await t.http.get('/api/v1/residents').query({ phone: '0988000003' }).set(as['xa.baichay']).expect(200);
    expect(cuc.body.items).toEqual([expect.objectContaining({ fullName: 'Phạm Thị Cúc', birthDate: '1970-07-03' })]);

    // the record keeps the outcome, for the officers of the commune
    const record = await t.http.get(`/api/v1/resident-imports/${res.body.importId}`).set(as['tinh.quangninh']).expect(200);
    expect(record.body).toMatchObject({ importId: res.body.importId, status: 'completed', total: 11, created: 3, rejected: 8, errors: res.body.errors });
    expect(record.body.finishedAt).toEqual(expect.any(String));
  });

  it('changes nothing when the same file is uploaded again', async () => {
    const before = await count('true');
    const res = await upload('xa.baichay', mixed).expect(201);
    expect(res.body).toMatchObject({ total: 11, created: 0, updated: 0, unchanged: 3, rejected: 8 });
    expect(await count('true')).toBe(before);
    const audit = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE details->>'importId' = $1`, [res.body.importId]);
    expect(audit[0].n).toBe(0);
  });

  it('updates the person with the same CCCD (a corrected phone), keeping the village when the column is absent', async () => {
    const file = toCsv([
      ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Đồng ý'],
      ['Nguyễn Văn An', '12/04/1958', 'Nam', an, '0912000099', 'x'],
    ]);
    const res = await upload('xa.baichay', file).expect(201);
    expect(res.body).toMatchObject({ total: 1, created: 0, updated: 1, unchanged: 0, rejected: 0 });
    const list = await t.http.get('/api/v1/residents').query({ cccd: an }).set(as['xa.baichay']).expect(200);
    const one = await t.http.get(`/api/v1/residents/${list.body.items[0].id}`).set(as['xa.baichay']).expect(200);
    expect(one.body).toMatchObject({ phone: '0912000099', villageCode: '06673-0001', flags: { ethnicMinority: true, poverty: 'poor' } });
    const audit = await t.db.query(`SELECT details FROM audit_events WHERE action = 'resident.update' AND details->>'importId' = $1`, [
      res.body.importId,
    ]);
    expect(audit).toEqual([{ details: { importId: res.body.importId, fields: ['phone'] } }]);
  });

  it('completes a person registered without CCCD when the file gives it, and reports a second row of the same person', async () => {
    const binh = cccdFor(1962, 'female', 8);
    const file = toCsv([
      HEADER,
      ['Trần Thị Bình', '20/05/1962', 'Nữ', binh, '', '', '', 'x', 'cận nghèo', '', 'x'], // 2: same name + birth date as the CCCD-less resident
      ['Lý Văn Trùng', '01/01/1990', 'Nam', '', '', '', '', '', '', '', 'x'], // 3
      ['Lý  Văn TRÙNG', '1990-01-01', 'Nam', '', '', '', '', '', '', '', 'x'], // 4: the same person (no CCCD): name as searched + birth date
    ]);
    const res = await upload('xa.baichay', file).expect(201);
    expect(res.body).toMatchObject({ total: 3, created: 1, updated: 1, unchanged: 0, rejected: 1 });
    expect(res.body.errors).toEqual([expect.objectContaining({ line: 4, field: 'fullName', code: 'IMPORT_DUPLICATE_ROW' })]);
    expect(res.body.errors[0].message).toContain('dòng 3');
    expect(await count(`registration_method = 'import' AND birth_year = 1962`)).toBe(1);
    const audit = await t.db.query(`SELECT details FROM audit_events WHERE action = 'resident.update' AND details->>'importId' = $1`, [
      res.body.importId,
    ]);
    expect(audit).toEqual([{ details: { importId: res.body.importId, fields: ['cccd'] } }]);
  });

  it('stores the same keyed hashes and name tokens as a registration (found the same ways)', async () => {
    const people = [
      { fullName: 'Nguyễn Ngọc Thị Thu Thủy', birthDate: '1975-10-02', sex: 'female' as const, serial: 9, phone: '0355000009' },
      { fullName: "Hờ A Páo H'Mông", birthDate: '1948-12-31', sex: 'male' as const, serial: 10, phone: null },
    ];
    const file = toCsv([
      HEADER,
      ...people.map((p) => {
        const cccd = cccdFor(Number(p.birthDate.slice(0, 4)), p.sex, p.serial);
        return [p.fullName, p.birthDate, p.sex === 'male' ? 'Nam' : 'Nữ', cccd, p.phone ?? '', '', '', '', '', '', 'x'];
      }),
    ]);
    await upload('xa.baichay', file).expect(201);
    const codec = t.app.get(ResidentPersonalDataCodec);
    for (const p of people) {
      const cccd = cccdFor(Number(p.birthDate.slice(0, 4)), p.sex, p.serial);
      const expected = codec.indexes({ fullName: p.fullName, birthDate: p.birthDate, cccd, phone: p.phone }, '06673');
      const [row] = await t.db.query(
        `SELECT id, name_tokens::text[] AS tokens, phone_index, dedupe_index, personal_data FROM identity_residents WHERE cccd_index = $1`,
        [expected.cccdIndex],
      );
      expect(row.tokens).toEqual(expected.nameTokens);
      expect(row.phone_index).toEqual(expected.phoneIndex);
      expect(row.dedupe_index).toEqual(expected.dedupeIndex);
      expect(codec.decrypt(row.id, row.personal_data)).toEqual({ fullName: p.fullName, birthDate: p.birthDate, cccd, phone: p.phone });
    }
    const found = await t.http.get('/api/v1/residents').query({ q: 'thuy ngoc' }).set(as['xa.baichay']).expect(200);
    expect(found.body.items.map((r: { fullName: string }) => r.fullName)).toEqual(['Nguyễn Ngọc Thị Thu Thủy']);
  });

  it('counts lines of quoted cells that span lines', async () => {
    const file = toCsv([
      ['Ghi chú', ...HEADER],
      ['"nhà gần chợ,\ncạnh trường"', 'Đinh Văn Một', '01/02/1971', 'Nam', '', '', '', '', '', '', '', 'x'], // lines 2-3
      ['', 'Đinh Văn Hai', '01/02/1972', 'Nam', '', '', '', '', '', '', '', ''], // line 4: no consent
    ]);
    const res = await upload('xa.baichay', file).expect(201);
    expect(res.body).toMatchObject({ total: 2, created: 1, rejected: 1, ignoredColumns: ['Ghi chú'] });
    expect(res.body.errors).toEqual([expect.objectContaining({ line: 4, code: 'CONSENT_REQUIRED' })]);
  });

  it('keeps the batches written before a broken line, and completes on the next upload', async () => {
    const lines = [HEADER.join(',')];
    for (let i = 0; i < 1500; i++) lines.push(`Mai Văn ${GIVEN[i % GIVEN.length]},0${1 + (i % 9)}/03/1980,Nam,${cccdFor(1980, 'male', 200_000 + i, '31')},,,,,,,x`);
    const broken = `${lines.join('\n')}\n"Mai Thị Lỗi,01/01/1980,Nữ,,,,,,,,x\n`;
    const failed = await upload('xa.baichay', broken).expect(400);
    expect(failed.body.error).toMatchObject({ code: 'IMPORT_FILE_INVALID', details: { importId: expect.any(String) } });
    const record = await t.http.get(`/api/v1/resident-imports/${failed.body.error.details.importId}`).set(as['xa.baichay']).expect(200);
    expect(record.body).toMatchObject({ status: 'failed', created: 1000, total: 1000, failure: { code: 'IMPORT_FILE_INVALID' } });
    const fixed = await upload('xa.baichay', `${lines.join('\n')}\n`).expect(201);
    expect(fixed.body).toMatchObject({ status: 'completed', total: 1500, created: 500, unchanged: 1000, rejected: 0 });
  });

  it("moves the account of a resident whose phone the file corrects (as a correction does)", async () => {
    const cccd = cccdFor(1985, 'male', 11);
    const registered = await t.http
      .post('/api/v1/residents')
      .set(as['xa.baichay'])
      .send({
        fullName: 'Kiều Văn Số',
        birthDate: '1985-06-01',
        sex: 'male',
        cccd,
        phone: '0866000011',
        communeCode: '06673',
        consent: { purposes: ['training_records'], method: 'assisted' },
      })
      .expect(201);
    expect(registered.body.hasAccount).toBe(true);
    const file = toCsv([HEADER, ['Kiều Văn Số', '01/06/1985', 'Nam', cccd, '0866000012', '', '', '', '', '', 'x']]);
    const res = await upload('xa.baichay', file).expect(201);
    expect(res.body).toMatchObject({ updated: 1, created: 0 });
    const codec = t.app.get(ResidentPersonalDataCodec);
    const [account] = await t.db.query(
      `SELECT a.phone_index FROM identity_accounts a JOIN identity_residents r ON r.account_id = a.id WHERE r.id = $1`,
      [registered.body.id],
    );
    expect(account.phone_index).toEqual(codec.phoneIndex('0866000012'));
    const moved = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'account.phone_change' AND details->>'residentId' = $1`, [
      registered.body.id,
    ]);
    expect(moved[0].n).toBe(1);
  });

  it('reports at most 1,000 rejected rows, and says so', async () => {
    const lines = [HEADER.join(',')];
    for (let i = 0; i < 1200; i++) lines.push(`Sai Văn Mẫu,01/01/1970,Nam,,,,,,,,`); // no consent
    const res = await upload('xa.baichay', `${lines.join('\n')}\n`).expect(201);
    expect(res.body).toMatchObject({ total: 1200, rejected: 1200, errorsTruncated: true });
    expect(res.body.errors).toHaveLength(1000);
    expect(res.body.errors[999]).toMatchObject({ line: 1001, code: 'CONSENT_REQUIRED' });
  });

  it('reports bad rows of every batch in line order, with batches written two at a time', async () => {
    const lines = [HEADER.join(',')];
    const bad: number[] = [];
    for (let i = 0; i < 3500; i++) {
      const line = i + 2;
      const noConsent = i % 250 === 7;
      if (noConsent) bad.push(line);
      const year = 1940 + (i % 60);
      lines.push(`Lô Văn ${GIVEN[i % GIVEN.length]},01/02/${year},Nam,${cccdFor(year, 'male', 300_000 + i, '15')},,,,,,,${noConsent ? '' : 'có'}`);
    }
    const before = await count();
    const res = await upload('xa.baichay', `${lines.join('\n')}\n`).expect(201);
    expect(res.body).toMatchObject({ total: 3500, created: 3500 - bad.length, rejected: bad.length, errorsTruncated: false });
    expect(res.body.errors.map((e: { line: number }) => e.line)).toEqual(bad);
    expect(await count()).toBe(before + 3500 - bad.length);
    const stored = await t.http.get(`/api/v1/resident-imports/${res.body.importId}`).set(as['xa.baichay']).expect(200);
    expect(stored.body.errors.map((e: { line: number }) => e.line)).toEqual(bad);
  });

  it('reports a CCCD registered in another commune instead of moving the person', async () => {
    const cccd = cccdFor(1980, 'female', 4);
    await t.http
      .post('/api/v1/residents')
      .set(as.admin)
      .send({
        fullName: 'Đỗ Thị Xa',
        birthDate: '1980-01-01',
        sex: 'female',
        cccd,
        communeCode: '06709',
        consent: { purposes: ['training_records'], method: 'assisted' },
      })
      .expect(201);
    const res = await upload('xa.baichay', toCsv([HEADER, ['Đỗ Thị Xa', '01/01/1980', 'Nữ', cccd, '', '', '', '', '', '', 'x']])).expect(201);
    expect(res.body).toMatchObject({ created: 0, updated: 0, rejected: 1 });
    expect(res.body.errors).toEqual([expect.objectContaining({ line: 2, field: 'cccd', code: 'RESIDENT_DUPLICATE_CCCD' })]);
    expect(await count(`commune_code = '06709'`)).toBe(1);
  });

  it('imports an XLSX file (first sheet; dates, numbers and blank rows as Excel stores them)', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Danh sách');
    sheet.addRow(HEADER);
    // a CCCD typed as a number loses its leading zero, a phone its 0: both come back
    sheet.addRow(['Hoàng Văn Đông', new Date(Date.UTC(1950, 0, 15)), 'Nam', Number(cccdFor(1950, 'male', 5)), 912000005, '06673-0003', '', '', '', '', 'x']);
    sheet.addRow(['Hoàng Thị Tây', '15/01/1955', 'Nữ', cccdFor(1955, 'female', 6), '0912000006', '', '', true, '', '', '']); // 3: no consent
    sheet.addRow([]);
    sheet.addRow(['Hoàng Văn Nam', '1956-02-29', 'Nam', '', '', '06673-0003', '', '', '', '', 'x']); // 5: 1956 is a leap year
    wb.addWorksheet('Ghi chú').addRow(['not read']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload('xa.baichay', file, XLSX).expect(201);
    expect(res.body).toMatchObject({ format: 'xlsx', total: 3, created: 2, rejected: 1 });
    expect(res.body.errors).toEqual([expect.objectContaining({ line: 3, field: 'consent', code: 'CONSENT_REQUIRED' })]);
    const dong = await t.http.get('/api/v1/residents').query({ cccd: cccdFor(1950, 'male', 5) }).set(as['xa.baichay']).expect(200);
    expect(dong.body.items).toEqual([expect.objectContaining({ fullName: 'Hoàng Văn Đông', birthDate: '1950-01-15', villageCode: '06673-0003' })]);
    // again, with the content type Windows browsers give spreadsheet files: the bytes say XLSX; nothing changes
    const again = await upload('xa.baichay', file, 'application/vnd.ms-excel').expect(201);
    expect(again.body).toMatchObject({ format: 'xlsx', created: 0, unchanged: 2, rejected: 1 });
  });

  it('reads a semicolon CSV with a byte-order mark, CRLF and headers without diacritics', async () => {
    const file =
      '\uFEFF' +
      toCsv(
        [
          ['STT', 'HO VA TEN', 'ngay sinh', 'GIOI TINH', 'so cccd', 'So dien thoai', 'Dong y'],
          ['1', 'Vũ Thị Mai', '08/03/1965', 'Nữ', cccdFor(1965, 'female', 7), '0977000007', 'có'],
          ['2', '"Vũ Văn Hùng"', '1966-03-08', 'Nam', '', '0977000008', 'x'],
        ],
        ';',
        '\r\n',
      );
    const res = await upload('xa.baichay', file).expect(201);
    expect(res.body).toMatchObject({ format: 'csv', total: 2, created: 2, rejected: 0, ignoredColumns: ['STT'] });
    const mai = await t.http.get('/api/v1/residents').query({ q: 'vu thi mai' }).set(as['xa.baichay']).expect(200);
    expect(mai.body.items).toEqual([expect.objectContaining({ fullName: 'Vũ Thị Mai', birthDate: '1965-03-08' })]);
  });

  it('reads the line endings, byte-order mark and separators Excel and LibreOffice write, mixed ones too', async () => {
    const variants: Array<[string, (rows: unknown[][]) => string]> = [
      ['LF', (rows) => toCsv(rows)],
      ['CR LF', (rows) => toCsv(rows, ',', '\r\n')],
      ['CR LF header, LF rows', (rows) => `${rows[0].join(',')}\r\n${toCsv(rows.slice(1))}`],
      ['LF, then CR LF', (rows) => `${rows[0].join(',')}\n${rows[1].join(',')}\r\n${rows[2].join(',')}\r\n`],
      ['BOM, CR LF', (rows) => `\uFEFF${toCsv(rows, ',', '\r\n')}`],
      ['BOM, ";", LF', (rows) => `\uFEFF${toCsv(rows, ';')}`],
      ['";", CR (old Mac)', (rows) => toCsv(rows, ';', '\r')],
    ];
    for (const [i, [name, write]] of variants.entries()) {
      const rows = [
        HEADER,
        [`Lưu Văn ${GIVEN[i]}`, '01/01/1971', 'Nam', cccdFor(1971, 'male', 500 + i), '', '', '', '', '', '', 'có'],
        [`Lưu Thị ${GIVEN[i]}`, '02/02/1972', 'Nữ', cccdFor(1972, 'female', 500 + i), '', '', '', '', '', '', 'x'],
      ];
      const res = await upload('xa.baichay', write(rows)).expect(201);
      expect({ name, ...res.body }).toMatchObject({ name, format: 'csv', total: 2, created: 2, rejected: 0, errors: [] });
    }
  });

  it('imports the XLSX a province sends: title rows, merged cells, an STT column, a guide sheet first, numbers and dates as Excel keeps them', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Hướng dẫn').addRows([['Danh sách gửi các xã'], ['Cột CCCD ghi đủ 12 số']]);
    const sheet = wb.addWorksheet('DS người dân');
    sheet.addRow(['UBND TỈNH QUẢNG NINH']);
    sheet.mergeCells('A1:L1');
    sheet.addRow(['DANH SÁCH NGƯỜI DÂN THAM GIA BÌNH DÂN HỌC VỤ SỐ']);
    sheet.mergeCells('A2:L2');
    sheet.addRow([]);
    sheet.addRow(['STT', ...HEADER.map((h, i) => (i === 0 ? `${h} *` : h))]); // row 4
    sheet.addRow([1, 'Đào Văn Tỉnh', '03/05/1961', 'Nam', Number(cccdFor(1961, 'male', 600)), 912000600, '06673-0004', '', '', 'cận nghèo', '', 'x']);
    sheet.addRow([2, { richText: [{ text: 'Đào Thị ' }, { text: 'Tỉnh' }] }, new Date(Date.UTC(1963, 6, 9)), 'Nữ', cccdFor(1963, 'female', 601), '', '', 'x', '', '', 'x', { formula: '"có"', result: 'có' }]);
    sheet.addRow([3, 'Đào Văn Thiếu', '01/01/1964', 'Nam', '', '', '', '', '', '', '', '']); // row 7: no consent
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload('xa.baichay', file, XLSX).expect(201);
    expect(res.body).toMatchObject({ format: 'xlsx', total: 3, created: 2, rejected: 1, ignoredColumns: ['STT'] });
    expect(res.body.errors).toEqual([expect.objectContaining({ line: 7, field: 'consent', code: 'CONSENT_REQUIRED' })]);
    const tinh = await t.http.get('/api/v1/residents').query({ cccd: cccdFor(1963, 'female', 601) }).set(as['xa.baichay']).expect(200);
    expect(tinh.body.items).toEqual([expect.objectContaining({ fullName: 'Đào Thị Tỉnh', birthDate: '1963-07-09' })]);
  });

  it('refuses a file without the required columns, naming the missing and the unknown ones in Vietnamese', async () => {
    const before = await count('true');
    const res = await upload('xa.baichay', toCsv([['Họ và tên', 'Ngay sinh nhat', 'Giới tính', 'Số CCCD', 'Số điện thoại', 'Dong y ky'], ['Ai Đó', '', 'Nam', '', '', '']])).expect(400);
    expect(res.body.error).toMatchObject({
      code: 'IMPORT_MISSING_COLUMNS',
      details: { missing: ['Ngày sinh', 'Đồng ý'], unknown: ['Ngay sinh nhat', 'Dong y ky'], headerLine: 1 },
    });
    expect(res.body.error.message).toBe(
      'Tệp thiếu cột: "Ngày sinh", "Đồng ý". Không nhận ra cột: "Ngay sinh nhat", "Dong y ky" (dòng tiêu đề 1). Hãy dùng đúng tên cột của tệp mẫu.',
    );
    expect(await count('true')).toBe(before);
  });

  it('answers 403 OUTSIDE_SCOPE for a commune outside the scope, 404 for an unknown one, 403 to instructors, 415 to other content types', async () => {
    const file = toCsv([HEADER, ['Ngoài Phạm Vi', '01/01/1970', 'Nam', '', '', '', '', '', '', '', 'x']]);
    const out = await upload('xa.baichay', file, 'text/csv', '06709').expect(403);
    expect(out.body.error.code).toBe('OUTSIDE_SCOPE');
    expect((await upload('xa.baichay', file, 'text/csv', '00004').expect(403)).body.error.code).toBe('OUTSIDE_SCOPE');
    expect((await upload('xa.baichay', file, 'text/csv', '99999').expect(404)).body.error.code).toBe('COMMUNE_NOT_FOUND');
    const instructor = await upload('gv.baichay', file).expect(403);
    expect(instructor.body.error.code).toBe('FORBIDDEN');
    const json = await t.http.post('/api/v1/resident-imports').query({ communeCode: '06673' }).set(as['xa.baichay']).send({ rows: [] }).expect(415);
    expect(json.body.error.code).toBe('IMPORT_UNSUPPORTED_TYPE');
    await t.http.post('/api/v1/resident-imports').query({ communeCode: '6673' }).set(as['xa.baichay']).set('content-type', 'text/csv').send(file).expect(400);
    // an import of another province is not visible to the commune officer
    const hanoi = await upload('admin', file, 'text/csv', '00004').expect(201);
    await t.http.get(`/api/v1/resident-imports/${hanoi.body.importId}`).set(as['xa.baichay']).expect(404);
    await t.http.get(`/api/v1/resident-imports/${hanoi.body.importId}`).set(as.admin).expect(200);
  });

  it('refuses a file declared larger than 50 MB before reading it', async () => {
    const res = await upload('xa.baichay', toCsv([HEADER])).set('content-length', String(60 * 1024 * 1024)).expect(413);
    expect(res.body.error.code).toBe('IMPORT_TOO_LARGE');
  });

  const binary = (response: unknown, done: (err: Error | null, body: Buffer) => void) => {
    const res = response as NodeJS.ReadableStream;
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  };
  /** The example row of a template filled in with a real person: name and CCCD replaced, the rest kept. */
  const person = { fullName: 'Mẫu Văn Điền', cccd: cccdFor(1958, 'male', 777) };
  const fieldOf = (header: string) => (header.startsWith('Họ và tên') ? 'fullName' : header.startsWith('Số CCCD') ? 'cccd' : null);

  it('offers a CSV template to open and fill in: hints, an example row refused as it is, imported once filled in', async () => {
    const res = await t.http.get('/api/v1/resident-imports/template.csv').set(as['xa.baichay']).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text.startsWith('\uFEFFHọ và tên (bắt buộc);Ngày sinh (ngày/tháng/năm, bắt buộc);Giới tính (Nam/Nữ);')).toBe(true);
    const [header, example, ...rest] = res.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(rest).toEqual(['']);
    expect(example.split(';')).toHaveLength(HEADER.length);

    const unchanged = await upload('xa.baichay', res.text).expect(201);
    expect(unchanged.body).toMatchObject({ total: 1, created: 0, rejected: 1, ignoredColumns: [] });
    expect(unchanged.body.errors).toEqual([expect.objectContaining({ line: 2, code: 'IMPORT_EXAMPLE_ROW', message: expect.stringContaining('dòng ví dụ') })]);

    const names = header.split(';');
    const filled = example.split(';').map((v, i) => (fieldOf(names[i]) ? person[fieldOf(names[i]) as 'fullName' | 'cccd'] : v));
    const imported = await upload('xa.baichay', `\uFEFF${header}\r\n${filled.join(';')}\r\n`).expect(201);
    expect(imported.body).toMatchObject({ total: 1, created: 1, rejected: 0, errors: [] });
    const found = await t.http.get('/api/v1/residents').query({ cccd: person.cccd }).set(as['xa.baichay']).expect(200);
    expect(found.body.items).toEqual([expect.objectContaining({ fullName: person.fullName, birthDate: '1958-04-12' })]);
  });

  it('offers an XLSX template with the allowed values (guide sheet, drop-down lists), imported once its example row is filled in', async () => {
    const res = await t.http.get('/api/v1/resident-imports/template.xlsx').set(as['xa.baichay']).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toContain('mau-nhap-nguoi-dan.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const [sheet, guide] = wb.worksheets;
    expect(guide.name).toBe('Hướng dẫn');
    const guideRows = Array.from(guide.getSheetValues(), (r) => (Array.isArray(r) ? r.slice(1).map(String) : []));
    expect(guideRows.find((r) => r[0] === 'Giới tính')).toEqual(['Giới tính', 'có', '"Nam" hoặc "Nữ".', 'Nam']);
    const sexColumn = (sheet.getRow(1).values as unknown[]).findIndex((v) => String(v).startsWith('Giới tính'));
    expect(sheet.getCell(3, sexColumn).dataValidation).toMatchObject({ type: 'list', formulae: ['"Nam,Nữ"'] });

    const unchanged = await upload('xa.baichay', res.body, XLSX).expect(201);
    expect(unchanged.body).toMatchObject({ format: 'xlsx', created: 0, rejected: 1, errors: [expect.objectContaining({ line: 2, code: 'IMPORT_EXAMPLE_ROW' })] });

    const other = { fullName: 'Mẫu Thị Bảng', cccd: cccdFor(1958, 'female', 778) };
    sheet.getRow(1).eachCell((cell, col) => {
      const field = fieldOf(String(cell.value));
      if (field) sheet.getCell(2, col).value = other[field];
    });
    sheet.getCell(2, sexColumn).value = 'Nữ';
    sheet.addRow(['Mẫu Văn Thêm', '20/11/1990', 'Nam', '', '0912000778', '', '', '', '', '', 'có']); // a third row typed below
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const imported = await upload('xa.baichay', filled, XLSX).expect(201);
    expect(imported.body).toMatchObject({ format: 'xlsx', total: 2, created: 2, rejected: 0, errors: [] });
    const found = await t.http.get('/api/v1/residents').query({ cccd: other.cccd }).set(as['xa.baichay']).expect(200);
    expect(found.body.items).toEqual([expect.objectContaining({ fullName: other.fullName, birthDate: '1958-04-12', sex: 'female' })]);
  });

  it('imports a 20,000-row file completely, in batches, with no personal value in clear', async () => {
    const rows = 20_000;
    const lines = [HEADER.join(',')];
    for (let i = 0; i < rows; i++) {
      const year = 1940 + (i % 60);
      const sex = i % 2 ? 'female' : 'male';
      const day = String(1 + (i % 28)).padStart(2, '0');
      lines.push(
        [
          `${FAMILY[i % FAMILY.length]} ${MIDDLE[Math.floor(i / 10) % MIDDLE.length]} ${GIVEN[Math.floor(i / 60) % GIVEN.length]}`,
          `${day}/0${1 + (i % 9)}/${year}`,
          sex === 'male' ? 'Nam' : 'Nữ',
          cccdFor(year, sex, 100_000 + i, '01'),
          `09${String(60_000_000 + i)}`,
          `06673-000${1 + (i % 8)}`,
          i % 7 === 0 ? 'x' : '',
          '',
          i % 11 === 0 ? 'nghèo' : '',
          '',
          'x',
        ].join(','),
      );
    }
    const before = await count(`commune_code = '06673'`);
    // (how fast is the benchmark's question: npm run bench -- resident-import)
    const res = await upload('xa.baichay', `${lines.join('\n')}\n`).expect(201);
    expect(res.body).toMatchObject({ total: rows, created: rows, rejected: 0, errors: [] });
    expect(await count(`commune_code = '06673'`)).toBe(before + rows);
    const record = await t.db.query(`SELECT batches FROM identity_resident_imports WHERE id = $1`, [res.body.importId]);
    expect(record[0].batches).toBe(rows / 1000);

    // nothing readable: no name, CCCD or phone in any column of any imported row
    const stored: Array<{ row: string; blob: Buffer }> = await t.db.query(
      `SELECT (to_jsonb(r) - 'name_tokens')::text AS row, r.personal_data AS blob FROM identity_residents r WHERE registration_method = 'import'`,
    );
    const probes = [cccdFor(1940, 'male', 100_000, '01'), '0960000000', 'Nguyễn', 'Nguyen', 'Hoàng Văn Đông', an, '0912000099'];
    expect(stored.length).toBeGreaterThan(rows);
    const readable = stored.filter(({ row, blob }) => probes.some((p) => row.includes(p) || blob.includes(Buffer.from(p))));
    expect(readable).toEqual([]);
  }, 60_000);
});
