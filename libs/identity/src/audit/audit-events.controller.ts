import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { AuditEventPageView, ListAuditEventsQuery } from './audit-events.dto';
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
  @ApiOkResponse({ type: AuditEventPageView })
  @ApiErrors(400, 401, 403)
  list(@Query() query: ListAuditEventsQuery, @CurrentCaller() caller: Caller): Promise<AuditEventPageView> {
    return this.events.list(query, caller);
  }
}
