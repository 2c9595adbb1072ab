import { AppError } from '@hvs/platform';

/** The partner's error codes and their Vietnamese messages (docs/vneid-partner-api.md). */
export const PartnerErrors = {
  TOKEN_MISSING: [401, 'Thiếu mã truy cập (Authorization: Bearer).'],
  TOKEN_INVALID: [401, 'Mã truy cập không hợp lệ.'],
  TOKEN_EXPIRED: [401, 'Mã truy cập đã hết hạn, vui lòng lấy mã mới.'],
  ADMIN_UNAUTHORIZED: [401, 'Cần mã quản trị hợp lệ để dùng chức năng này.'],
  IDEMPOTENCY_KEY_MISSING: [400, 'Thiếu tiêu đề Idempotency-Key.'],
  IDEMPOTENCY_KEY_INVALID: [400, 'Idempotency-Key phải gồm 1–255 ký tự chữ, số hoặc ._:-'],
  IDEMPOTENCY_KEY_IN_PROGRESS: [409, 'Một yêu cầu khác với cùng Idempotency-Key đang được xử lý, vui lòng thử lại sau.'],
  IDEMPOTENCY_KEY_REUSED: [422, 'Idempotency-Key này đã được dùng cho một nội dung khác.'],
  SERIAL_ALREADY_RECORDED: [409, 'Số hiệu chứng nhận này đã được ghi nhận trước đó.'],
  SERIAL_IN_PROGRESS: [409, 'Số hiệu chứng nhận này đang được ghi nhận bởi một yêu cầu khác.'],
  CITIZEN_NOT_FOUND: [422, 'Không tìm thấy công dân với số định danh này.'],
  HOLDER_MISMATCH: [422, 'Thông tin người được cấp không khớp với cơ sở dữ liệu quốc gia về dân cư.'],
  CREDENTIAL_MALFORMED: [422, 'Chứng nhận gửi kèm không phải một JWS dạng rút gọn hợp lệ.'],
  CREDENTIAL_NOT_FOUND: [404, 'Không tìm thấy chứng nhận.'],
  RATE_LIMITED: [429, 'Vượt quá giới hạn số yêu cầu mỗi giây, vui lòng thử lại sau.'],
  PARTNER_INTERNAL_ERROR: [500, 'Hệ thống đối tác gặp lỗi, vui lòng thử lại sau.'],
  PARTNER_BAD_GATEWAY: [502, 'Cổng kết nối của hệ thống đối tác gặp lỗi, vui lòng thử lại sau.'],
  PARTNER_TEMPORARILY_UNAVAILABLE: [503, 'Hệ thống đối tác tạm thời quá tải, vui lòng thử lại sau.'],
  PARTNER_UNAVAILABLE: [503, 'Hệ thống đối tác đang ngừng hoạt động, vui lòng thử lại sau.'],
  FAULT_RATES_TOO_HIGH: [400, 'Tổng errorRate và hangRate không được vượt quá 1.'],
} as const satisfies Record<string, readonly [number, string]>;

export type PartnerErrorCode = keyof typeof PartnerErrors;

export function partnerError(code: PartnerErrorCode, details?: unknown): AppError {
  const [status, message] = PartnerErrors[code];
  return new AppError(status, code, message, details);
}

/** The 5xx an injected failure answers with, by status. */
export const INJECTED_ERRORS = [
  { status: 500, code: 'PARTNER_INTERNAL_ERROR' },
  { status: 502, code: 'PARTNER_BAD_GATEWAY' },
  { status: 503, code: 'PARTNER_TEMPORARILY_UNAVAILABLE' },
] as const satisfies ReadonlyArray<{ status: number; code: PartnerErrorCode }>;
