/**
 * The events capabilities announce through the transactional outbox (table `outbox_events`), with
 * their payloads: shared by the writers (api) and the relay and consumers (worker).
 */
export interface OutboxEventPayloads {
  /** A resident passed the final assessment of a course version (at most once per resident and version). */
  'learning.final_passed': {
    residentId: string;
    courseId: string;
    courseVersionId: string;
    attemptId: string;
    scorePercent: number;
    passedAt: string;
    /** The staff account that ran the attempt for the resident, if assisted. */
    assistedBy: string | null;
  };
  /**
   * A resident met the completion rule of a course version (exactly once per resident and version):
   * through a class teaching it (attendance and/or the final) or by self-paced learning.
   */
  'learning.course_completed': {
    residentId: string;
    courseId: string;
    courseVersionId: string;
    via: 'class' | 'self_paced';
    /** The class whose attendance counted (via 'class'); null for self-paced completion. */
    classId: string | null;
    completedAt: string;
  };
}

export type OutboxTopic = keyof OutboxEventPayloads;

export interface OutboxEvent<T extends OutboxTopic = OutboxTopic> {
  topic: T;
  /** What makes the event unique: a second event with the same key is not written. */
  dedupeKey: string;
  payload: OutboxEventPayloads[T];
}
