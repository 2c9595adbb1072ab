import { AppError } from '@hvs/platform';
import type { NamedUnitLevel } from './units/unit-scope-rule';

const OUTSIDE_SCOPE_UNIT: Record<NamedUnitLevel, (code: string) => string> = {
  province: (code: string) => `Tỉnh/thành phố có mã ${code}`,
  commune: (code: string) => `Xã/phường/đặc khu có mã ${code}`,
  village: (code: string) => `Thôn/tổ dân phố có mã ${code}`,
  area: () => 'Cụm/khu vực này',
};

/** Errors of the geography capability: stable codes, Vietnamese messages. */
export const GeoErrors = {
  provinceNotFound: (code: string) =>
    AppError.notFound('PROVINCE_NOT_FOUND', `Không tìm thấy tỉnh/thành phố có mã ${code}.`, { code }),
  communeNotFound: (code: string) =>
    AppError.notFound('COMMUNE_NOT_FOUND', `Không tìm thấy xã/phường/đặc khu có mã ${code}.`, { code }),
  villageNotFound: (code: string) =>
    AppError.notFound('VILLAGE_NOT_FOUND', `Không tìm thấy thôn/tổ dân phố có mã ${code}.`, { code }),
  unitNotFound: (code: string) =>
    AppError.notFound('UNIT_NOT_FOUND', `Không tìm thấy đơn vị hành chính có mã ${code}.`, { code }),
  areaNotFound: (id: string) => AppError.notFound('AREA_NOT_FOUND', 'Không tìm thấy cụm/khu vực này.', { id }),
  /** A unit that exists (public reference data) but lies outside the caller's scope: see unit-scope-rule.ts. */
  outsideScope: (level: NamedUnitLevel, code: string) =>
    new AppError(403, 'OUTSIDE_SCOPE', `${OUTSIDE_SCOPE_UNIT[level](code)} nằm ngoài phạm vi quản lý của bạn.`, { level, code }),
  villageNameTaken: (name: string, communeCode: string) =>
    AppError.conflict(
      'VILLAGE_NAME_TAKEN',
      `Xã/phường này đã có thôn/tổ dân phố tên "${name}".`,
      { name, communeCode },
    ),
  villageLimitReached: (communeCode: string) =>
    AppError.unprocessable('VILLAGE_LIMIT_REACHED', 'Xã/phường này đã đạt số thôn/tổ dân phố tối đa (9999).', {
      communeCode,
    }),
  areaNameTaken: (name: string, provinceCode: string) =>
    AppError.conflict('AREA_NAME_TAKEN', `Tỉnh/thành phố này đã có cụm/khu vực tên "${name}".`, { name, provinceCode }),
  communesOutsideProvince: (codes: string[], provinceCode: string) =>
    AppError.unprocessable(
      'COMMUNES_OUTSIDE_PROVINCE',
      'Có xã/phường không thuộc tỉnh/thành phố của cụm/khu vực.',
      { communeCodes: codes, provinceCode },
    ),
  unknownCommunes: (codes: string[]) =>
    AppError.unprocessable('UNKNOWN_COMMUNES', 'Có mã xã/phường không tồn tại.', { communeCodes: codes }),
};

export const GeoFormatMessages = {
  province: ['INVALID_PROVINCE_CODE', 'Mã tỉnh/thành phố phải gồm đúng 2 chữ số (ví dụ 24).'],
  commune: ['INVALID_COMMUNE_CODE', 'Mã xã/phường phải gồm đúng 5 chữ số (ví dụ 06673).'],
  village: ['INVALID_VILLAGE_CODE', 'Mã thôn/tổ dân phố có dạng 5 chữ số, gạch ngang, 4 chữ số (ví dụ 06673-0001).'],
  unit: ['INVALID_UNIT_CODE', 'Mã đơn vị hành chính phải có dạng 12, 12345 hoặc 12345-0001.'],
  area: ['INVALID_AREA_ID', 'Mã cụm/khu vực phải là một UUID.'],
} as const;
