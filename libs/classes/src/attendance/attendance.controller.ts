import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { ClassIdParam, SessionIdParam } from './attendance-errors';
import { AttendanceHistoryView, CloseSessionView, HistoryQuery, MarkResultsView, RosterMarksBody, SyncBody } from './attendance.dto';
import { ATTENDANCE_TAKERS, AttendanceService } from './attendance.service';

/**
 * Attendance (điểm danh): the class's staff (instructors, volunteers) and the commune officers whose
 * scope holds the class; a class or session out of reach is 404, residents and other roles 403.
 */
@ApiTags('attendance')
@ApiBearerAuth()
@Controller()
export class AttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  @Put('classes/:classId/sessions/:sessionId/attendance')
  @HttpCode(200)
  @Access(...ATTENDANCE_TAKERS)
  @ApiOperation({
    summary: 'Mark a session\'s roster in one request (the phone\'s "take attendance" screen): one result per mark, in order',
    description:
      'Each mark gets a server id and the time of the request as its device time (a later mark wins). A resident not on the ' +
      'roster is rejected alone (NOT_ON_ROSTER, NOT_ENROLLED_YET, WITHDRAWN), like a session outside the window (MARK_TOO_OLD…).',
  })
  @ApiOkResponse({ type: MarkResultsView })
  @ApiErrors(400, 401, 403, 404)
  markRoster(
    @Param('classId', ClassIdParam) classId: string,
    @Param('sessionId', SessionIdParam) sessionId: string,
    @Body() body: RosterMarksBody,
    @CurrentCaller() caller: Caller,
  ): Promise<MarkResultsView> {
    return this.attendance.markRoster(classId, sessionId, body, caller);
  }

  @Post('attendance/sync')
  @HttpCode(200)
  @Access(...ATTENDANCE_TAKERS)
  @ApiOperation({
    summary: 'Upload marks taken offline (1-500): one result per mark, in order (accepted, duplicate, superseded, rejected + code)',
    description:
      'The same batch sent again (same Idempotency-Key and body) gets the same answer and changes nothing; a mark id received before ' +
      'is a duplicate; of two marks of the same resident and session the later device time wins and the other stays in the history.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '1-100 characters, one per batch (keep it for the retries of that batch)' })
  @ApiOkResponse({ type: MarkResultsView })
  @ApiErrors(400, 401, 403, 409)
  sync(@Headers('idempotency-key') key: string | undefined, @Body() body: SyncBody, @CurrentCaller() caller: Caller): Promise<MarkResultsView> {
    return this.attendance.sync(key, body, caller);
  }

  @Post('classes/:classId/sessions/:sessionId/close')
  @HttpCode(200)
  @Access(...ATTENDANCE_TAKERS)
  @ApiOperation({ summary: 'Close a session: residents of its roster without a mark become absent (closing again changes nothing)' })
  @ApiOkResponse({ type: CloseSessionView })
  @ApiErrors(400, 401, 403, 404)
  close(
    @Param('classId', ClassIdParam) classId: string,
    @Param('sessionId', SessionIdParam) sessionId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<CloseSessionView> {
    return this.attendance.close(classId, sessionId, caller);
  }

  @Get('classes/:classId/sessions/:sessionId/attendance/history')
  @Access(...ATTENDANCE_TAKERS)
  @ApiOperation({ summary: 'History of a session\'s marks: every change (old -> new, who, when) and the marks that lost to a later one' })
  @ApiOkResponse({ type: AttendanceHistoryView })
  @ApiErrors(400, 401, 403, 404)
  history(
    @Param('classId', ClassIdParam) classId: string,
    @Param('sessionId', SessionIdParam) sessionId: string,
    @Query() query: HistoryQuery,
    @CurrentCaller() caller: Caller,
  ): Promise<AttendanceHistoryView> {
    return this.attendance.history(classId, sessionId, query.residentId, caller);
  }
}
