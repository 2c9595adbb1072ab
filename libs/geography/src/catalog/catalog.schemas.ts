import { MAX_PAGE_LIMIT, DEFAULT_PAGE_LIMIT } from '@hvs/platform';
import { Type, type Static, type TSchema } from 'typebox';
import { COMMUNE_TYPES, PROVINCE_TYPES } from '../dto/unit.dto';

/** JSON schemas of the catalog routes: they validate queries, serialise responses and document both. */

export const ProvinceSchema = Type.Object(
  {
    code: Type.String({ example: '24' }),
    name: Type.String({ example: 'Bắc Ninh' }),
    fullName: Type.String({ example: 'Thành phố Bắc Ninh' }),
    nameEn: Type.String({ example: 'Bac Ninh' }),
    fullNameEn: Type.String({ example: 'Bac Ninh City' }),
    type: Type.Enum(PROVINCE_TYPES, {
      description: 'tinh = province, thanh_pho = centrally-run city',
    }),
    communeCount: Type.Integer({ example: 99 }),
  },
  { additionalProperties: false },
);
export type ProvinceDto = Static<typeof ProvinceSchema>;

export const CommuneSchema = Type.Object(
  {
    code: Type.String({ example: '06673' }),
    name: Type.String({ example: 'Bãi Cháy' }),
    fullName: Type.String({ example: 'Phường Bãi Cháy' }),
    nameEn: Type.String({ example: 'Bai Chay' }),
    fullNameEn: Type.String({ example: 'Bai Chay Ward' }),
    type: Type.Enum(COMMUNE_TYPES, {
      description: 'xa = rural commune, phuong = ward, dac_khu = special zone',
    }),
    provinceCode: Type.String({ example: '22' }),
    provinceName: Type.String({ example: 'Quảng Ninh' }),
  },
  { additionalProperties: false },
);
export type CommuneDto = Static<typeof CommuneSchema>;

const page = {
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT, description: 'Page size (max 500)' }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0, description: 'Items to skip' }),
};
const q = Type.Optional(
  Type.String({ maxLength: 100, description: 'Name search; ignores case and diacritics ("bac ninh" finds "Bắc Ninh")' }),
);
const communeType = Type.Optional(Type.Enum(COMMUNE_TYPES, { description: 'Commune type' }));

export const ProvincesQuery = Type.Object({ q, ...page }, { additionalProperties: false });
export const ProvinceCommunesQuery = Type.Object({ q, type: communeType, ...page }, { additionalProperties: false });
export const CommunesQuery = Type.Object(
  {
    q,
    province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$', description: 'Province code (2 digits)', example: '22' })),
    type: communeType,
    ...page,
  },
  { additionalProperties: false },
);
export const NoQuery = Type.Object({}, { additionalProperties: false });

export function PageSchema<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
}
