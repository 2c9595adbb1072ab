export * from './learning.module';
export * from './learning-errors';
export * from './learners/learners';
export * from './progress/progress.entity';
export * from './progress/progress.repository';
export * from './courses/index';
export * from './quizzes/index';
