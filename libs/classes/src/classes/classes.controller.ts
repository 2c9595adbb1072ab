import { Body, Controller, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { QuestionStatsView } from '@hvs/learning';
import { Access, ApiErrors, ApiKeysetPageResponse, CurrentCaller, type Caller, type KeysetPage } from '@hvs/platform';
import type { FastifyReply } from 'fastify';
import { CLASS_MANAGERS, CLASS_OFFICERS, CLASS_READERS, ClassIdPipe } from './class-access';
import { ClassReportsService, type RegisterFile } from './class-reports.service';
import { ClassesService } from './classes.service';
import { ClassQuestionStatsQuery, ClassSummaryView, CommuneClassesSummaryView, CommuneSummaryQuery } from './class-reports.dto';
import { ClassDetailView, ClassView, CreateClassBody, ListClassesQuery, SetStaffBody, UpdateClassBody } from './classes.dto';

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
