import { AppError } from '@hvs/platform';

/** Error codes and Vietnamese messages of verification and the certificate documents. */
export const VerificationErrors = {
  codeInvalid: () =>
    AppError.badRequest(
      'CERTIFICATE_CODE_INVALID',
      'Mã tra cứu không hợp lệ: hãy nhập số hiệu chứng nhận (dạng 22-2026-0000123-4) hoặc mã xác minh 16 ký tự.',
    ),
  serialCheckFailed: () =>
    AppError.badRequest('CERTIFICATE_SERIAL_CHECK_FAILED', 'Số hiệu chứng nhận có ký tự kiểm tra không đúng: hãy kiểm tra lại từng chữ số.'),
  notFound: () => AppError.notFound('CERTIFICATE_NOT_FOUND', 'Không tìm thấy chứng nhận với mã này.'),
  notIssued: (state: string) =>
    AppError.conflict('CERTIFICATE_NOT_ISSUED', 'Chứng nhận chưa được công nhận nên chưa có bản in và chứng nhận số.', { state }),
  holderUnavailable: () => AppError.conflict('CERTIFICATE_HOLDER_UNAVAILABLE', 'Không đọc được thông tin người được cấp chứng nhận (hồ sơ đã bị xóa).'),
  tooManyRequests: (retryAfterSeconds: number) =>
    new AppError(429, 'VERIFY_TOO_MANY_REQUESTS', `Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau ${retryAfterSeconds} giây.`, { retryAfterSeconds }),
};
