import { CodeParamPipe, UUID_FORMAT } from '@hvs/platform';
import { ASSISTING_ROLES } from '../learners/learners';

/** Who takes quizzes: residents for themselves, commune officers and instructors with a resident of their scope. */
export const QUIZ_TAKERS = ['resident', ...ASSISTING_ROLES];
/** Everyone who may read an attempt (what each reaches: their own, those they assisted, their scope). */
export const ATTEMPT_READERS = ['resident', 'administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor'];
/** Staff who read the difficulty of questions in their scope. */
export const QUESTION_STATS_READERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer', 'instructor'];

export const QuizIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_QUIZ_ID', 'Mã bài kiểm tra phải là một UUID.');
export const AttemptIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_ATTEMPT_ID', 'Mã lượt làm bài phải là một UUID.');
export const QuizVersionIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_VERSION_ID', 'Mã phiên bản khóa học phải là một UUID.');
