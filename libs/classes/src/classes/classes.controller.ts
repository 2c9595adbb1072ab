import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RegisterResidentBody } from '@hvs/identity';
import { QuestionStatsView } from '@hvs/learning';
import { Access, ApiErrors, ApiKeysetPageResponse, CurrentCaller, type Caller, type KeysetPage } from '@hvs/platform';
import type { FastifyReply } from 'fastify';
import { CLASS_MANAGERS, CLASS_OFFICERS, CLASS_READERS, CLASS_WORKERS, ClassIdPipe, EnrolledResidentIdPipe, SessionIdPipe } from './class-access';
import { ClassReportsService, type RegisterFile } from './class-reports.service';
import { ClassesService } from './classes.service';
import {
  ClassDetailView,
  ClassQuestionStatsQuery,
  ClassSummaryView,
  ClassView,
  CommuneClassesSummaryView,
  CommuneSummaryQuery,
  CreateClassBody,
  CreateSessionBody,
  EnrolBody,
  EnrolmentResultView,
  EnrolmentView,
  HomeVisitBody,
  ListClassesQuery,
  RegisterAndEnrolView,
  RosterView,
  SessionListView,
  SessionView,
  SetStaffBody,
  UpdateClassBody,
  UpdateSessionBody,
  WithdrawBody,
} from './classes.dto';
import { EnrolmentsService } from './enrolments.service';
import { SessionsService } from './sessions.service';

@ApiTags('classes')
@ApiBearerAuth()
@Controller('classes')
export class ClassesController {
  constructor(
    private readonly classes: ClassesService,
    private readonly reports: ClassReportsService,
  ) {}

  @Post()
  @Access(...CLASS_MANAGERS)
  @ApiOperation({ summary: 'Create a class in a commune (or one of its villages) of your scope, for a published course version, with its instructors' })
  @ApiCreatedResponse({ type: ClassDetailView })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  create(@Body() body: CreateClassBody, @CurrentCaller() caller: Caller): Promise<ClassDetailView> {
    return this.classes.create(body, caller);
  }

  @Get()
  @Access(...CLASS_READERS)
  @ApiOperation({ summary: 'Classes in your scope (instructors: the classes they teach), village by village' })
  @ApiKeysetPageResponse(ClassView)
  @ApiErrors(400, 401, 403, 404)
  list(@Query() query: ListClassesQuery, @CurrentCaller() caller: Caller): Promise<KeysetPage<ClassView>> {
    return this.classes.list(query, caller);
  }

  @Get('summary')
  @Access(...CLASS_OFFICERS)
  @ApiOperation({ summary: 'One summary row per class of a commune in your scope (enrolment, sessions, attendance, completions)' })
  @ApiOkResponse({ type: CommuneClassesSummaryView })
  @ApiErrors(400, 401, 403, 404)
  communeSummary(@Query() query: CommuneSummaryQuery, @CurrentCaller() caller: Caller): Promise<CommuneClassesSummaryView> {
    return this.reports.communeSummary(query.communeCode, caller);
  }

  @Get(':classId')
  @Access(...CLASS_READERS)
  @ApiOperation({ summary: 'A class with its staff and counts' })
  @ApiOkResponse({ type: ClassDetailView })
  @ApiErrors(400, 401, 403, 404)
  get(@Param('classId', ClassIdPipe) id: string, @CurrentCaller() caller: Caller): Promise<ClassDetailView> {
    return this.classes.get(id, caller);
  }

