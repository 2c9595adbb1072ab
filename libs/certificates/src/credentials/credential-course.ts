import type { CredentialInput } from './credential-signer';

/** What the credential says of the course: built from the certificate's course version and how it was earned. */
export interface CredentialCourseSource {
  courseId: string;
  courseCode: string;
  versionNumber: number;
  via: 'class' | 'self_paced';
  /** The version's title; the course code stands in when the version cannot be read. */
  title?: string | null;
  competencies?: readonly { code: string; name: string }[];
}

/** The course part of a credential, in Vietnamese: the same text for the issuer, the seed and the test fixtures. */
export function credentialCourse(source: CredentialCourseSource): CredentialInput['course'] {
  const title = source.title ?? source.courseCode;
  return {
    id: source.courseId,
    title,
    description: `Khóa học "${title}" (mã ${source.courseCode}), phiên bản ${source.versionNumber}, trên nền tảng Học Vụ Số.`,
    version: source.versionNumber,
    criteria:
      source.via === 'class'
        ? 'Tham gia đủ số buổi học của lớp theo quy định và đạt bài kiểm tra cuối khóa.'
        : 'Hoàn thành tất cả các bài học và đạt bài kiểm tra cuối khóa.',
    competencies: source.competencies ?? [],
  };
}
