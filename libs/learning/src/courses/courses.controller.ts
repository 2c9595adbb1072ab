import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import type { FastifyReply } from 'fastify';
import { CourseAuthoringService } from './course-authoring.service';
import { CourseCatalogService } from './course-catalog.service';
import {
  CourseDetailView,
  CourseListView,
  CreateCourseBody,
  CreatedCourseView,
  CreateLessonBody,
  CreateQuestionBody,
  CreateQuizBody,
  FrameworkView,
  LessonView,
  QuestionAuthorView,
  QuestionBankView,
  QuizView,
  UpdateLessonBody,
  UpdateQuestionBody,
  UpdateQuizBody,
  UpdateVersionBody,
  VersionView,
} from './courses.dto';
import { COURSE_AUTHORS, CourseIdPipe, LessonIdPipe, QuestionIdPipe, QuizDefinitionIdPipe, SIGNED_IN, VersionIdPipe } from './id-params';

/** True when an If-None-Match header names this ETag (or is "*"); weak validators compare like strong ones for a read. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

@ApiTags('learning')
@ApiBearerAuth()
@Controller('learning/competencies')
export class CompetenciesController {
  constructor(private readonly catalog: CourseCatalogService) {}

  @Get()
  @Access(...SIGNED_IN)
  @ApiOperation({ summary: 'The digital competency framework: domains and their competencies' })
  @ApiOkResponse({ type: FrameworkView })
  @ApiErrors(401)
  framework(): Promise<FrameworkView> {
    return this.catalog.framework();
  }
}

@ApiTags('learning')
@ApiBearerAuth()
@Controller('learning/courses')
export class CoursesController {
  constructor(
    private readonly catalog: CourseCatalogService,
    private readonly authoring: CourseAuthoringService,
  ) {}

  @Get()
  @Access(...SIGNED_IN)
  @ApiOperation({ summary: 'Courses you can take or follow (national and your province\'s); authors also see unpublished ones and drafts' })
  @ApiOkResponse({ type: CourseListView })
  @ApiErrors(401)
  list(@CurrentCaller() caller: Caller): Promise<CourseListView> {
    return this.catalog.list(caller);
  }

  @Post()
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Create a course (administrators: any; province officers: their province\'s) with an empty draft version 1' })
  @ApiCreatedResponse({ type: CreatedCourseView })
  @ApiErrors(400, 401, 403, 409)
  create(@Body() body: CreateCourseBody, @CurrentCaller() caller: Caller): Promise<CreatedCourseView> {
    return this.authoring.createCourse(body, caller);
  }

  @Get(':courseId')
  @Access(...SIGNED_IN)
  @ApiOperation({ summary: 'A course with its current published version (lessons and quizzes, no content); authors also get the draft id' })
  @ApiOkResponse({ type: CourseDetailView })
  @ApiErrors(400, 401, 404)
  get(@Param('courseId', CourseIdPipe) courseId: string, @CurrentCaller() caller: Caller): Promise<CourseDetailView> {
    return this.catalog.course(courseId, caller);
  }

  @Post(':courseId/drafts')
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Start a new draft, copied from the current published version' })
  @ApiCreatedResponse({ type: VersionView })
  @ApiErrors(400, 401, 403, 404, 409)
  createDraft(@Param('courseId', CourseIdPipe) courseId: string, @CurrentCaller() caller: Caller): Promise<VersionView> {
    return this.authoring.createDraft(courseId, caller);
  }
}

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

@ApiTags('learning')
@ApiBearerAuth()
@Controller('learning/lessons')
export class LessonsController {
  constructor(
    private readonly catalog: CourseCatalogService,
    private readonly authoring: CourseAuthoringService,
  ) {}

  @Get(':lessonId')
  @Access(...SIGNED_IN)
  @ApiOperation({
    summary: 'One lesson with its content (Markdown). Cacheable: ETag, and 304 for a matching If-None-Match. '
      + 'In a sequential course a resident reads a lesson once the previous one is completed (409 LESSON_LOCKED).',
  })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a copy you have' })
  @ApiOkResponse({ type: LessonView })
  @ApiResponse({ status: 304, description: 'Your copy is current' })
  @ApiErrors(400, 401, 404, 409)
  async get(
    @Param('lessonId', LessonIdPipe) lessonId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const read = await this.catalog.lesson(lessonId, caller);
    void reply.header('etag', read.etag).header('cache-control', read.cacheControl);
    if (etagMatches(ifNoneMatch, read.etag)) {
      await reply.status(304).send();
      return;
    }
    await reply.status(200).send(read.view);
  }

  @Patch(':lessonId')
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Change a lesson of a draft (content, competencies, position…)' })
  @ApiOkResponse({ type: LessonView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@Param('lessonId', LessonIdPipe) lessonId: string, @Body() body: UpdateLessonBody, @CurrentCaller() caller: Caller): Promise<LessonView> {
    return this.authoring.updateLesson(lessonId, body, caller);
  }

  @Delete(':lessonId')
  @HttpCode(204)
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Delete a lesson of a draft, with its questions and lesson check' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409)
  remove(@Param('lessonId', LessonIdPipe) lessonId: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.authoring.deleteLesson(lessonId, caller);
  }
}

@ApiTags('learning')
@ApiBearerAuth()
@Controller('learning/questions')
export class QuestionsController {
  constructor(private readonly authoring: CourseAuthoringService) {}

  @Patch(':questionId')
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Change a question of a draft\'s bank' })
  @ApiOkResponse({ type: QuestionAuthorView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@Param('questionId', QuestionIdPipe) questionId: string, @Body() body: UpdateQuestionBody, @CurrentCaller() caller: Caller): Promise<QuestionAuthorView> {
    return this.authoring.updateQuestion(questionId, body, caller);
  }

  @Delete(':questionId')
  @HttpCode(204)
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Delete a question of a draft\'s bank' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409)
  remove(@Param('questionId', QuestionIdPipe) questionId: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.authoring.deleteQuestion(questionId, caller);
  }
}

@ApiTags('learning')
@ApiBearerAuth()
@Controller('learning/quizzes')
export class QuizDefinitionsController {
  constructor(private readonly authoring: CourseAuthoringService) {}

  @Patch(':quizId')
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Change a quiz of a draft (its kind and lesson stay)' })
  @ApiOkResponse({ type: QuizView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(@Param('quizId', QuizDefinitionIdPipe) quizId: string, @Body() body: UpdateQuizBody, @CurrentCaller() caller: Caller): Promise<QuizView> {
    return this.authoring.updateQuiz(quizId, body, caller);
  }

  @Delete(':quizId')
  @HttpCode(204)
  @Access(...COURSE_AUTHORS)
  @ApiOperation({ summary: 'Delete a quiz of a draft' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409)
  remove(@Param('quizId', QuizDefinitionIdPipe) quizId: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.authoring.deleteQuiz(quizId, caller);
  }
}
