import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, AppError, CurrentCaller, type Caller } from '@hvs/platform';
import type { FastifyReply } from 'fastify';
import { AttemptsService } from './attempts.service';
import { QuestionStatsService } from './question-stats.service';
import { AttemptResultView, AttemptView, QuestionStatsQuery, QuestionStatsView, SaveAnswersBody, SavedAnswersView, StartAttemptBody, SubmitAttemptBody } from './quizzes.dto';
import { QUIZ_TAKERS, ATTEMPT_READERS, QUESTION_STATS_READERS, QuizIdPipe, AttemptIdPipe, QuizVersionIdPipe } from './quiz-access';

@ApiTags('learning')
@ApiBearerAuth()
@Controller('learning')
export class QuizzesController {
  constructor(
    private readonly attempts: AttemptsService,
    private readonly stats: QuestionStatsService,
  ) {}

  @Post('quizzes/:quizId/attempts')
  @Access(...QUIZ_TAKERS)
  @ApiOperation({
    summary: 'Start an attempt (201), or get the one in progress (200: resume). Staff name the resident they assist.',
  })
  @ApiCreatedResponse({ type: AttemptView, description: 'A new attempt' })
  @ApiOkResponse({ type: AttemptView, description: 'The attempt already in progress' })
  @ApiHeader({ name: 'Retry-After', required: false, description: 'With 409 ATTEMPT_COOLDOWN: seconds to wait' })
  @ApiErrors(400, 401, 403, 404, 409)
  async start(
    @Param('quizId', QuizIdPipe) quizId: string,
    @Body() body: StartAttemptBody,
    @CurrentCaller() caller: Caller,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      const { created, attempt } = await this.attempts.start(quizId, body.residentId, caller);
      await reply.status(created ? 201 : 200).send(attempt);
    } catch (err) {
      const retryAfter = err instanceof AppError && err.code === 'ATTEMPT_COOLDOWN' ? (err.details as { retryAfterS?: number }).retryAfterS : undefined;
      if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
      throw err;
    }
  }

  @Get('attempts/:attemptId')
  @Access(...ATTEMPT_READERS)
  @ApiOperation({ summary: 'An attempt: questions in the order shown, saved answers, and the result once submitted' })
  @ApiOkResponse({ type: AttemptView })
  @ApiErrors(400, 401, 403, 404)
  get(@Param('attemptId', AttemptIdPipe) attemptId: string, @CurrentCaller() caller: Caller): Promise<AttemptView> {
    return this.attempts.get(attemptId, caller);
  }

  @Put('attempts/:attemptId/answers')
  @Access(...QUIZ_TAKERS)
  @ApiOperation({ summary: 'Save answers (merged with those saved before) so the attempt can be resumed' })
  @ApiOkResponse({ type: SavedAnswersView })
  @ApiErrors(400, 401, 403, 404, 409)
  saveAnswers(
    @Param('attemptId', AttemptIdPipe) attemptId: string,
    @Body() body: SaveAnswersBody,
    @CurrentCaller() caller: Caller,
  ): Promise<SavedAnswersView> {
    return this.attempts.saveAnswers(attemptId, body.answers, caller);
  }

  @Post('attempts/:attemptId/submit')
  @HttpCode(200)
  @Access(...QUIZ_TAKERS)
  @ApiOperation({ summary: 'Submit: scored on the server; a repeated submission returns the same result' })
  @ApiOkResponse({ type: AttemptResultView })
  @ApiErrors(400, 401, 403, 404, 409)
  submit(
    @Param('attemptId', AttemptIdPipe) attemptId: string,
    @Body() body: SubmitAttemptBody,
    @CurrentCaller() caller: Caller,
  ): Promise<AttemptResultView> {
    return this.attempts.submit(attemptId, body, caller);
  }

  @Get('course-versions/:versionId/question-stats')
  @Access(...QUESTION_STATS_READERS)
  @ApiOperation({ summary: 'How often each question is got wrong, over submitted attempts of residents in your scope (hardest first)' })
  @ApiOkResponse({ type: QuestionStatsView })
  @ApiErrors(400, 401, 403, 404)
  questionStats(
    @Param('versionId', QuizVersionIdPipe) versionId: string,
    @Query() query: QuestionStatsQuery,
    @CurrentCaller() caller: Caller,
  ): Promise<QuestionStatsView> {
    return this.stats.forVersion(versionId, query, caller);
  }
}
