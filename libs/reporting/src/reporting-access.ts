import { AppError } from '@hvs/platform';

/**
 * Who may do what with the coverage figures (docs/reporting.md, "Access"):
 * - read the figures, the drill-down, the trend: officers in their scope (province, area, commune) and
 *   administrators; instructors their commune and their own classes;
 * - rankings and exports: officers and administrators;
 * - enter or import official populations and set targets: province officers for their province, and
 *   administrators; everyone who reads the figures may read them;
 * - periods (campaigns): administrators create them; everyone staff reads them;
 * - residents: none of it (403).
 */
export const FIGURE_READERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor'];
export const FIGURE_OFFICERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer'];
export const POPULATION_EDITORS = ['administrator', 'province_officer'];
export const PERIOD_EDITORS = ['administrator'];

export const PERIOD_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export const ReportingErrors = {
  periodNotFound: (code: string) => AppError.notFound('PERIOD_NOT_FOUND', 'Không tìm thấy kỳ báo cáo này.', { period: code }),
  periodExists: (code: string) => AppError.conflict('PERIOD_EXISTS', 'Đã có kỳ báo cáo với mã này.', { period: code }),
  countryOutsideScope: () => new AppError(403, 'OUTSIDE_SCOPE', 'Số liệu toàn quốc nằm ngoài phạm vi quản lý của bạn.', { level: 'country' }),
  classNotFound: (id: string) => AppError.notFound('CLASS_NOT_FOUND', 'Không tìm thấy lớp học này.', { id }),
  badRange: () => AppError.badRequest('INVALID_RANGE', 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.', { field: 'from' }),
  targetNotSet: (level: string, code: string, period: string) =>
    AppError.notFound('TARGET_NOT_SET', 'Đơn vị này chưa có mục tiêu riêng cho kỳ báo cáo (đang theo mục tiêu chung).', { level, code, period }),
  targetOutsideProvince: () =>
    AppError.badRequest('TARGET_LEVEL', 'Mục tiêu chỉ đặt cho một tỉnh/thành phố hoặc một xã/phường.', { field: 'level' }),
};
