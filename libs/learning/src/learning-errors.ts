import { AppError } from '@hvs/platform';

/** Errors of the learning capability: stable codes, Vietnamese messages. Add new ones here. */
export const LearningErrors = {
  courseNotFound: (id?: string) => AppError.notFound('COURSE_NOT_FOUND', 'Không tìm thấy khóa học.', id ? { id } : undefined),
  versionNotFound: (id?: string) => AppError.notFound('COURSE_VERSION_NOT_FOUND', 'Không tìm thấy phiên bản khóa học.', id ? { id } : undefined),
  lessonNotFound: (id?: string) => AppError.notFound('LESSON_NOT_FOUND', 'Không tìm thấy bài học.', id ? { id } : undefined),
  questionNotFound: (id?: string) => AppError.notFound('QUESTION_NOT_FOUND', 'Không tìm thấy câu hỏi.', id ? { id } : undefined),
  quizNotFound: (id?: string) => AppError.notFound('QUIZ_NOT_FOUND', 'Không tìm thấy bài kiểm tra.', id ? { id } : undefined),
  attemptNotFound: (id?: string) => AppError.notFound('ATTEMPT_NOT_FOUND', 'Không tìm thấy lượt làm bài.', id ? { id } : undefined),
  versionNotDraft: () => AppError.conflict('VERSION_NOT_DRAFT', 'Phiên bản đã xuất bản không thể sửa. Hãy tạo bản nháp mới.'),
};
