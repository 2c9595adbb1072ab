import { PageQuery } from '@hvs/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from './roles';

const STAFF = ROLES.filter((r) => r !== 'resident');
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

export class CreateStaffAccountBody {
  @ApiProperty({ example: 'gv.baichay2', description: '3-40 of a-z 0-9 . _ -' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(/^[a-z0-9._-]{3,40}$/, { message: 'phải gồm 3 đến 40 ký tự a-z, 0-9, ".", "_", "-"' })
  username!: string;

  @ApiProperty({ example: 'Giảng viên Trần Văn Minh' })
  @IsString()
  @Transform(trim)
  @MinLength(1)
  @MaxLength(120)
  displayName!: string;

  @ApiProperty({ enum: STAFF })
  @IsIn(STAFF)
  role!: Exclude<Role, 'resident'>;

  @ApiProperty({ minLength: 10, maxLength: 200, description: 'Initial password (the person changes it after logging in)' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({ description: 'Province officers: their province (2 digits)' })
  @IsOptional()
  @Matches(/^[0-9]{2}$/)
  provinceCode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Area officers: their area' })
  @IsOptional()
  @IsUUID()
  areaId?: string;

  @ApiPropertyOptional({ description: 'Commune officers and instructors: their commune (5 digits)' })
  @IsOptional()
  @Matches(/^[0-9]{5}$/)
  communeCode?: string;
}

export class ResetPasswordBody {
  @ApiProperty({ minLength: 10, maxLength: 200 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}

export class ListAccountsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Username prefix' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  q?: string;
}
