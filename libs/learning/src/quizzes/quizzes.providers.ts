import type { Provider, Type } from '@nestjs/common';

/** The controllers and providers of quizzes/, registered by LearningModule. */
export const QUIZZES_CONTROLLERS: Type<unknown>[] = [];
export const QUIZZES_PROVIDERS: Provider[] = [];
