import { AppError } from '@hvs/platform';

/** Errors of the identity capability: stable codes, Vietnamese messages. */
export const IdentityErrors = {
  invalidCredentials: () =>
    new AppError(401, 'INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng.'),
  accountDisabled: () => new AppError(401, 'ACCOUNT_DISABLED', 'Tài khoản đã bị khóa. Vui lòng liên hệ cán bộ quản lý.'),
  invalidToken: () => new AppError(401, 'INVALID_TOKEN', 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.'),
  passwordUnchanged: () =>
    AppError.badRequest('PASSWORD_UNCHANGED', 'Mật khẩu mới phải khác mật khẩu hiện tại.'),
  refreshTokenReused: () =>
    new AppError(
      401,
      'REFRESH_TOKEN_REUSED',
      'Mã làm mới phiên đã được dùng trước đó. Để bảo vệ tài khoản, mọi phiên của chuỗi này đã bị đăng xuất.',
    ),
};
