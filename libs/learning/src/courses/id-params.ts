import { CodeParamPipe, UUID_FORMAT } from '@hvs/platform';

/** Path-parameter pipes of the learning routes: a malformed id is a 400 with its own code. */
export const CourseIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_COURSE_ID', 'Mã khóa học phải là một UUID.');
export const VersionIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_COURSE_VERSION_ID', 'Mã phiên bản khóa học phải là một UUID.');
export const LessonIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_LESSON_ID', 'Mã bài học phải là một UUID.');
export const QuestionIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_QUESTION_ID', 'Mã câu hỏi phải là một UUID.');
export const QuizDefinitionIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_QUIZ_ID', 'Mã bài kiểm tra phải là một UUID.');

/** Every signed-in role. */
export const SIGNED_IN = ['administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor', 'resident'];
/** Roles that may author courses (which courses: mayAuthorCourse). */
export const COURSE_AUTHORS = ['administrator', 'province_officer'];
