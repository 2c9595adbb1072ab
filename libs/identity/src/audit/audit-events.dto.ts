import { KeysetPageQuery } from '@hvs/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

/** Filters of the audit trail; every filter narrows, the caller's scope applies on top. */
export class ListAuditEventsQuery extends KeysetPageQuery {
  @ApiPropertyOptional({ example: 'resident.read_unmasked', description: 'Exact action (dotted lower-case verb)' })
  @IsOptional()
  @Matches(/^[a-z_]+(\.[a-z_]+)+$/, { message: 'phải là tên hành động viết thường, các phần nối bằng dấu chấm, ví dụ "village.create"' })
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ example: 'resident', description: 'Kind of record acted on' })
  @IsOptional()
  @Matches(/^[a-z_]+$/, { message: 'chỉ được gồm chữ thường không dấu và "_"' })
  @MaxLength(50)
  targetType?: string;

  @ApiPropertyOptional({ description: 'Id or code of the record acted on (exact)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  targetId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Account that acted' })
  @IsOptional()
  @IsUUID()
  actorAccountId?: string;

  @ApiPropertyOptional({ example: '2025-07-01T00:00:00Z', description: 'Events at or after this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2025-08-01T00:00:00Z', description: 'Events before this time (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

}

export class AuditEventView {
  @ApiProperty({ example: '1024', description: 'Event id (a 64-bit integer, as a string)' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Null for system processes (seeding, worker)' }) actorAccountId!: string | null;
  @ApiProperty({ example: 'commune_officer', description: 'Role when acting, or "system:<process>"' }) actorRole!: string;
  @ApiProperty({ example: 'resident.update' }) action!: string;
  @ApiProperty({ example: 'resident' }) targetType!: string;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '22.06673', description: 'Tree path of the unit the record belongs to' }) unitPath!: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'Non-personal details (names of changed fields, counts)' }) details!: Record<string, unknown> | null;
}

