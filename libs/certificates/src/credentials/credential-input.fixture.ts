import type { CredentialInput } from './credential-signer';

/** A certificate's data for the specs of this folder (not used by production code). */
export function credentialInputFixture(overrides: Partial<CredentialInput> = {}): CredentialInput {
  return {
    certificateId: '5f0c8e2a-3b1d-4c6e-9a7f-2d4b6c8e0a13',
    serial: 'HN-2026-000123-K',
    issuedAt: new Date('2026-12-05T03:15:00Z'),
    holder: { residentId: '0b8f7c3e-1a2d-4e5f-8a9b-0c1d2e3f4a5b', fullName: 'Trần Văn Bảy', birthYear: 1968 },
    course: {
      id: 'ky-nang-so-co-ban',
      title: 'Kỹ năng số cơ bản',
      description: 'Sử dụng điện thoại thông minh, dịch vụ công trực tuyến và bảo vệ dữ liệu cá nhân.',
      version: 2,
      criteria: 'Tham dự đủ số buổi học và đạt bài kiểm tra cuối khóa.',
      competencies: [
        { code: 'KNS-01', name: 'Sử dụng ứng dụng VNeID' },
        { code: 'KNS-02', name: 'Nhận biết lừa đảo trực tuyến' },
      ],
    },
    issuingUnit: { code: '00004', name: 'UBND phường Ba Đình' },
    ...overrides,
  };
}
