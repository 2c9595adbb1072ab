import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ResidentIdPipe } from '@hvs/identity';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { CourseIdPipe, LessonIdPipe } from '../courses/id-params';
import { ASSISTING_ROLES } from '../learners/learners';
import { CourseProgressView, LessonProgressBody, LessonProgressView } from './progress.dto';
import { ProgressService } from './progress.service';

/** Staff who follow residents' learning in their scope. */
export const PROGRESS_READERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor'];

@ApiTags('learning')
@ApiBearerAuth()
@Controller('learning')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @Put('lessons/:lessonId/progress')
  @Access('resident', ...ASSISTING_ROLES)
  @ApiOperation({
    summary: 'Report a lesson started or completed, with the time spent (residents; commune officers and instructors for a resident in their scope)',
  })
  @ApiOkResponse({ type: LessonProgressView })
  @ApiErrors(400, 401, 403, 404, 409)
  report(@Param('lessonId', LessonIdPipe) lessonId: string, @Body() body: LessonProgressBody, @CurrentCaller() caller: Caller): Promise<LessonProgressView> {
    return this.progress.report(lessonId, body, caller);
  }

  @Get('residents/:residentId/courses/:courseId/progress')
  @Access(...PROGRESS_READERS)
  @ApiOperation({ summary: 'A resident\'s progress in a course (staff, for residents in their scope)' })
  @ApiOkResponse({ type: CourseProgressView })
  @ApiErrors(400, 401, 403, 404)
  ofResident(
    @Param('residentId', ResidentIdPipe) residentId: string,
    @Param('courseId', CourseIdPipe) courseId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<CourseProgressView> {
    return this.progress.ofResident(residentId, courseId, caller);
  }
}
