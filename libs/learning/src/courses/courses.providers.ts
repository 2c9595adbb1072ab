import type { Provider, Type } from '@nestjs/common';
import { OwnProgressController, ProgressController } from '../progress/progress.controller';
import { ProgressRepository } from '../progress/progress.repository';
import { ProgressService } from '../progress/progress.service';
import { CourseAccess } from './course-access';
import { CourseAuthoringService } from './course-authoring.service';
import { CourseCatalogService } from './course-catalog.service';
import { CourseRepository } from './course.repository';
import {
  CompetenciesController,
  CoursesController,
  CourseVersionsController,
  LessonsController,
  QuestionsController,
  QuizDefinitionsController,
} from './courses.controller';

/** The controllers and providers of courses/ and progress/, registered by LearningModule. */
export const COURSES_CONTROLLERS: Type<unknown>[] = [
  CompetenciesController,
  CoursesController,
  CourseVersionsController,
  LessonsController,
  QuestionsController,
  QuizDefinitionsController,
  ProgressController,
  OwnProgressController,
];
export const COURSES_PROVIDERS: Provider[] = [CourseRepository, ProgressRepository, CourseAccess, CourseCatalogService, CourseAuthoringService, ProgressService];
