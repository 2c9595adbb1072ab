import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { ResidentDetailView, ResidentExportView } from './residents.dto';
import { ResidentsService } from './residents.service';

/** A resident's own record: see it in full, export it, erase it. */
@ApiTags('residents')
@ApiBearerAuth()
@Controller('me/resident')
export class OwnResidentController {
  constructor(private readonly residents: ResidentsService) {}

  @Get()
  @Access('resident')
  @ApiOperation({ summary: 'Your own resident record, in full' })
  @ApiOkResponse({ type: ResidentDetailView })
  @ApiErrors(401, 403, 404)
  get(@CurrentCaller() caller: Caller): Promise<ResidentDetailView> {
    return this.residents.own(caller);
  }

  @Get('export')
  @Access('resident')
  @ApiOperation({ summary: 'Everything held about you, as JSON' })
  @ApiOkResponse({ type: ResidentExportView })
  @ApiErrors(401, 403, 404)
  export(@CurrentCaller() caller: Caller): Promise<Record<string, unknown>> {
    return this.residents.exportOwn(caller);
  }

  @Post('erasure')
  @HttpCode(204)
  @Access('resident')
  @ApiOperation({ summary: 'Erase your personal data and your account (not reversible)' })
  @ApiNoContentResponse()
  @ApiErrors(401, 403, 404)
  erase(@CurrentCaller() caller: Caller): Promise<void> {
    return this.residents.eraseOwn(caller);
  }
}
