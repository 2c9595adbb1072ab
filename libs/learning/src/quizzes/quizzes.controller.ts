import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, AppError, CodeParamPipe, CurrentCaller, UUID_FORMAT, type Caller } from '@hvs/platform';
import type { FastifyReply } from 'fastify';
import { ASSISTING_ROLES } from '../learners/learners';
import { AttemptsService } from './attempts.service';
import { QuestionStatsService } from './question-stats.service';
import {
  AttemptResultView,
  AttemptView,
  OwnAttemptsQuery,
  OwnAttemptsView,
  QuestionStatsQuery,
  QuestionStatsView,
  SaveAnswersBody,
  SavedAnswersView,
  StartAttemptBody,
  SubmitAttemptBody,
} from './quizzes.dto';

/** Who takes quizzes: residents for themselves, commune officers and instructors with a resident of their scope. */
export const QUIZ_TAKERS = ['resident', ...ASSISTING_ROLES];
/** Everyone who may read an attempt (what each reaches: their own, those they assisted, their scope). */
export const ATTEMPT_READERS = ['resident', 'administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor'];
/** Staff who read the difficulty of questions in their scope. */
export const QUESTION_STATS_READERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor'];

const QuizIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_QUIZ_ID', 'Mã bài kiểm tra phải là một UUID.');
const AttemptIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_ATTEMPT_ID', 'Mã lượt làm bài phải là một UUID.');
const VersionIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_VERSION_ID', 'Mã phiên bản khóa học phải là một UUID.');

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
    @Param('versionId', VersionIdPipe) versionId: string,
    @Query() query: QuestionStatsQuery,
    @CurrentCaller() caller: Caller,
  ): Promise<QuestionStatsView> {
    return this.stats.forVersion(versionId, query, caller);
  }
}

/** A resident's own attempts. */
@ApiTags('learning')
@ApiBearerAuth()
@Controller('me/learning')
export class OwnAttemptsController {
  constructor(private readonly attempts: AttemptsService) {}

  @Get('attempts')
  @Access('resident')
  @ApiOperation({ summary: 'Your quiz attempts, newest first' })
  @ApiOkResponse({ type: OwnAttemptsView })
  @ApiErrors(400, 401, 403, 404)
  list(@Query() query: OwnAttemptsQuery, @CurrentCaller() caller: Caller): Promise<OwnAttemptsView> {
    return this.attempts.listOwn(query, caller);
  }
}
