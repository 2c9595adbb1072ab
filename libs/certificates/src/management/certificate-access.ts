import { AppError, CodeParamPipe, UUID_FORMAT, type Caller } from '@hvs/platform';

/**
 * Who may do what with certificates (docs/certificates.md, "Officers"):
 * - read the lists, one certificate with its history, the counts by state: officers and
 *   administrators, on the certificates whose unit lies in their scope (instructors and residents: 403);
 * - revoke and re-submit one certificate: commune officers of its commune and administrators;
 * - re-drive failed or rejected certificates in bulk: officers and administrators, in their scope;
 * - a resident: their own certificates only (`/me/certificates`).
 * A certificate outside the caller's scope answers 404 CERTIFICATE_NOT_FOUND, like an unknown one.
 */
export const CERTIFICATE_READERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer'];
export const CERTIFICATE_FIXERS = ['administrator', 'commune_officer'];
export const CERTIFICATE_REDRIVERS = CERTIFICATE_READERS;

export const CertificateIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_CERTIFICATE_ID', 'Mã chứng nhận phải là một UUID.');

/** What the history of a certificate names as who moved it: an account id, or a system process. */
export function actorOf(caller: Caller): string {
  return caller.account.id;
}

export const CertificateErrors = {
  notFound: (id: string) => AppError.notFound('CERTIFICATE_NOT_FOUND', 'Không tìm thấy chứng nhận này.', { id }),
  alreadyRevoked: (id: string) => AppError.conflict('CERTIFICATE_ALREADY_REVOKED', 'Chứng nhận này đã bị thu hồi trước đó.', { id }),
  notResubmittable: (id: string, state: string) =>
    AppError.conflict(
      'CERTIFICATE_NOT_RESUBMITTABLE',
      'Chỉ có thể gửi lại chứng nhận đang ở trạng thái bị từ chối hoặc gửi thất bại.',
      { id, state },
    ),
  invalidUnit: (unit: string) =>
    AppError.badRequest('INVALID_UNIT', 'Mã đơn vị phải là mã tỉnh (2 chữ số), mã xã/phường (5 chữ số) hoặc mã thôn/tổ dân phố (ví dụ 06673-0001).', {
      field: 'unit',
      value: unit.slice(0, 64),
    }),
};
