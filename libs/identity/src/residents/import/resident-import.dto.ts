import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class ResidentImportQuery {
  @ApiProperty({ example: '06673', description: 'Commune the residents live in (5 digits), in your scope' })
  @Matches(/^[0-9]{5}$/, { message: 'phải là mã xã/phường (5 chữ số)' })
  communeCode!: string;
}

export class ImportRowErrorView {
  @ApiProperty({ example: 7, description: 'Line of the file (the header is line 1; for XLSX, the row number of the sheet)' })
  line!: number;
  @ApiProperty({ example: 'cccd', description: 'Field (API name) the problem is about' })
  field!: string;
  @ApiProperty({ example: 'CCCD_BIRTH_YEAR_MISMATCH' })
  code!: string;
  @ApiProperty({ example: 'Chữ số thứ năm và sáu của số CCCD không khớp với năm sinh.' })
  message!: string;
}

class ImportFailureView {
  @ApiProperty({ example: 'IMPORT_FILE_INVALID' }) code!: string;
  @ApiProperty() message!: string;
}

const STATUSES = ['running', 'completed', 'failed', 'interrupted'];

export class ResidentImportView {
  @ApiProperty({ format: 'uuid' }) importId!: string;
  @ApiProperty({ example: '06673' }) communeCode!: string;
  @ApiProperty({
    enum: STATUSES,
    description: 'interrupted: the import stopped half-way (the process ended); upload the file again to complete it',
  })
  status!: string;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format!: string;
  @ApiProperty({ description: 'Data rows read (blank rows are not counted)' }) total!: number;
  @ApiProperty({ description: 'New residents' }) created!: number;
  @ApiProperty({ description: 'Residents already registered (same CCCD, or same name + birth date without CCCD) whose data changed' })
  updated!: number;
  @ApiProperty({ description: 'Residents already registered with the same data' }) unchanged!: number;
  @ApiProperty({ description: 'Rows not imported (see errors)' }) rejected!: number;
  @ApiProperty({ type: ImportRowErrorView, isArray: true, description: 'Why rows were rejected, in line order; the first 1,000' })
  errors!: ImportRowErrorView[];
  @ApiProperty({ description: 'More rows were rejected than `errors` lists' }) errorsTruncated!: boolean;
  @ApiPropertyOptional({ type: ImportFailureView, nullable: true, description: 'Why the import stopped (status failed)' })
  failure!: ImportFailureView | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Account that uploaded the file' }) startedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
  @ApiPropertyOptional({ type: String, isArray: true, description: 'Columns of the file that are not import columns (ignored); in the upload answer only' })
  ignoredColumns?: string[];
}
