import { Body, Controller, Delete, HttpCode, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { CourseAuthoringService } from './course-authoring.service';
import { QuestionAuthorView, UpdateQuestionBody } from './courses.dto';
import { COURSE_AUTHORS, QuestionIdPipe } from './id-params';

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
