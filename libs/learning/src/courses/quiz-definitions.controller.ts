import { Body, Controller, Delete, HttpCode, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { CourseAuthoringService } from './course-authoring.service';
import { QuizView, UpdateQuizBody } from './courses.dto';
import { COURSE_AUTHORS, QuizDefinitionIdPipe } from './id-params';

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
