import type { HolderProblem } from '@hvs/identity';

/** A rejection as the commune officer sees it: a stable code and a Vietnamese reason. */
export interface Rejection {
  code: string;
  reason: string;
}

/** The Vietnamese name of a field the partner compares. */
const FIELD_NAMES: Record<string, string> = {
  fullName: 'họ và tên',
  birthDate: 'ngày sinh',
  cccd: 'số CCCD',
};

export function fieldName(field: string): string {
  return FIELD_NAMES[field] ?? field;
}

/** Why a resident's identity could not be sent to the partner. */
export function holderRejection(problem: HolderProblem): Rejection {
  switch (problem) {
    case 'CCCD_MISSING':
      return {
        code: 'CCCD_MISSING',
        reason: 'Hồ sơ người dân chưa có số căn cước công dân (CCCD) nên chưa thể đối chiếu với VNeID. Cán bộ xã cần bổ sung số CCCD rồi gửi lại.',
      };
    case 'CONSENT_MISSING':
      return {
        code: 'CONSENT_MISSING',
        reason: 'Người dân chưa đồng ý cho phép dùng thông tin cá nhân để công nhận chứng chỉ qua VNeID. Cần ghi nhận sự đồng ý rồi gửi lại.',
      };
    case 'RESIDENT_ERASED':
      return { code: 'RESIDENT_ERASED', reason: 'Hồ sơ người dân đã bị xóa hoặc ngừng hoạt động nên không thể công nhận chứng chỉ.' };
    case 'RESIDENT_NOT_FOUND':
      return { code: 'RESIDENT_NOT_FOUND', reason: 'Không tìm thấy hồ sơ người dân của chứng chỉ này.' };
  }
}

/** Why the national registry (through the partner) did not accept the holder. */
export function citizenRejection(reason: 'not_found' | 'mismatch', fields: readonly string[]): Rejection {
  if (reason === 'not_found') {
    return {
      code: 'CITIZEN_NOT_FOUND',
      reason: 'Số CCCD trong hồ sơ không có trong Cơ sở dữ liệu quốc gia về dân cư. Cán bộ xã cần kiểm tra lại số CCCD của người dân.',
    };
  }
  const names = (fields.length > 0 ? fields : ['fullName']).map(fieldName);
  return {
    code: 'CITIZEN_MISMATCH',
    reason: `Thông tin không khớp với Cơ sở dữ liệu quốc gia về dân cư: ${names.join(', ')}. Cán bộ xã cần đối chiếu giấy tờ của người dân và sửa hồ sơ.`,
  };
}
