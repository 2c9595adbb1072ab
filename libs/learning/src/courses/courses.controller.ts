import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { CourseAuthoringService } from './course-authoring.service';
import { CourseCatalogService } from './course-catalog.service';
import { CourseDetailView, CourseListView, CreateCourseBody, CreatedCourseView, VersionView } from './courses.dto';
import { COURSE_AUTHORS, CourseIdPipe, SIGNED_IN } from './id-params';

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
