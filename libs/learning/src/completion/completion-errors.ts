import { AppError } from '@hvs/platform';

/** Errors of course completion: stable codes, Vietnamese messages. */
export const CompletionErrors = {
  invalidRule: (reason: string) =>
    AppError.badRequest('INVALID_COMPLETION_RULE', 'Điều kiện hoàn thành khóa học không hợp lệ: cần ít nhất một cách để hoàn thành.', {
      field: 'completionRule',
      reason,
    }),
};
