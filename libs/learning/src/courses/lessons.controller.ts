import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import type { FastifyReply } from 'fastify';
import { CourseAuthoringService } from './course-authoring.service';
import { CourseCatalogService } from './course-catalog.service';
import { LessonView, UpdateLessonBody } from './courses.dto';
import { COURSE_AUTHORS, LessonIdPipe, SIGNED_IN } from './id-params';
import { etagMatches } from './etag';

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
