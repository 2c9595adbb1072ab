import { Controller, Get, Header, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, ApiErrors, CodeParamPipe, CurrentCaller, UUID_FORMAT, XLSX_MIME, type Caller } from '@hvs/platform';
import { RESIDENT_DATA_OFFICERS } from '../resident-access';
import { ResidentImportQuery, ResidentImportView } from './resident-import.dto';
import { ResidentImportsService } from './resident-imports.service';

const ImportIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_IMPORT_ID', 'Mã lần nhập phải là một UUID.');

/** Bulk import of residents from CSV / XLSX files, by officers, into a commune of their scope. */
@ApiTags('residents')
@ApiBearerAuth()
@Controller('resident-imports')
export class ResidentImportsController {
  constructor(private readonly imports: ResidentImportsService) {}

  @Post()
  @Access(...RESIDENT_DATA_OFFICERS)
  @ApiOperation({
    summary: 'Import residents of a commune from a CSV (UTF-8 with or without BOM, comma, semicolon or tab, any line endings) or XLSX file, sent as the request body',
    description:
      'Header row with the template\'s columns (GET /resident-imports/template.csv or .xlsx; diacritics, case and notes in parentheses ' +
      'ignored; title rows above it and, in a workbook, sheets without it are passed over; missing and unknown columns are named). Every row is checked ' +
      'like a registration; rejected rows are reported with their line number, the others are written in batches. Same CCCD (or, ' +
      'without CCCD, same name + birth date in the commune) = same person: updated or unchanged, never duplicated, so uploading a ' +
      'file again is safe. A CCCD registered in another commune is reported, not moved. Up to 50 MB.',
  })
  @ApiConsumes('text/csv', XLSX_MIME)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: ResidentImportView })
  @ApiErrors(400, 401, 403, 404, 413, 415)
  import(@Query() query: ResidentImportQuery, @Req() request: FastifyRequest, @CurrentCaller() caller: Caller): Promise<ResidentImportView> {
    const headers = { contentType: request.headers['content-type'], contentLength: request.headers['content-length'] };
    return this.imports.import(query.communeCode, request.body, headers, caller);
  }

  @Get('template.csv')
  @Access(...RESIDENT_DATA_OFFICERS)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="mau-nhap-nguoi-dan.csv"')
  @ApiOperation({
    summary: 'The import template as CSV (UTF-8 with BOM, ";"-separated as Excel writes it in Vietnamese settings)',
    description: 'The header row, each column with what to write in parentheses, and an example row to overwrite (sent unchanged it is refused, IMPORT_EXAMPLE_ROW).',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiErrors(401, 403)
  templateCsv(): string {
    return this.imports.templateCsv();
  }

  @Get('template.xlsx')
  @Access(...RESIDENT_DATA_OFFICERS)
  @Header('content-type', XLSX_MIME)
  @Header('content-disposition', 'attachment; filename="mau-nhap-nguoi-dan.xlsx"')
  @ApiOperation({
    summary: 'The import template as XLSX',
    description:
      'A sheet to fill in (the header with hints and notes, the example row, drop-down lists for fixed values, text columns for CCCD, phone and dates) and a guide sheet listing every column and its allowed values.',
  })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(401, 403)
  templateXlsx(): Promise<Buffer> {
    return this.imports.templateXlsx();
  }

  @Get(':id')
  @Access(...RESIDENT_DATA_OFFICERS)
  @ApiOperation({ summary: 'An import in your scope: counts, status and rejected rows' })
  @ApiOkResponse({ type: ResidentImportView })
  @ApiErrors(400, 401, 403, 404)
  get(@Param('id', ImportIdPipe) id: string, @CurrentCaller() caller: Caller): Promise<ResidentImportView> {
    return this.imports.get(id, caller);
  }
}
