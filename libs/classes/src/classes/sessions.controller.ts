import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { CLASS_READERS, CLASS_WORKERS, ClassIdPipe, SessionIdPipe } from './class-access';
import { ClassReportsService } from './class-reports.service';
import { RosterView } from './class-reports.dto';
import { CreateSessionBody, HomeVisitBody, SessionListView, SessionView, UpdateSessionBody } from './sessions.dto';
import { SessionsService } from './sessions.service';

@ApiTags('classes')
@ApiBearerAuth()
@Controller('classes/:classId')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly reports: ClassReportsService,
  ) {}

  @Post('sessions')
  @Access(...CLASS_WORKERS)
  @ApiOperation({ summary: 'Open a session (buổi học): the day defaults to today in Vietnam; numbered within the class and day' })
  @ApiCreatedResponse({ type: SessionView })
  @ApiErrors(400, 401, 403, 404, 409)
  create(@Param('classId', ClassIdPipe) id: string, @Body() body: CreateSessionBody, @CurrentCaller() caller: Caller): Promise<SessionView> {
    return this.sessions.create(id, body, caller);
  }

  @Get('sessions')
  @Access(...CLASS_READERS)
  @ApiOperation({ summary: 'The sessions and home visits of a class, by day and number' })
  @ApiOkResponse({ type: SessionListView })
  @ApiErrors(400, 401, 403, 404)
  list(@Param('classId', ClassIdPipe) id: string, @CurrentCaller() caller: Caller): Promise<SessionListView> {
    return this.sessions.list(id, caller);
  }

  @Get('sessions/:sessionId')
  @Access(...CLASS_READERS)
  @ApiOperation({ summary: 'One session of a class' })
  @ApiOkResponse({ type: SessionView })
  @ApiErrors(400, 401, 403, 404)
  get(@Param('classId', ClassIdPipe) id: string, @Param('sessionId', SessionIdPipe) sessionId: string, @CurrentCaller() caller: Caller): Promise<SessionView> {
    return this.sessions.get(id, sessionId, caller);
  }

  @Patch('sessions/:sessionId')
  @Access(...CLASS_WORKERS)
  @ApiOperation({ summary: 'Change a session\'s times, lessons, place or note' })
  @ApiOkResponse({ type: SessionView })
  @ApiErrors(400, 401, 403, 404)
  update(
    @Param('classId', ClassIdPipe) id: string,
    @Param('sessionId', SessionIdPipe) sessionId: string,
    @Body() body: UpdateSessionBody,
    @CurrentCaller() caller: Caller,
  ): Promise<SessionView> {
    return this.sessions.update(id, sessionId, body, caller);
  }

  @Get('sessions/:sessionId/roster')
  @Access(...CLASS_READERS)
  @ApiOperation({
    summary: 'The roster of a session in one call: the people on it (enrolled that day, not withdrawn; no staff) with names, current mark, attendance rate and lessons completed',
  })
  @ApiOkResponse({ type: RosterView })
  @ApiErrors(400, 401, 403, 404)
  roster(@Param('classId', ClassIdPipe) id: string, @Param('sessionId', SessionIdPipe) sessionId: string, @CurrentCaller() caller: Caller): Promise<RosterView> {
    return this.reports.roster(id, sessionId, caller);
  }

  @Post('home-visits')
  @Access(...CLASS_WORKERS)
  @ApiOperation({ summary: 'Record a home visit (hướng dẫn từng người) to a resident in your scope or enrolled in the class: a session of its own' })
  @ApiCreatedResponse({ type: SessionView })
  @ApiErrors(400, 401, 403, 404, 409)
  homeVisit(@Param('classId', ClassIdPipe) id: string, @Body() body: HomeVisitBody, @CurrentCaller() caller: Caller): Promise<SessionView> {
    return this.sessions.homeVisit(id, body, caller);
  }
}
