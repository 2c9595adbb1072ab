import type { CommuneDto, ProvinceDto } from './catalog.schemas';
import type { CommuneRecord, ProvinceRecord } from './geo-catalog.service';

export const toProvinceDto = (p: ProvinceRecord): ProvinceDto => ({
  code: p.code,
  name: p.name,
  fullName: p.fullName,
  nameEn: p.nameEn,
  fullNameEn: p.fullNameEn,
  type: p.type,
  communeCount: p.communeCount,
});

export const toCommuneDto = (c: CommuneRecord): CommuneDto => ({
  code: c.code,
  name: c.name,
  fullName: c.fullName,
  nameEn: c.nameEn,
  fullNameEn: c.fullNameEn,
  type: c.type,
  provinceCode: c.provinceCode,
  provinceName: c.provinceName,
});
