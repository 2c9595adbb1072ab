import { HttpStatus } from '@nestjs/common';

/**
 * A failure the client can act on: an HTTP status, a stable machine-readable code and a Vietnamese
 * message for people. Services throw it; the exception filter turns it into the one error body.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badRequest(code: string, message: string, details?: unknown): AppError {
    return new AppError(HttpStatus.BAD_REQUEST, code, message, details);
  }
  static notFound(code: string, message: string, details?: unknown): AppError {
    return new AppError(HttpStatus.NOT_FOUND, code, message, details);
  }
  static conflict(code: string, message: string, details?: unknown): AppError {
    return new AppError(HttpStatus.CONFLICT, code, message, details);
  }
  static unprocessable(code: string, message: string, details?: unknown): AppError {
    return new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, message, details);
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; requestId?: string };
}

/** The one error body of the API, for an error and the request it answers. */
export function errorBody(error: AppError, requestId: string | undefined): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
      requestId,
    },
  };
}

/** Codes and messages for failures that are not specific to one capability. */
export const CommonErrors = {
  VALIDATION_FAILED: 'Dữ liệu gửi lên không hợp lệ.',
  INVALID_JSON: 'Nội dung gửi lên không phải JSON hợp lệ.',
  ROUTE_NOT_FOUND: 'Không tìm thấy đường dẫn được yêu cầu.',
  METHOD_NOT_ALLOWED: 'Phương thức không được hỗ trợ cho đường dẫn này.',
  PAYLOAD_TOO_LARGE: 'Dữ liệu gửi lên quá lớn.',
  UNSUPPORTED_MEDIA_TYPE: 'Kiểu nội dung gửi lên không được hỗ trợ.',
  BAD_REQUEST: 'Yêu cầu không hợp lệ.',
  UNAUTHORIZED: 'Bạn cần đăng nhập để thực hiện thao tác này.',
  FORBIDDEN: 'Bạn không có quyền thực hiện thao tác này.',
  TOO_MANY_REQUESTS: 'Bạn đã gửi quá nhiều yêu cầu, vui lòng thử lại sau.',
  CONFLICT: 'Dữ liệu xung đột với dữ liệu đã có.',
  NOT_READY: 'Hệ thống chưa sẵn sàng phục vụ.',
  SERVICE_UNAVAILABLE: 'Dịch vụ tạm thời không khả dụng, vui lòng thử lại sau.',
  INTERNAL_ERROR: 'Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau.',
} as const;
export type CommonErrorCode = keyof typeof CommonErrors;

export function commonError(status: number, code: CommonErrorCode, details?: unknown): AppError {
  return new AppError(status, code, CommonErrors[code], details);
}
