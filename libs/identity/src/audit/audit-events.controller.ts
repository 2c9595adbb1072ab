import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, ApiKeysetPageResponse, CurrentCaller, type Caller, type KeysetPage } from '@hvs/platform';
import { AuditEventView, ListAuditEventsQuery } from './audit-events.dto';
import { AuditEventsService } from './audit-events.service';

/** Who may read the audit trail: administrators (all of it) and officers (the units of their scope). */
export const AUDIT_READERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer'];

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly events: AuditEventsService) {}

  @Get()
  @Access(...AUDIT_READERS)
  @ApiOperation({ summary: 'The audit trail of your scope, newest first (administrators: all of it)' })
  @ApiKeysetPageResponse(AuditEventView)
  @ApiErrors(400, 401, 403)
  list(@Query() query: ListAuditEventsQuery, @CurrentCaller() caller: Caller): Promise<KeysetPage<AuditEventView>> {
    return this.events.list(query, caller);
  }
}
