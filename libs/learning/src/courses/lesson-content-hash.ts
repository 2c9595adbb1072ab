import { createHash } from 'node:crypto';

/** Everything a lesson read returns besides its ids: what its ETag stands for. */
export interface LessonContent {
  position: number;
  slug: string;
  title: string;
  estimatedMinutes: number;
  competencies: readonly string[];
  contentMd: string;
}

/**
 * sha256 (base64url) of a lesson's content and metadata: the lesson's ETag. Positions are part of it,
 * so moving a lesson in a draft changes it (a published version never changes).
 */
export function lessonContentHash(l: LessonContent): string {
  const canonical = JSON.stringify([l.position, l.slug, l.title, l.estimatedMinutes, [...l.competencies].sort(), l.contentMd]);
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}
