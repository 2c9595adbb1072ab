import type { ProgressStatus } from './progress.entity';

export type LessonState = ProgressStatus | 'locked';

/**
 * In a sequential version a lesson opens once the one before it is completed (the first is always
 * open). Returns the id of the lesson that must be completed first, or null when the lesson is open.
 * `lessons` are the version's lessons in order.
 */
export function blockingLesson(
  lessons: readonly { id: string }[],
  lessonId: string,
  statusOf: (lessonId: string) => ProgressStatus,
  sequential: boolean,
): string | null {
  if (!sequential) return null;
  const index = lessons.findIndex((l) => l.id === lessonId);
  if (index <= 0) return null;
  const previous = lessons[index - 1].id;
  return statusOf(previous) === 'completed' ? null : previous;
}

/** Each lesson's state for a learner: its progress, or locked / not started when it has none. */
export function lessonStates(
  lessons: readonly { id: string }[],
  statusOf: (lessonId: string) => ProgressStatus,
  sequential: boolean,
): LessonState[] {
  return lessons.map((l) => {
    const status = statusOf(l.id);
    if (status !== 'not_started') return status;
    return blockingLesson(lessons, l.id, statusOf, sequential) ? 'locked' : 'not_started';
  });
}
