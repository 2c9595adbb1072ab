import type { Provider, Type } from '@nestjs/common';
import { ProgressRepository } from '../progress/progress.repository';
import { CourseRepository } from './course.repository';

/** The controllers and providers of courses/ and progress/, registered by LearningModule. */
export const COURSES_CONTROLLERS: Type<unknown>[] = [];
export const COURSES_PROVIDERS: Provider[] = [CourseRepository, ProgressRepository];
