// The public API of @hvs/learning: the modules, course completion and its AttendanceShareSource port, the readers, question statistics, the published SQL, the reference-data loaders.
// Named exports only; everything else is internal (libs/testing/src/architecture/public-api.spec.ts).
export { AttendanceShareRegistry, AttendanceShareSource } from './completion/attendance-share';
export { CourseCompletionModule } from './completion/completion.module';
export { completionLockKey, type CompletionPair } from './completion/completion.repository';
export { CourseCompletion } from './completion/course-completion.service';
export { CompletionFacts } from './completion/completion-facts';
export { type CourseVersionLabel, CourseVersionLabels, type CourseVersionOffer, CourseVersionReader, LearningReadersModule } from './courses/course-version-labels';
export { type CourseVersionStatus } from './courses/course-version.entity';
export { type QuestionType } from './courses/question.entity';
export { type DeadlinePolicy } from './courses/quiz.entity';
export { LearningErrors } from './learning-errors';
export { LearningModule } from './learning.module';
export { lessonReferences, MAX_MEDIA_BYTES } from './media/lesson-references';
export { COURSE_COMPLETIONS_SQL, COURSE_PROGRESS_SQL, COURSE_VERSIONS_SQL } from './published-sql';
export { SELF_PACED_COMPLETIONS_OUTBOX_SQL } from './completion/completion-events-sql';
export { ATTEMPT_SUBMISSION_SQL, type AttemptRow, finaliseValues } from './quizzes/attempt.repository';
export { finalPassedEvent } from './quizzes/attempts.service';
export { type DrawableQuestion, drawAttempt } from './quizzes/draw';
export { QuestionStatsService } from './quizzes/question-stats.service';
export { QuestionStatsView } from './quizzes/quizzes.dto';
export { scoreAttempt } from './quizzes/scoring';
export { learningDataDir } from './reference-data/learning-data-files';
export { type QuestionFileEntry, readLearningReferenceData } from './reference-data/learning-reference-data';
export { importLearningReferenceData } from './reference-data/learning-reference-import';
