import { KeysetPageQuery, PageQuery } from '@hvs/platform';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { AREA_KINDS, COMMUNE_CODE, PROVINCE_CODE, VILLAGE_CODE, VILLAGE_TYPES } from './unit.dto';
import type { AreaKind, VillageType } from './unit.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

export class NameSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Name search; ignores case and diacritics ("bac ninh" finds "Bắc Ninh")' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Transform(trim)
  q?: string;
}

export class ListVillagesQuery extends NameSearchQuery {
  @ApiPropertyOptional({ enum: VILLAGE_TYPES })
  @IsOptional()
  @IsIn(VILLAGE_TYPES)
  type?: VillageType;
}

export class ListAreasQuery extends NameSearchQuery {
  @ApiPropertyOptional({ description: 'Province code (2 digits)', example: '22' })
  @IsOptional()
  @Matches(PROVINCE_CODE, { message: 'phải là mã tỉnh/thành phố (2 chữ số)' })
  province?: string;
}

export class CreateVillageBody {
  @ApiProperty({ example: 'Thôn Đông', minLength: 1, maxLength: 120 })
  @IsString()
  @Transform(trim)
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ enum: VILLAGE_TYPES, description: 'thon, ban, ap, lang, to_dan_pho, khu_pho or khac' })
  @IsIn(VILLAGE_TYPES)
  type!: VillageType;
}

/** Rename a village or change its type (each field optional). */
export class UpdateVillageBody extends PartialType(CreateVillageBody) {}

export class CreateAreaBody {
  @ApiProperty({ example: '22' })
  @Matches(PROVINCE_CODE, { message: 'phải là mã tỉnh/thành phố (2 chữ số)' })
  provinceCode!: string;

  @ApiProperty({ example: 'Hạ Long (cũ)', minLength: 1, maxLength: 120 })
  @IsString()
  @Transform(trim)
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ enum: AREA_KINDS })
  @IsIn(AREA_KINDS)
  kind!: AreaKind;

  @ApiProperty({ type: [String], example: ['06673', '06676'], minItems: 1, maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @Matches(COMMUNE_CODE, { each: true, message: 'mỗi mã xã/phường phải gồm 5 chữ số' })
  communeCodes!: string[];
}

/** Rename an area, change its kind or replace its communes (each field optional; the province stays). */
export class UpdateAreaBody extends PartialType(OmitType(CreateAreaBody, ['provinceCode'] as const)) {}

/**
 * A keyset-paged list narrowed to a commune or a village of the caller's scope (the whole scope when
 * neither is given): the base of the capabilities' lists of people and their records.
 */
export class UnitKeysetQuery extends KeysetPageQuery {
  @ApiPropertyOptional({ description: 'Commune (5 digits); default: the whole of your scope' })
  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'phải là mã xã/phường (5 chữ số)' })
  communeCode?: string;

  @ApiPropertyOptional({ description: 'Village code' })
  @IsOptional()
  @Matches(VILLAGE_CODE, { message: 'phải là mã thôn/tổ dân phố (ví dụ 06673-0001)' })
  villageCode?: string;
}
