import type { Provider, Type } from '@nestjs/common';
import { AttemptRepository } from './attempt.repository';
import { AttemptsService } from './attempts.service';
import { QuestionBank } from './question-bank';
import { QuestionStatsService } from './question-stats.service';
import { OwnAttemptsController } from './own-attempts.controller';
import { QuizzesController } from './quizzes.controller';

/** The controllers and providers of quizzes/, registered by LearningModule. */
export const QUIZZES_CONTROLLERS: Type<unknown>[] = [QuizzesController, OwnAttemptsController];
export const QUIZZES_PROVIDERS: Provider[] = [AttemptRepository, QuestionBank, AttemptsService, QuestionStatsService];
