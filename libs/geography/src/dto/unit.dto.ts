import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROVINCE_TYPES = ['tinh', 'thanh_pho'] as const;
export const COMMUNE_TYPES = ['xa', 'phuong', 'dac_khu'] as const;
export const VILLAGE_TYPES = ['thon', 'ban', 'ap', 'lang', 'to_dan_pho', 'khu_pho', 'khac'] as const;
export const AREA_KINDS = ['former_district', 'cluster'] as const;
export type ProvinceType = (typeof PROVINCE_TYPES)[number];
export type CommuneType = (typeof COMMUNE_TYPES)[number];
export type VillageType = (typeof VILLAGE_TYPES)[number];
export type AreaKind = (typeof AREA_KINDS)[number];
export type UnitLevel = 'province' | 'commune' | 'village';

export const PROVINCE_CODE = /^[0-9]{2}$/;
export const COMMUNE_CODE = /^[0-9]{5}$/;
export const VILLAGE_CODE = /^[0-9]{5}-[0-9]{4}$/;

export class VillageDto {
  @ApiProperty({ example: '06673-0001', description: 'commune code + sequence number in the commune' })
  code!: string;
  @ApiProperty({ example: 'Tổ dân phố 1' }) name!: string;
  @ApiProperty({ enum: VILLAGE_TYPES }) type!: VillageType;
  @ApiProperty({ example: '06673' }) communeCode!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class UnitRefDto {
  @ApiProperty({ enum: ['province', 'commune', 'village'] }) level!: UnitLevel;
  @ApiProperty({ example: '22' }) code!: string;
  @ApiProperty({ example: 'Quảng Ninh' }) name!: string;
  @ApiProperty({ example: 'Thành phố Quảng Ninh' }) fullName!: string;
  @ApiProperty({ example: 'thanh_pho' }) type!: string;
}

export class UnitDetailDto extends UnitRefDto {
  @ApiPropertyOptional({ example: 'Bai Chay Ward' }) fullNameEn?: string;
  @ApiProperty({ type: [UnitRefDto], description: 'From the province down to the parent of this unit' })
  ancestors!: UnitRefDto[];
  @ApiProperty({ type: [String], description: 'Units merged into this one (from the 2025 reorganisation)' })
  formerNames!: string[];
  @ApiPropertyOptional({ description: 'Code in the 1 July 2025 list, where it differed' })
  formerCode?: string | null;
  @ApiPropertyOptional({
    description:
      'Total population of all ages from the official merger map: an ESTIMATE of unknown date, not the adult population',
  })
  estimatedPopulation?: number | null;
  @ApiPropertyOptional({ type: [String], description: 'Quality flags on the estimated population' })
  populationFlags?: string[];
  @ApiPropertyOptional() areaKm2?: number | null;
  @ApiPropertyOptional({ description: 'Communes: number of villages; provinces: number of communes' })
  childCount?: number;
}

export class AreaDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '22' }) provinceCode!: string;
  @ApiProperty({ example: 'Hạ Long (cũ)' }) name!: string;
  @ApiProperty({ enum: AREA_KINDS, description: 'former_district = a former district, cluster = any other group' })
  kind!: AreaKind;
  @ApiProperty({ type: [String], example: ['06673', '06676'] }) communeCodes!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
