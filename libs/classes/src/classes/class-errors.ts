import { AppError } from '@hvs/platform';
import type { ClassStatus } from './class.entity';

/** Errors of classes (classes, staff, enrolments, sessions, reports): stable codes, Vietnamese messages. */
export const ClassErrors = {
  classNotFound: (id?: string) => AppError.notFound('CLASS_NOT_FOUND', 'Không tìm thấy lớp học.', id ? { id } : undefined),
  sessionNotFound: (id?: string) => AppError.notFound('SESSION_NOT_FOUND', 'Không tìm thấy buổi học của lớp này.', id ? { id } : undefined),
  enrolmentNotFound: (residentId: string) =>
    AppError.notFound('ENROLMENT_NOT_FOUND', 'Người dân này hiện không có tên trong lớp.', { residentId }),
  residentNotFound: (residentId: string) =>
    AppError.notFound('RESIDENT_NOT_FOUND', 'Không tìm thấy người dân này.', { residentId }),

  // ---- creating and changing a class ----
  villageNotInCommune: (villageCode: string, communeCode: string) =>
    AppError.badRequest('VILLAGE_NOT_IN_COMMUNE', 'Thôn/tổ dân phố không thuộc xã/phường đã chọn.', { field: 'villageCode', villageCode, communeCode }),
  courseVersionNotPublished: (versionId: string, status: string) =>
    AppError.conflict(
      'COURSE_VERSION_NOT_PUBLISHED',
      'Lớp học chỉ dạy phiên bản khóa học đang được xuất bản. Hãy chọn phiên bản hiện hành của khóa học.',
      { field: 'courseVersionId', versionId, status },
    ),
  staffNotEligible: (field: 'instructorIds' | 'volunteerIds', accountIds: string[]) =>
    AppError.unprocessable(
      'STAFF_NOT_ELIGIBLE',
      'Giảng viên và tình nguyện viên phải là tài khoản giảng viên đang hoạt động, phụ trách đúng xã/phường của lớp.',
      { field, accountIds },
    ),
  staffInBothLists: (accountIds: string[]) =>
    AppError.badRequest('STAFF_IN_BOTH_LISTS', 'Một người không thể vừa là giảng viên vừa là tình nguyện viên của cùng một lớp.', {
      field: 'volunteerIds',
      accountIds,
    }),
  invalidDateRange: () =>
    AppError.badRequest('INVALID_DATE_RANGE', 'Ngày kết thúc không được trước ngày bắt đầu.', { field: 'endsOn' }),
  capacityBelowEnrolment: (capacity: number, enrolled: number) =>
    AppError.conflict(
      'CAPACITY_BELOW_ENROLMENT',
      `Sĩ số tối đa (${capacity}) không được nhỏ hơn số người đang học trong lớp (${enrolled}).`,
      { field: 'capacity', capacity, enrolled },
    ),
  invalidStatusChange: (from: ClassStatus, to: ClassStatus, allowed: readonly ClassStatus[]) =>
    AppError.conflict('INVALID_STATUS_CHANGE', `Không thể chuyển lớp từ trạng thái "${from}" sang "${to}".`, { field: 'status', from, to, allowed }),

  // ---- enrolments and sessions ----
  classClosed: (status: ClassStatus) =>
    AppError.conflict('CLASS_CLOSED', 'Lớp học đã kết thúc hoặc đã hủy: không thể ghi danh hay mở buổi học mới.', { status }),
  classFull: (capacity: number) =>
    AppError.conflict('CLASS_FULL', `Lớp đã đủ sĩ số (${capacity} người).`, { capacity }),
  lessonNotInCourse: (lessonIds: string[]) =>
    AppError.badRequest('LESSON_NOT_IN_COURSE', 'Có bài học không thuộc khóa học mà lớp đang dạy.', { field: 'lessonIds', lessonIds }),
  invalidTimeRange: () =>
    AppError.badRequest('INVALID_TIME_RANGE', 'Giờ kết thúc phải sau giờ bắt đầu.', { field: 'endsAt' }),
  tooManyItems: (max: number) =>
    AppError.badRequest('ENROLMENT_ITEMS_COUNT', `Mỗi lần ghi danh từ 1 đến ${max} người (residentIds và cccds cộng lại).`, { max }),
};

/** Per-item codes of a bulk enrolment (an item is rejected with one of these; the others go on). */
export const ENROLMENT_ITEM_CODES = {
  RESIDENT_NOT_FOUND: 'Không tìm thấy người dân này trong phạm vi của bạn.',
  CCCD_FORMAT: 'Số CCCD phải gồm đúng 12 chữ số.',
  CCCD_NOT_REGISTERED: 'Chưa có người dân nào đăng ký với số CCCD này. Hãy đăng ký người dân trước.',
  CLASS_FULL: 'Lớp đã đủ sĩ số.',
} as const;
export type EnrolmentItemCode = keyof typeof ENROLMENT_ITEM_CODES;
