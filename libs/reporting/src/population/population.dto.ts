import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PeriodQuery, IsDay, oneLine } from '../reporting-fields';
import { MAX_ADULTS } from './population-import';

/** A commune's official adult population for a period, as entered. */
export class SetPopulationBody {
  @ApiProperty({ minimum: 0, maximum: MAX_ADULTS, example: 12345, description: 'People of the adult age or older' })
  @IsInt({ message: 'phải là số nguyên' })
  @Min(0)
  @Max(MAX_ADULTS)
  adults!: number;

  @ApiProperty({ example: 'Cục Thống kê tỉnh Quảng Ninh, Niên giám thống kê 2025', maxLength: 300 })
  @IsString()
  @Transform(oneLine)
  @MinLength(1)
  @MaxLength(300)
  source!: string;

  @ApiProperty({ format: 'date', description: 'The date of the figure (not after today)' })
  @IsDay()
  sourceDate!: string;
}

export class PopulationsQuery extends PeriodQuery {
  @ApiProperty({ description: 'Province (2 digits): its communes in your scope', example: '22' })
  @Matches(/^[0-9]{2}$/, { message: 'phải là mã tỉnh/thành phố (2 chữ số)' })
  provinceCode!: string;
}

export class PopulationImportQuery extends PeriodQuery {
  @ApiProperty({ description: 'Province (2 digits) whose communes the file lists', example: '22' })
  @Matches(/^[0-9]{2}$/, { message: 'phải là mã tỉnh/thành phố (2 chữ số)' })
  provinceCode!: string;
}

export class PopulationFigureView {
  @ApiProperty() adults!: number;
  @ApiProperty() source!: string;
  @ApiProperty({ format: 'date' }) sourceDate!: string;
  @ApiProperty({ description: 'A labelled estimate (demo data), not an official figure' }) estimate!: boolean;
  @ApiProperty({ format: 'date-time' }) enteredAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) enteredBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The import that brought it, if any' }) importId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'When a newer figure replaced it (history only)' })
  supersededAt?: string | null;
}

export class CommunePopulationView {
  @ApiProperty({ example: '06673' }) communeCode!: string;
  @ApiProperty({ example: 'Phường Bãi Cháy' }) communeName!: string;
  @ApiProperty({ example: '2026' }) period!: string;
  @ApiProperty({ type: PopulationFigureView, nullable: true, description: 'The current figure; null: none entered' }) population!: PopulationFigureView | null;
  @ApiProperty({ description: 'Adults registered on the platform (the fallback denominator)' }) registeredAdults!: number;
  @ApiProperty({ enum: ['official', 'estimate', 'registered'], description: 'What the figures divide by' }) denominatorSource!: 'official' | 'estimate' | 'registered';
  @ApiProperty() denominator!: number;
}

export class PopulationListView {
  @ApiProperty() provinceCode!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ description: 'Communes still on the fallback denominator (registered adults)' }) fallbackCommunes!: number;
  @ApiProperty({ type: CommunePopulationView, isArray: true }) items!: CommunePopulationView[];
}

export class PopulationHistoryView {
  @ApiProperty() communeCode!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ type: PopulationFigureView, isArray: true, description: 'Newest first; the first without supersededAt is current' }) items!: PopulationFigureView[];
}

export class PopulationImportErrorView {
  @ApiProperty({ description: 'Line (CSV) or row (XLSX) of the file' }) line!: number;
  @ApiProperty({ example: 'ADULTS_INVALID' }) code!: string;
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

export class PopulationImportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() provinceCode!: string;
  @ApiProperty() period!: string;
  @ApiProperty() total!: number;
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ type: PopulationImportErrorView, isArray: true }) errors!: PopulationImportErrorView[];
}