  @Patch(':classId')
  @Access(...CLASS_MANAGERS)
  @ApiOperation({ summary: 'Change a class: name, capacity (not below the enrolment), schedule, place, dates, status (planned → open → completed; planned/open → cancelled)' })
  @ApiOkResponse({ type: ClassDetailView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@Param('classId', ClassIdPipe) id: string, @Body() body: UpdateClassBody, @CurrentCaller() caller: Caller): Promise<ClassDetailView> {
    return this.classes.update(id, body, caller);
  }

  @Put(':classId/staff')
  @Access(...CLASS_MANAGERS)
  @ApiOperation({ summary: 'Set the staff of a class: instructors (at least one) and volunteers, instructor accounts of its commune' })
  @ApiOkResponse({ type: ClassDetailView })
  @ApiErrors(400, 401, 403, 404, 422)
  setStaff(@Param('classId', ClassIdPipe) id: string, @Body() body: SetStaffBody, @CurrentCaller() caller: Caller): Promise<ClassDetailView> {
    return this.classes.setStaff(id, body, caller);
  }

  @Get(':classId/question-stats')
  @Access(...CLASS_READERS)
  @ApiOperation({ summary: "Per-question difficulty (share of wrong answers) over the submitted attempts of the class's people, hardest first" })
  @ApiOkResponse({ type: QuestionStatsView })
  @ApiErrors(400, 401, 403, 404)
  questionStats(@Param('classId', ClassIdPipe) id: string, @Query() query: ClassQuestionStatsQuery, @CurrentCaller() caller: Caller): Promise<QuestionStatsView> {
    return this.reports.questionDifficulty(id, query.quizId, caller);
  }

  @Get(':classId/summary')
  @Access(...CLASS_READERS)
  @ApiOperation({ summary: 'Counts of a class: enrolled, withdrawn, sessions held, average attendance, people meeting the attendance share of the completion rule, completions' })
  @ApiOkResponse({ type: ClassSummaryView })
  @ApiErrors(400, 401, 403, 404)
  summary(@Param('classId', ClassIdPipe) id: string, @CurrentCaller() caller: Caller): Promise<ClassSummaryView> {
    return this.reports.summary(id, caller);
  }

  @Get(':classId/register.csv')
  @Access(...CLASS_READERS)
  @ApiOperation({ summary: 'The class register (sổ điểm danh) as CSV (UTF-8 with BOM): one row per person enrolled, one column per session (audited)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiErrors(400, 401, 403, 404)
  async registerCsv(@Param('classId', ClassIdPipe) id: string, @CurrentCaller() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | Buffer> {
    return send(reply, await this.reports.register(id, 'csv', caller));
  }

  @Get(':classId/register.xlsx')
  @Access(...CLASS_READERS)
  @ApiOperation({ summary: 'The class register (sổ điểm danh) as a printable XLSX workbook (audited)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 401, 403, 404)
  async registerXlsx(@Param('classId', ClassIdPipe) id: string, @CurrentCaller() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | Buffer> {
    return send(reply, await this.reports.register(id, 'xlsx', caller));
  }
}

function send(reply: FastifyReply, file: RegisterFile): string | Buffer {
  void reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).header('cache-control', 'no-store');
  return file.body;
}

@ApiTags('classes')
@ApiBearerAuth()
@Controller('classes/:classId/enrolments')
export class EnrolmentsController {
  constructor(private readonly enrolments: EnrolmentsService) {}

  @Post()
  @HttpCode(200)
  @Access(...CLASS_WORKERS)
  @ApiOperation({
    summary: 'Enrol residents by id (in your scope) and/or by CCCD (registered anywhere): 1..200 items, one outcome each (enrolled, already_enrolled, rejected + code)',
  })
  @ApiOkResponse({ type: EnrolmentResultView })
  @ApiErrors(400, 401, 403, 404, 409)
  enrol(@Param('classId', ClassIdPipe) id: string, @Body() body: EnrolBody, @CurrentCaller() caller: Caller): Promise<EnrolmentResultView> {
    return this.enrolments.enrol(id, body, caller);
  }

  @Post('register')
  @Access(...CLASS_WORKERS)
  @ApiOperation({ summary: 'Register a resident door to door (as POST /residents) and enrol them; a CCCD already registered enrols that person instead' })
  @ApiCreatedResponse({ type: RegisterAndEnrolView })
  @ApiErrors(400, 401, 403, 404, 409)
  register(@Param('classId', ClassIdPipe) id: string, @Body() body: RegisterResidentBody, @CurrentCaller() caller: Caller): Promise<RegisterAndEnrolView> {
    return this.enrolments.registerAndEnrol(id, body, caller);
  }

  @Delete(':residentId')
  @Access(...CLASS_WORKERS)
  @ApiOperation({ summary: 'Withdraw a resident from the class (the enrolment is kept with its withdrawal; enrolling again makes a new one)' })
  @ApiOkResponse({ type: EnrolmentView })
  @ApiErrors(400, 401, 403, 404, 409)
  withdraw(
    @Param('classId', ClassIdPipe) id: string,
    @Param('residentId', EnrolledResidentIdPipe) residentId: string,
    @Body() body: WithdrawBody,
    @CurrentCaller() caller: Caller,
  ): Promise<EnrolmentView> {
    return this.enrolments.withdraw(id, residentId, body ?? {}, caller);
  }
}

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
