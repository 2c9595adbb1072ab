import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GeographyModule } from '@hvs/geography';
import { IdentityModule } from '@hvs/identity';
import { CompetencyEntity } from './courses/competency.entity';
import { CourseVersionEntity } from './courses/course-version.entity';
import { CourseEntity } from './courses/course.entity';
import { DomainEntity } from './courses/domain.entity';
import { LessonCompetencyEntity } from './courses/lesson-competency.entity';
import { LessonEntity } from './courses/lesson.entity';
import { QuestionEntity } from './courses/question.entity';
import { QuizEntity } from './courses/quiz.entity';
import { COURSES_CONTROLLERS, COURSES_PROVIDERS } from './courses/courses.providers';
import { CourseCompletionModule } from './completion/completion.module';
import { Learners } from './learners/learners';
import { LessonMediaController } from './media/lesson-media.controller';
import { LessonMediaLibrary } from './media/lesson-media';
import { CourseProgressEntity } from './progress/course-progress.entity';
import { ProgressEntity } from './progress/progress.entity';
import { AttemptEntity } from './quizzes/attempt.entity';
import { QUIZZES_CONTROLLERS, QUIZZES_PROVIDERS } from './quizzes/quizzes.providers';

/**
 * Learning: the competency framework, courses and versions, lessons, the question bank and quizzes
 * (courses/), the images of the shipped lessons (media/), lesson and course progress (progress/), quiz
 * attempts and scoring (quizzes/), course completion (completion/: the rule per version, evaluated
 * exactly once per resident and version; class attendance comes in through the AttendanceShareSource
 * port, which the classes capability registers; CourseCompletionModule, imported and re-exported here).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      DomainEntity,
      CompetencyEntity,
      CourseEntity,
      CourseVersionEntity,
      LessonEntity,
      LessonCompetencyEntity,
      QuestionEntity,
      QuizEntity,
      ProgressEntity,
      CourseProgressEntity,
      AttemptEntity,
    ]),
    GeographyModule,
    IdentityModule,
    CourseCompletionModule,
  ],
  controllers: [...COURSES_CONTROLLERS, ...QUIZZES_CONTROLLERS, LessonMediaController],
  providers: [Learners, LessonMediaLibrary, ...COURSES_PROVIDERS, ...QUIZZES_PROVIDERS],
  exports: [...COURSES_PROVIDERS, ...QUIZZES_PROVIDERS, CourseCompletionModule],
})
export class LearningModule {}
