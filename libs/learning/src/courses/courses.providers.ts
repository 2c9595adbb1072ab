import type { Provider, Type } from '@nestjs/common';
import { OwnProgressController } from '../progress/own-progress.controller';
import { ProgressController } from '../progress/progress.controller';
import { ProgressRepository } from '../progress/progress.repository';
import { ProgressService } from '../progress/progress.service';
import { CourseAccess } from './course-access';
import { CourseAuthoringService } from './course-authoring.service';
import { CourseCatalogService } from './course-catalog.service';
import { CourseVersionRepository } from './course-version.repository';
import { CourseRepository } from './course.repository';
import { FrameworkRepository } from './framework.repository';
import { LessonRepository } from './lesson.repository';
import { QuestionRepository } from './question.repository';
import { QuizRepository } from './quiz.repository';
import { CompetenciesController } from './competencies.controller';
import { CourseVersionsController } from './course-versions.controller';
import { CoursesController } from './courses.controller';
import { LessonsController } from './lessons.controller';
import { QuestionsController } from './questions.controller';
import { QuizDefinitionsController } from './quiz-definitions.controller';

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
export const COURSES_PROVIDERS: Provider[] = [
  FrameworkRepository,
  CourseRepository,
  CourseVersionRepository,
  LessonRepository,
  QuestionRepository,
  QuizRepository,
  ProgressRepository,
  CourseAccess,
  CourseCatalogService,
  CourseAuthoringService,
  ProgressService,
];
