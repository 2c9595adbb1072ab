import { AppError, CodeParamPipe, UUID_FORMAT } from '@hvs/platform';

/** Errors of attendance (whole requests): stable codes, Vietnamese messages. */
export const AttendanceErrors = {
  classNotFound: (id?: string) => AppError.notFound('CLASS_NOT_FOUND', 'Không tìm thấy lớp học.', id ? { id } : undefined),
  sessionNotFound: (id?: string) => AppError.notFound('SESSION_NOT_FOUND', 'Không tìm thấy buổi học của lớp này.', id ? { id } : undefined),
  idempotencyKeyRequired: () =>
    AppError.badRequest(
      'IDEMPOTENCY_KEY_REQUIRED',
      'Cần gửi kèm tiêu đề Idempotency-Key (1 đến 100 ký tự) để lần gửi lại không bị tính hai lần.',
      { header: 'Idempotency-Key' },
    ),
  idempotencyKeyReused: () =>
    AppError.conflict(
      'IDEMPOTENCY_KEY_REUSED',
      'Idempotency-Key này đã được dùng cho một lần gửi điểm danh khác. Mỗi lần gửi mới cần một khóa mới.',
      { header: 'Idempotency-Key' },
    ),
};

/**
 * Why one mark of a batch was rejected (the others go on). The phone shows the message and keeps the
 * mark for the person to fix.
 */
export const MARK_REJECTIONS = {
  INVALID_MARK: 'Dữ liệu điểm danh không hợp lệ.',
  SESSION_NOT_FOUND: 'Không tìm thấy buổi học này trong các lớp của bạn.',
  NOT_ON_ROSTER: 'Người này không có tên trong danh sách lớp của buổi học.',
  NOT_ENROLLED_YET: 'Người này ghi danh vào lớp sau ngày của buổi học: chưa là học viên vào hôm đó.',
  WITHDRAWN: 'Người này đã rút khỏi lớp trước ngày của buổi học.',
  MARK_TOO_FAR_IN_FUTURE: 'Buổi học hoặc thời điểm điểm danh ở quá xa trong tương lai.',
  MARK_TOO_OLD: 'Buổi học đã quá lâu: không thể điểm danh bổ sung.',
} as const;
export type MarkRejection = keyof typeof MARK_REJECTIONS;

export const ClassIdParam = new CodeParamPipe(UUID_FORMAT, 'INVALID_CLASS_ID', 'Mã lớp học phải là một UUID.');
export const SessionIdParam = new CodeParamPipe(UUID_FORMAT, 'INVALID_SESSION_ID', 'Mã buổi học phải là một UUID.');
