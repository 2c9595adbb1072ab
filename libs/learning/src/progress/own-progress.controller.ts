import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { CourseIdPipe } from '../courses/id-params';
import { CourseProgressView } from './progress.dto';
import { ProgressService } from './progress.service';

@ApiTags('learning')
@ApiBearerAuth()
@Controller('me/learning')
export class OwnProgressController {
  constructor(private readonly progress: ProgressService) {}

  @Get('courses/:courseId')
  @Access('resident')
  @ApiOperation({ summary: 'Your progress in a course: each lesson\'s state, and the final assessment' })
  @ApiOkResponse({ type: CourseProgressView })
  @ApiErrors(400, 401, 403, 404)
  own(@Param('courseId', CourseIdPipe) courseId: string, @CurrentCaller() caller: Caller): Promise<CourseProgressView> {
    return this.progress.own(courseId, caller);
  }
}
