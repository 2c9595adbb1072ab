import { Body, Controller, Get, Header, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CommuneCodePipe } from '@hvs/geography';
import { Access, ApiErrors, CurrentCaller, XLSX_MIME, type Caller } from '@hvs/platform';
import { FIGURE_OFFICERS, POPULATION_EDITORS } from '../reporting-access';
import { PeriodQuery } from '../reporting-fields';
import {
  CommunePopulationView,
  PopulationHistoryView,
  PopulationImportQuery,
  PopulationImportView,
  PopulationListView,
  PopulationsQuery,
  SetPopulationBody,
} from './population.dto';
import { PopulationsService } from './populations.service';

/** Official adult populations per commune and period: entered, imported, with their history. */
@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class PopulationsController {
  constructor(private readonly populations: PopulationsService) {}

  @Get('populations')
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'The communes of a province in your scope with their official adult population for the period, or the fallback (registered adults)' })
  @ApiOkResponse({ type: PopulationListView })
  @ApiErrors(400, 401, 403, 404)
  list(@Query() query: PopulationsQuery, @CurrentCaller() caller: Caller): Promise<PopulationListView> {
    return this.populations.list(query.provinceCode, query.period, caller);
  }

  @Put('populations/:communeCode')
  @Access(...POPULATION_EDITORS)
  @ApiOperation({ summary: 'Enter a commune\'s official adult population for the period, with its source and date (the previous one is kept in the history; the same figure again changes nothing)' })
  @ApiOkResponse({ type: CommunePopulationView })
  @ApiErrors(400, 401, 403, 404)
  set(
    @Param('communeCode', CommuneCodePipe) communeCode: string,
    @Query() query: PeriodQuery,
    @Body() body: SetPopulationBody,
    @CurrentCaller() caller: Caller,
  ): Promise<CommunePopulationView> {
    return this.populations.set(communeCode, query.period, body, caller);
  }

  @Get('populations/:communeCode/history')
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'Every figure a commune had for the period, the newest first' })
  @ApiOkResponse({ type: PopulationHistoryView })
  @ApiErrors(400, 401, 403, 404)
  history(@Param('communeCode', CommuneCodePipe) communeCode: string, @Query() query: PeriodQuery, @CurrentCaller() caller: Caller): Promise<PopulationHistoryView> {
    return this.populations.history(communeCode, query.period, caller);
  }

  @Post('population-imports')
  @Access(...POPULATION_EDITORS)
  @ApiOperation({
    summary: 'Import the adult populations of a province\'s communes from a CSV or XLSX file (the request body)',
    description:
      'Header row with the template\'s columns (GET /reporting/population-imports/template.csv or .xlsx). Every row is checked: an unknown commune, ' +
      'one of another province or outside your scope, a commune given twice, a bad number or date is reported with its line. The valid rows are ' +
      'written together; a figure equal to the current one is "unchanged", so importing the same file again changes nothing. Up to 5 MB.',
  })
  @ApiConsumes('text/csv', XLSX_MIME)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: PopulationImportView })
  @ApiErrors(400, 401, 403, 404, 413, 415)
  import(@Query() query: PopulationImportQuery, @Req() request: FastifyRequest, @CurrentCaller() caller: Caller): Promise<PopulationImportView> {
    const headers = { contentType: request.headers['content-type'], contentLength: request.headers['content-length'] };
    return this.populations.import(query.provinceCode, query.period, request.body, headers, caller);
  }

  @Get('population-imports/template.csv')
  @Access(...POPULATION_EDITORS)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="mau-nhap-dan-so.csv"')
  @ApiOperation({ summary: 'The population import template as CSV (UTF-8 with BOM, ";"-separated)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiErrors(401, 403)
  templateCsv(): string {
    return this.populations.templateCsv();
  }

  @Get('population-imports/template.xlsx')
  @Access(...POPULATION_EDITORS)
  @Header('content-type', XLSX_MIME)
  @Header('content-disposition', 'attachment; filename="mau-nhap-dan-so.xlsx"')
  @ApiOperation({ summary: 'The population import template as XLSX, with a guide sheet' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(401, 403)
  templateXlsx(): Promise<Buffer> {
    return this.populations.templateXlsx();
  }
}
