import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CSV_BOM, csvLine } from '@hvs/platform';
import { formatDay } from '../figures/coverage-math';
import type { ChildFiguresView, FiguresView, UnitFiguresView } from '../figures/figures.dto';

/** One column of the report: its Vietnamese header, its value, and its XLSX number format. */
interface Column {
  header: string;
  width: number;
  value: (row: { code: string; name: string; f: FiguresView }) => string | number | null;
  percent?: boolean;
}

const SOURCE_NAMES: Record<FiguresView['denominatorSource'], string> = {
  official: 'Số liệu chính thức',
  estimate: 'Ước tính (dữ liệu mẫu)',
  registered: 'Người dân đã đăng ký (chưa có số liệu chính thức)',
  mixed: 'Kết hợp',
  enrolled: 'Học viên đã ghi danh',
};

function columns(unitHeader: string): Column[] {
  return [
    { header: `Mã ${unitHeader}`, width: 12, value: (r) => r.code },
    { header: `Tên ${unitHeader}`, width: 28, value: (r) => r.name },
    { header: 'Số người từ 18 tuổi trở lên (mẫu số)', width: 16, value: (r) => r.f.adultPopulation },
    { header: 'Nguồn mẫu số', width: 26, value: (r) => SOURCE_NAMES[r.f.denominatorSource] },
    { header: 'Người dân đã đăng ký (tất cả độ tuổi)', width: 16, value: (r) => r.f.registeredAllAges },
    { header: 'Người từ 18 tuổi đã đăng ký', width: 14, value: (r) => r.f.registered },
    { header: 'Đã ghi danh lớp học', width: 12, value: (r) => r.f.enrolled },
    { header: 'Đã tham gia ít nhất một buổi', width: 14, value: (r) => r.f.attended },
    { header: 'Đã hoàn thành khóa học', width: 13, value: (r) => r.f.completed },
    { header: 'Có chứng nhận được VNeID công nhận', width: 15, value: (r) => r.f.certified },
    { header: 'Tỉ lệ được chứng nhận', width: 11, value: (r) => r.f.rate, percent: true },
    { header: 'Mục tiêu', width: 9, value: (r) => r.f.target.rate, percent: true },
    { header: 'Hạn mục tiêu', width: 12, value: (r) => formatDay(r.f.target.dueOn) },
    { header: 'Còn thiếu (người)', width: 11, value: (r) => r.f.gap },
    { header: 'Chứng nhận đã công nhận', width: 12, value: (r) => r.f.certificates.recognised },
    { header: 'Chứng nhận đang chờ', width: 11, value: (r) => r.f.certificates.pending },
    { header: 'Chứng nhận bị từ chối', width: 11, value: (r) => r.f.certificates.rejected },
    { header: 'Chứng nhận gửi lỗi', width: 11, value: (r) => r.f.certificates.failed },
    { header: 'Chứng nhận đã thu hồi', width: 11, value: (r) => r.f.certificates.revoked },
  ];
}

/** The report of a unit: one line per child (communes, or a commune's villages), then the unit's total. */
export interface CoverageReport {
  title: string[];
  unitHeader: string;
  rows: Array<{ code: string; name: string; f: FiguresView }>;
  total: { code: string; name: string; f: FiguresView };
  sheetName: string;
  fileBase: string;
}

export function coverageReport(view: UnitFiguresView): CoverageReport {
  const unitHeader = view.childLevel === 'village' ? 'thôn/tổ dân phố' : 'xã/phường';
  const row = (c: ChildFiguresView) => ({ code: c.unit.code, name: c.unit.name, f: c.figures });
  return {
    title: [
      `Tỉ lệ người từ 18 tuổi trở lên có chứng nhận kỹ năng số — ${view.unit.name}`,
      `Kỳ báo cáo: ${view.period.name} · Số liệu ngày ${formatDay(view.referenceDate)}`,
    ],
    unitHeader,
    rows: view.children.map(row),
    total: { code: view.unit.code, name: `Tổng cộng: ${view.unit.name}`, f: view.figures },
    sheetName: view.childLevel === 'village' ? 'Theo thôn' : 'Theo xã',
    fileBase: `ti-le-chung-nhan-${view.unit.level}-${view.unit.code}-${view.period.code}`,
  };
}

/** The report as CSV (UTF-8 with BOM, CRLF): the title lines, the header, a line per unit, the total; rates in per cent. */
export function coverageCsv(report: CoverageReport): Readable {
  const cols = columns(report.unitHeader);
  const cell = (c: Column, r: CoverageReport['total']) => {
    const v = c.value(r);
    if (v === null) return '';
    return c.percent && typeof v === 'number' ? Math.round(v * 1000) / 10 : v;
  };
  const out = new PassThrough();
  out.write(CSV_BOM + report.title.map((t) => csvLine([t])).join(''));
  out.write(csvLine(cols.map((c) => (c.percent ? `${c.header} (%)` : c.header))));
  for (const r of report.rows) out.write(csvLine(cols.map((c) => cell(c, r))));
  out.end(csvLine(cols.map((c) => cell(c, report.total))));
  return out;
}

/**
 * The report as an XLSX workbook, written as a stream (exceljs' WorkbookWriter: each row is committed
 * as it is added, so the download starts before the workbook is finished).
 */
export function coverageXlsx(report: CoverageReport): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Học Vụ Số';
  const cols = columns(report.unitHeader);
  const ws = wb.addWorksheet(report.sheetName, { views: [{ state: 'frozen', ySplit: report.title.length + 2 }] });
  ws.columns = cols.map((c) => ({ width: c.width }));
  const write = async () => {
    for (const [i, line] of report.title.entries()) {
      const row = ws.addRow([line]);
      row.font = { bold: i === 0, size: i === 0 ? 13 : 10 };
      row.commit();
    }
    ws.addRow([]).commit();
    const head = ws.addRow(cols.map((c) => c.header));
    head.font = { bold: true };
    head.alignment = { wrapText: true, vertical: 'middle' };
    head.height = 45;
    head.commit();
    const addLine = (r: CoverageReport['total'], bold: boolean) => {
      const row = ws.addRow(cols.map((c) => c.value(r)));
      cols.forEach((c, i) => {
        if (c.percent) row.getCell(i + 1).numFmt = '0.0%';
      });
      if (bold) row.font = { bold: true };
      row.commit();
    };
    for (const r of report.rows) addLine(r, false);
    addLine(report.total, true);
    ws.commit();
    await wb.commit();
  };
  write().catch((err: unknown) => out.destroy(err as Error));
  return out;
}
