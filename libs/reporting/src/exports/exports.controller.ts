import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AreaIdPipe, CommuneCodePipe, ProvinceCodePipe } from '@hvs/geography';
import { Access, ApiErrors, CurrentCaller, XLSX_MIME, type Caller } from '@hvs/platform';
import { FiguresService, type UnitRef } from '../figures/figures.service';
import { FIGURE_OFFICERS } from '../reporting-access';
import { PeriodQuery } from '../reporting-fields';
import { coverageCsv, coverageReport, coverageXlsx } from './coverage-export';

type Format = 'xlsx' | 'csv';
const BINARY = { schema: { type: 'string', format: 'binary' } };

/** The reports officers hand in: a province's or area's communes, a commune's villages; XLSX or CSV, streamed. */
@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting/exports')
export class ExportsController {
  constructor(private readonly figures: FiguresService) {}

  @Get('provinces/:code.xlsx')
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'A province\'s report: one row per commune with every figure, headers in Vietnamese, and the total (XLSX)' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse(BINARY)
  @ApiErrors(400, 401, 403, 404)
  provinceXlsx(@Param('code', ProvinceCodePipe) code: string, @Query() q: PeriodQuery, @CurrentCaller() caller: Caller, @Res() reply: FastifyReply): Promise<void> {
    return this.send({ level: 'province', code }, 'xlsx', q, caller, reply);
  }

  @Get('provinces/:code.csv')
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'A province\'s report as CSV (UTF-8 with BOM)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiErrors(400, 401, 403, 404)
  provinceCsv(@Param('code', ProvinceCodePipe) code: string, @Query() q: PeriodQuery, @CurrentCaller() caller: Caller, @Res() reply: FastifyReply): Promise<void> {
    return this.send({ level: 'province', code }, 'csv', q, caller, reply);
  }

  @Get('areas/:id.xlsx')
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'An area\'s report: one row per commune, and the total (XLSX)' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse(BINARY)
  @ApiErrors(400, 401, 403, 404)
  areaXlsx(@Param('id', AreaIdPipe) id: string, @Query() q: PeriodQuery, @CurrentCaller() caller: Caller, @Res() reply: FastifyReply): Promise<void> {
    return this.send({ level: 'area', id }, 'xlsx', q, caller, reply);
  }

  @Get('areas/:id.csv')
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'An area\'s report as CSV (UTF-8 with BOM)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiErrors(400, 401, 403, 404)
  areaCsv(@Param('id', AreaIdPipe) id: string, @Query() q: PeriodQuery, @CurrentCaller() caller: Caller, @Res() reply: FastifyReply): Promise<void> {
    return this.send({ level: 'area', id }, 'csv', q, caller, reply);
  }

  @Get('communes/:code.xlsx')
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'A commune\'s village-by-village sheet, and the total (XLSX)' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse(BINARY)
  @ApiErrors(400, 401, 403, 404)
  communeXlsx(@Param('code', CommuneCodePipe) code: string, @Query() q: PeriodQuery, @CurrentCaller() caller: Caller, @Res() reply: FastifyReply): Promise<void> {
    return this.send({ level: 'commune', code }, 'xlsx', q, caller, reply);
  }

  @Get('communes/:code.csv')
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'A commune\'s village-by-village sheet as CSV (UTF-8 with BOM)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiErrors(400, 401, 403, 404)
  communeCsv(@Param('code', CommuneCodePipe) code: string, @Query() q: PeriodQuery, @CurrentCaller() caller: Caller, @Res() reply: FastifyReply): Promise<void> {
    return this.send({ level: 'commune', code }, 'csv', q, caller, reply);
  }

  private async send(ref: UnitRef, format: Format, query: PeriodQuery, caller: Caller, reply: FastifyReply): Promise<void> {
    const report = coverageReport(await this.figures.figures(ref, query.period, caller));
    const body = format === 'xlsx' ? coverageXlsx(report) : coverageCsv(report);
    await reply
      .header('content-type', format === 'xlsx' ? XLSX_MIME : 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${report.fileBase}.${format}"`)
      .header('cache-control', 'no-store')
      .send(body);
  }
}
