import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { FIGURE_READERS, PERIOD_EDITORS } from '../reporting-access';
import { Periods } from './periods';
import { CreatePeriodBody, PeriodView } from './periods.dto';

/** Reporting periods: the years, and campaigns with their dates. */
@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting/periods')
export class PeriodsController {
  constructor(private readonly periods: Periods) {}

  @Get()
  @Access(...FIGURE_READERS)
  @ApiOperation({ summary: 'Reporting periods (years and campaigns), the newest first' })
  @ApiOkResponse({ type: PeriodView, isArray: true })
  @ApiErrors(401, 403)
  list(): Promise<PeriodView[]> {
    return this.periods.list();
  }

  @Post()
  @Access(...PERIOD_EDITORS)
  @ApiOperation({ summary: 'Add a campaign period (its figures are kept day by day)' })
  @ApiCreatedResponse({ type: PeriodView })
  @ApiErrors(400, 401, 403, 409)
  create(@Body() body: CreatePeriodBody, @CurrentCaller() caller: Caller): Promise<PeriodView> {
    return this.periods.create(body, caller);
  }
}
