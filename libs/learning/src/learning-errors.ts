import { AppError } from '@hvs/platform';
import type { QuestionProblem } from './courses/question-rules';
import type { PublishProblem } from './courses/publish-rules';

/** Errors of the learning capability: stable codes, Vietnamese messages. Add new ones here. */
export const LearningErrors = {
  courseNotFound: (id?: string) => AppError.notFound('COURSE_NOT_FOUND', 'Không tìm thấy khóa học.', id ? { id } : undefined),
  versionNotFound: (id?: string) => AppError.notFound('COURSE_VERSION_NOT_FOUND', 'Không tìm thấy phiên bản khóa học.', id ? { id } : undefined),
  lessonNotFound: (id?: string) => AppError.notFound('LESSON_NOT_FOUND', 'Không tìm thấy bài học.', id ? { id } : undefined),
  mediaNotFound: () => AppError.notFound('LESSON_MEDIA_NOT_FOUND', 'Không tìm thấy hình ảnh của bài học.'),
  questionNotFound: (id?: string) => AppError.notFound('QUESTION_NOT_FOUND', 'Không tìm thấy câu hỏi.', id ? { id } : undefined),
  quizNotFound: (id?: string) => AppError.notFound('QUIZ_NOT_FOUND', 'Không tìm thấy bài kiểm tra.', id ? { id } : undefined),
  attemptNotFound: (id?: string) => AppError.notFound('ATTEMPT_NOT_FOUND', 'Không tìm thấy lượt làm bài.', id ? { id } : undefined),
  versionNotDraft: () => AppError.conflict('VERSION_NOT_DRAFT', 'Phiên bản đã xuất bản không thể sửa. Hãy tạo bản nháp mới.'),

  // ---- courses and authoring ----
  courseCodeTaken: (code: string) => AppError.conflict('COURSE_CODE_TAKEN', 'Mã khóa học này đã được sử dụng.', { field: 'code', code }),
  unknownProvince: (code: string) =>
    AppError.badRequest('UNKNOWN_PROVINCE', 'Không có tỉnh, thành phố nào với mã này.', { field: 'offeredByProvince', code }),
  draftExists: (draftVersionId: string) =>
    AppError.conflict('DRAFT_EXISTS', 'Khóa học đã có một bản nháp. Hãy sửa hoặc xuất bản bản nháp đó.', { draftVersionId }),
  versionNotPublishable: (problems: PublishProblem[]) =>
    AppError.unprocessable('VERSION_NOT_PUBLISHABLE', 'Phiên bản chưa đủ điều kiện để xuất bản.', { problems }),
  unknownCompetency: (codes: string[], field: string) =>
    AppError.badRequest('UNKNOWN_COMPETENCY', `Mã năng lực không có trong khung năng lực số: ${codes.join(', ')}.`, { field, codes }),
  lessonSlugTaken: (slug: string) =>
    AppError.conflict('LESSON_SLUG_TAKEN', 'Phiên bản này đã có một bài học với đường dẫn (slug) này.', { field: 'slug', slug }),
  lessonPositionOutOfRange: (max: number) =>
    AppError.badRequest('LESSON_POSITION_OUT_OF_RANGE', `Vị trí bài học phải từ 1 đến ${max}.`, { field: 'position', max }),
  lessonCompetencyInUse: (competencies: string[], questionKeys: string[]) =>
    AppError.conflict(
      'LESSON_COMPETENCY_IN_USE',
      'Còn câu hỏi của bài học gắn với năng lực bị bỏ. Hãy sửa hoặc xóa các câu hỏi đó trước.',
      { field: 'competencies', competencies, questionKeys },
    ),
  questionKeyTaken: (key: string) =>
    AppError.conflict('QUESTION_KEY_TAKEN', 'Ngân hàng câu hỏi của phiên bản đã có câu hỏi với mã này.', { field: 'key', key }),
  invalidQuestion: (problem: QuestionProblem) =>
    AppError.badRequest(
      problem.code,
      problem.code === 'INVALID_QUESTION_OPTIONS' ? 'Các lựa chọn của câu hỏi không hợp lệ.' : 'Đáp án đúng của câu hỏi không hợp lệ.',
      { field: problem.code === 'INVALID_QUESTION_OPTIONS' ? 'options' : 'correctKeys', reason: problem.reason },
    ),
  lessonNotInVersion: (lessonId: string) =>
    AppError.badRequest('LESSON_NOT_IN_VERSION', 'Bài học không thuộc phiên bản khóa học này.', { field: 'lessonId', lessonId }),
  competencyNotInLesson: (competency: string, lessonCompetencies: string[]) =>
    AppError.badRequest('COMPETENCY_NOT_IN_LESSON', 'Năng lực của câu hỏi phải là một trong các năng lực của bài học.', {
      field: 'competency',
      competency,
      lessonCompetencies,
    }),
  quizLessonRequired: () =>
    AppError.badRequest('QUIZ_LESSON_REQUIRED', 'Bài kiểm tra nhanh của một bài học cần chọn bài học (lessonId).', { field: 'lessonId' }),
  quizLessonNotAllowed: () =>
    AppError.badRequest('QUIZ_LESSON_NOT_ALLOWED', 'Bài kiểm tra cuối khóa không gắn với một bài học.', { field: 'lessonId' }),
  invalidPerCompetency: (reason: string) =>
    AppError.badRequest('INVALID_PER_COMPETENCY', 'Số câu hỏi theo từng năng lực không hợp lệ.', { field: 'perCompetency', reason }),
  finalQuizExists: () => AppError.conflict('FINAL_QUIZ_EXISTS', 'Phiên bản này đã có bài kiểm tra cuối khóa.'),
  lessonCheckExists: (lessonId: string) =>
    AppError.conflict('LESSON_CHECK_EXISTS', 'Bài học này đã có bài kiểm tra nhanh.', { lessonId }),

  // ---- progress ----
  lessonLocked: (previousLessonId: string) =>
    AppError.conflict('LESSON_LOCKED', 'Bạn cần hoàn thành bài học trước để mở bài này.', { previousLessonId }),
  versionRetired: (versionId: string) =>
    AppError.conflict(
      'COURSE_VERSION_RETIRED',
      'Phiên bản khóa học này đã được thay thế bằng phiên bản mới. Hãy học theo phiên bản hiện hành.',
      { versionId },
    ),
};
