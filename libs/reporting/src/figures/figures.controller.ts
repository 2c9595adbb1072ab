import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClassIdPipe } from '@hvs/classes';
import { AreaIdPipe, CommuneCodePipe, ProvinceCodePipe, VillageCodePipe } from '@hvs/geography';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { FIGURE_OFFICERS, FIGURE_READERS } from '../reporting-access';
import { PeriodQuery } from '../reporting-fields';
import { RankingQuery, RankingView, TrendView, UnitFiguresView } from './figures.dto';
import { FiguresService } from './figures.service';

const FIGURES = 'with the children\'s figures, the groups left behind and the projected date at the last four weeks\' pace';

/**
 * The certification figures (docs/reporting.md, "Reading"): each level of the drill-down in one
 * request (country → province → area / commune → village → class), the trend, the rankings.
 */
@ApiTags('reporting')
@ApiBearerAuth()
@Controller('reporting')
export class FiguresController {
  constructor(private readonly figures: FiguresService) {}

  @Get('figures/country')
  @Access(...FIGURE_READERS)
  @ApiOperation({ summary: `The whole country's figures (administrators), ${FIGURES}: the provinces` })
  @ApiOkResponse({ type: UnitFiguresView })
  @ApiErrors(400, 401, 403, 404)
  country(@Query() query: PeriodQuery, @CurrentCaller() caller: Caller): Promise<UnitFiguresView> {
    return this.figures.figures({ level: 'country' }, query.period, caller);
  }

  @Get('figures/provinces/:code')
  @Access(...FIGURE_READERS)
  @ApiOperation({ summary: `A province's figures, ${FIGURES}: its communes, and its areas` })
  @ApiOkResponse({ type: UnitFiguresView })
  @ApiErrors(400, 401, 403, 404)
  province(@Param('code', ProvinceCodePipe) code: string, @Query() query: PeriodQuery, @CurrentCaller() caller: Caller): Promise<UnitFiguresView> {
    return this.figures.figures({ level: 'province', code }, query.period, caller);
  }

  @Get('figures/areas/:id')
  @Access(...FIGURE_READERS)
  @ApiOperation({ summary: `An area's figures (the sum of its communes), ${FIGURES}: its communes` })
  @ApiOkResponse({ type: UnitFiguresView })
  @ApiErrors(400, 401, 403, 404)
  area(@Param('id', AreaIdPipe) id: string, @Query() query: PeriodQuery, @CurrentCaller() caller: Caller): Promise<UnitFiguresView> {
    return this.figures.figures({ level: 'area', id }, query.period, caller);
  }

  @Get('figures/communes/:code')
  @Access(...FIGURE_READERS)
  @ApiOperation({ summary: `A commune's figures, ${FIGURES}: its villages, and its classes held at the commune` })
  @ApiOkResponse({ type: UnitFiguresView })
  @ApiErrors(400, 401, 403, 404)
  commune(@Param('code', CommuneCodePipe) code: string, @Query() query: PeriodQuery, @CurrentCaller() caller: Caller): Promise<UnitFiguresView> {
    return this.figures.figures({ level: 'commune', code }, query.period, caller);
  }

  @Get('figures/villages/:code')
  @Access(...FIGURE_READERS)
  @ApiOperation({ summary: 'A village\'s figures (registered adults as the denominator) with the groups and its classes\' figures' })
  @ApiOkResponse({ type: UnitFiguresView })
  @ApiErrors(400, 401, 403, 404)
  village(@Param('code', VillageCodePipe) code: string, @Query() query: PeriodQuery, @CurrentCaller() caller: Caller): Promise<UnitFiguresView> {
    return this.figures.figures({ level: 'village', code }, query.period, caller);
  }

  @Get('figures/classes/:id')
  @Access(...FIGURE_READERS)
  @ApiOperation({ summary: 'A class\'s figures (its enrolled adults as the denominator): instructors their own classes' })
  @ApiOkResponse({ type: UnitFiguresView })
  @ApiErrors(400, 401, 403, 404)
  class(@Param('id', ClassIdPipe) id: string, @Query() query: PeriodQuery, @CurrentCaller() caller: Caller): Promise<UnitFiguresView> {
    return this.figures.figures({ level: 'class', id }, query.period, caller);
  }

  @Get('trends/country')
  @Access(...FIGURE_READERS)
  @ApiOperation({ summary: 'The country\'s trend over the period: recognitions and the rate, weekly (daily in a campaign), and the projection' })
  @ApiOkResponse({ type: TrendView })
  @ApiErrors(400, 401, 403, 404)
  countryTrend(@Query() query: PeriodQuery, @CurrentCaller() caller: Caller): Promise<TrendView> {
    return this.figures.trend({ level: 'country' }, query.period, caller);
  }

  @Get('trends/provinces/:code')
  @Access(...FIGURE_READERS)
  @ApiOperation({ summary: 'A province\'s trend over the period, and the projection' })
  @ApiOkResponse({ type: TrendView })
  @ApiErrors(400, 401, 403, 404)
  provinceTrend(@Param('code', ProvinceCodePipe) code: string, @Query() query: PeriodQuery, @CurrentCaller() caller: Caller): Promise<TrendView> {
    return this.figures.trend({ level: 'province', code }, query.period, caller);
  }

  @Get('trends/areas/:id')
  @Access(...FIGURE_READERS)
  @ApiOperation({ summary: 'An area\'s trend over the period, and the projection' })
  @ApiOkResponse({ type: TrendView })
  @ApiErrors(400, 401, 403, 404)
  areaTrend(@Param('id', AreaIdPipe) id: string, @Query() query: PeriodQuery, @CurrentCaller() caller: Caller): Promise<TrendView> {
    return this.figures.trend({ level: 'area', id }, query.period, caller);
  }

  @Get('trends/communes/:code')
  @Access(...FIGURE_READERS)
  @ApiOperation({ summary: 'A commune\'s trend over the period, and the projection' })
  @ApiOkResponse({ type: TrendView })
  @ApiErrors(400, 401, 403, 404)
  communeTrend(@Param('code', CommuneCodePipe) code: string, @Query() query: PeriodQuery, @CurrentCaller() caller: Caller): Promise<TrendView> {
    return this.figures.trend({ level: 'commune', code }, query.period, caller);
  }

  @Get('rankings/provinces/:code')
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'The communes of a province ranked by rate or by progress over a range, searchable by name ignoring diacritics' })
  @ApiOkResponse({ type: RankingView })
  @ApiErrors(400, 401, 403, 404)
  provinceRanking(@Param('code', ProvinceCodePipe) code: string, @Query() query: RankingQuery, @CurrentCaller() caller: Caller): Promise<RankingView> {
    return this.figures.ranking({ level: 'province', code }, query, caller);
  }

  @Get('rankings/areas/:id')
  @Access(...FIGURE_OFFICERS)
  @ApiOperation({ summary: 'The communes of an area ranked by rate or by progress over a range' })
  @ApiOkResponse({ type: RankingView })
  @ApiErrors(400, 401, 403, 404)
  areaRanking(@Param('id', AreaIdPipe) id: string, @Query() query: RankingQuery, @CurrentCaller() caller: Caller): Promise<RankingView> {
    return this.figures.ranking({ level: 'area', id }, query, caller);
  }
}
