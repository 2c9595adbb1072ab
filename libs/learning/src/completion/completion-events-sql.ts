import { outboxInsertFrom } from '@hvs/platform';

/**
 * The `learning.course_completed` events of self-paced completions of one course version by many
 * residents ($1 course id, $2 version id, $3 resident ids), keyed as learning keys them: how a bulk load
 * (the certificate benchmark, the reliability proof) announces completions without replaying lessons.
 */
export const SELF_PACED_COMPLETIONS_OUTBOX_SQL = outboxInsertFrom(
  `SELECT 'learning.course_completed', 'learning.course_completed:' || r || ':' || $2::text,
          jsonb_build_object('residentId', r, 'courseId', $1::text, 'courseVersionId', $2::text, 'via', 'self_paced',
                             'classId', NULL, 'completedAt', now())
     FROM unnest($3::uuid[]) AS r`,
);
