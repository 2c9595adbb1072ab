import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { CourseAuthoringService } from './course-authoring.service';
import { CourseCatalogService } from './course-catalog.service';
import { CreateLessonBody, CreateQuestionBody, CreateQuizBody, LessonView, QuestionAuthorView, QuestionBankView, QuizView, UpdateVersionBody, VersionView } from './courses.dto';
import { COURSE_AUTHORS, SIGNED_IN, VersionIdPipe } from './id-params';

@ApiTags('learning')
@ApiBearerAuth()
@Controller('learning/course-versions')
export class CourseVersionsController {
  constructor(
    private readonly catalog: CourseCatalogService,
    private readonly authoring: CourseAuthoringService,
  ) {}

  @Get(':versionId')
  @Access(...SIGNED_IN)
  @ApiOperation({ summary: 'One version of a course (published or retired; drafts for authors only)' })
  @ApiOkResponse({ type: VersionView })
  @ApiErrors(400, 401, 404)
  get(@Param('versionId', VersionIdPipe) versionId: string, @CurrentCaller() caller: Caller): Promise<VersionView> {
    return this.catalog.version(versionId, caller);
  }

  @Patch(':versionId')
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Change a draft\'s title, summary or whether lessons open in order' })
  @ApiOkResponse({ type: VersionView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@Param('versionId', VersionIdPipe) versionId: string, @Body() body: UpdateVersionBody, @CurrentCaller() caller: Caller): Promise<VersionView> {
    return this.authoring.updateVersion(versionId, body, caller);
  }

  @Post(':versionId/lessons')
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Add a lesson to a draft (at a position, later lessons move down; default last)' })
  @ApiCreatedResponse({ type: LessonView })
  @ApiErrors(400, 401, 403, 404, 409)
  addLesson(@Param('versionId', VersionIdPipe) versionId: string, @Body() body: CreateLessonBody, @CurrentCaller() caller: Caller): Promise<LessonView> {
    return this.authoring.createLesson(versionId, body, caller);
  }

  @Get(':versionId/questions')
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'The question bank of a version, with answer keys and explanations (authors only)' })
  @ApiOkResponse({ type: QuestionBankView })
  @ApiErrors(400, 401, 403, 404)
  questions(@Param('versionId', VersionIdPipe) versionId: string, @CurrentCaller() caller: Caller): Promise<QuestionBankView> {
    return this.catalog.questionBank(versionId, caller);
  }

  @Post(':versionId/questions')
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Add a question to a draft\'s bank' })
  @ApiCreatedResponse({ type: QuestionAuthorView })
  @ApiErrors(400, 401, 403, 404, 409)
  addQuestion(@Param('versionId', VersionIdPipe) versionId: string, @Body() body: CreateQuestionBody, @CurrentCaller() caller: Caller): Promise<QuestionAuthorView> {
    return this.authoring.createQuestion(versionId, body, caller);
  }

  @Post(':versionId/quizzes')
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Add a quiz to a draft: a lesson check (one per lesson) or the final assessment (one per version)' })
  @ApiCreatedResponse({ type: QuizView })
  @ApiErrors(400, 401, 403, 404, 409)
  addQuiz(@Param('versionId', VersionIdPipe) versionId: string, @Body() body: CreateQuizBody, @CurrentCaller() caller: Caller): Promise<QuizView> {
    return this.authoring.createQuiz(versionId, body, caller);
  }

  @Post(':versionId/publish')
  @HttpCode(200)
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Publish a draft: it becomes the current version, the previous one is retired (422 lists what is missing)' })
  @ApiOkResponse({ type: VersionView })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  publish(@Param('versionId', VersionIdPipe) versionId: string, @CurrentCaller() caller: Caller): Promise<VersionView> {
    return this.authoring.publish(versionId, caller);
  }
}
