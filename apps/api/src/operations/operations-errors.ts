import { AppError } from '@hvs/platform';

export const OperationsErrors = {
  /** A bearer token that is neither the metrics token nor a valid access token (same code as the access guard's). */
  invalidToken: () => new AppError(401, 'INVALID_TOKEN', 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.'),
};
