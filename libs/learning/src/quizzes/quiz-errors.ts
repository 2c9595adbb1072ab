import { AppError } from '@hvs/platform';
import { LearningErrors } from '../learning-errors';

/** Errors of quizzes and attempts: stable codes, Vietnamese messages. */
export const QuizErrors = {
  quizNotFound: (id: string) => LearningErrors.quizNotFound(id),
  attemptNotFound: (id: string) => LearningErrors.attemptNotFound(id),
  versionNotFound: (id: string) => LearningErrors.versionNotFound(id),
  versionRetired: (versionId: string) => LearningErrors.versionRetired(versionId),
  attemptsExhausted: (maxAttempts: number) =>
    AppError.conflict('ATTEMPTS_EXHAUSTED', `Bạn đã dùng hết ${maxAttempts} lượt làm bài kiểm tra này.`, { maxAttempts }),
  cooldown: (retryAfterS: number) =>
    AppError.conflict(
      'ATTEMPT_COOLDOWN',
      `Bạn cần chờ thêm ${formatWait(retryAfterS)} trước khi làm lại bài kiểm tra này. Trong lúc chờ, hãy ôn lại các bài học được gợi ý.`,
      { retryAfterS },
    ),
  alreadyPassed: () => AppError.conflict('QUIZ_ALREADY_PASSED', 'Bạn đã đạt bài kiểm tra cuối khóa này, không cần làm lại.'),
  quizEmpty: () => AppError.conflict('QUIZ_HAS_NO_QUESTIONS', 'Bài kiểm tra này chưa có câu hỏi.'),
  alreadySubmitted: () => AppError.conflict('ATTEMPT_ALREADY_SUBMITTED', 'Lượt làm bài này đã được nộp, không thể sửa câu trả lời.'),
  deadlinePassed: () =>
    AppError.conflict(
      'ATTEMPT_DEADLINE_PASSED',
      'Đã hết thời gian làm bài. Lượt làm bài đã được đóng và chấm với các câu trả lời đã lưu trước khi hết giờ.',
    ),
  unknownQuestion: (questionId: string) =>
    AppError.badRequest('UNKNOWN_QUESTION', 'Câu hỏi này không thuộc lượt làm bài.', { field: 'answers.questionId', questionId }),
  duplicateQuestion: (questionId: string) =>
    AppError.badRequest('DUPLICATE_QUESTION', 'Mỗi câu hỏi chỉ được gửi một lần trong một yêu cầu.', { field: 'answers.questionId', questionId }),
  unknownOption: (questionId: string, key: string) =>
    AppError.badRequest('UNKNOWN_OPTION', 'Lựa chọn không thuộc câu hỏi này.', { field: 'answers.choices', questionId, key }),
  tooManyChoices: (questionId: string, max: number) =>
    AppError.badRequest(
      'TOO_MANY_CHOICES',
      max === 1 ? 'Câu hỏi này chỉ được chọn một đáp án.' : `Câu hỏi này có ${max} lựa chọn, không thể chọn nhiều hơn.`,
      { field: 'answers.choices', questionId, max },
    ),
};

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} giây`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} phút`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} giờ ${rest} phút` : `${hours} giờ`;
}
