import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, ApiKeysetPageResponse, CurrentCaller, type Caller, type KeysetPage } from '@hvs/platform';
import { CONSENT_PURPOSES, type ConsentPurpose } from './consent.entity';
import { AddConsentBody, ConsentView, RegisterResidentBody, ResidentDetailView, ResidentExportView, ResidentView, SearchResidentsQuery, UpdateResidentBody } from './residents.dto';
import { ResidentsService } from './residents.service';
import { RESIDENT_WORKERS, RESIDENT_DATA_OFFICERS, ResidentIdPipe, PurposePipe } from './resident-access';

@ApiTags('residents')
@ApiBearerAuth()
@Controller('residents')
export class ResidentsController {
  constructor(private readonly residents: ResidentsService) {}

  @Post()
  @Access(...RESIDENT_WORKERS)
  @ApiOperation({ summary: 'Register a resident (with their consent) in a commune of your scope' })
  @ApiCreatedResponse({ type: ResidentDetailView })
  @ApiErrors(400, 401, 403, 404, 409)
  register(@Body() body: RegisterResidentBody, @CurrentCaller() caller: Caller): Promise<ResidentDetailView> {
    return this.residents.register(body, caller);
  }

  @Get()
  @Access(...RESIDENT_WORKERS)
  @ApiOperation({ summary: 'Search residents in your scope by commune, village, name (ignoring diacritics), phone or CCCD; masked' })
  @ApiKeysetPageResponse(ResidentView)
  @ApiErrors(400, 401, 403, 404)
  search(@Query() query: SearchResidentsQuery, @CurrentCaller() caller: Caller): Promise<KeysetPage<ResidentView>> {
    return this.residents.search(query, caller);
  }

  @Get(':id')
  @Access(...RESIDENT_WORKERS)
  @ApiOperation({ summary: 'One resident; CCCD and phone in full for commune officers and instructors (audited)' })
  @ApiOkResponse({ type: ResidentDetailView })
  @ApiErrors(400, 401, 403, 404)
  get(@Param('id', ResidentIdPipe) id: string, @CurrentCaller() caller: Caller): Promise<ResidentDetailView> {
    return this.residents.get(id, caller);
  }

  @Patch(':id')
  @Access(...RESIDENT_WORKERS)
  @ApiOperation({ summary: 'Correct a resident\'s data' })
  @ApiOkResponse({ type: ResidentDetailView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@Param('id', ResidentIdPipe) id: string, @Body() body: UpdateResidentBody, @CurrentCaller() caller: Caller): Promise<ResidentDetailView> {
    return this.residents.update(id, body, caller);
  }

  @Post(':id/consents')
  @Access(...RESIDENT_WORKERS)
  @ApiOperation({ summary: 'Record consent for more purposes' })
  @ApiCreatedResponse({ type: ConsentView, isArray: true })
  @ApiErrors(400, 401, 403, 404)
  grantConsent(@Param('id', ResidentIdPipe) id: string, @Body() body: AddConsentBody, @CurrentCaller() caller: Caller): Promise<ConsentView[]> {
    return this.residents.grantConsent(id, body, caller);
  }

  @Delete(':id/consents/:purpose')
  @Access(...RESIDENT_WORKERS)
  @ApiOperation({ summary: 'Withdraw a consent' })
  @ApiParam({ name: 'purpose', enum: CONSENT_PURPOSES, description: 'The purpose whose consent is withdrawn' })
  @ApiOkResponse({ type: ConsentView, isArray: true })
  @ApiErrors(400, 401, 403, 404)
  withdrawConsent(
    @Param('id', ResidentIdPipe) id: string,
    @Param('purpose', PurposePipe) purpose: ConsentPurpose,
    @CurrentCaller() caller: Caller,
  ): Promise<ConsentView[]> {
    return this.residents.withdrawConsent(id, purpose, caller);
  }

  @Get(':id/export')
  @Access(...RESIDENT_DATA_OFFICERS)
  @ApiOperation({ summary: 'Everything held about a resident, as JSON, on their behalf (audited)' })
  @ApiOkResponse({ type: ResidentExportView })
  @ApiErrors(400, 401, 403, 404)
  export(@Param('id', ResidentIdPipe) id: string, @CurrentCaller() caller: Caller): Promise<Record<string, unknown>> {
    return this.residents.export(id, caller);
  }

  @Post(':id/erasure')
  @HttpCode(204)
  @Access(...RESIDENT_DATA_OFFICERS)
  @ApiOperation({ summary: 'Erase a resident\'s personal data on their request (anonymised counts stay; not reversible)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  erase(@Param('id', ResidentIdPipe) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.residents.erase(id, caller);
  }
}
