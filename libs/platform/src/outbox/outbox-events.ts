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
  /**
   * A resident's identifying data changed (full name, birth date or CCCD), e.g. corrected by a commune
   * officer: certificates the partner rejected on that data go back to `pending`.
   */
  'identity.resident_corrected': {
    residentId: string;
    /** Which of the identifying fields changed. */
    fields: Array<'fullName' | 'birthDate' | 'nationalId'>;
    correctedBy: string | null;
    correctedAt: string;
  };
  /**
   * A resident gave consent for more purposes (only those newly granted): certificates rejected for
   * want of the recognition consent go back to `pending`.
   */
  'identity.consent_granted': {
    residentId: string;
    purposes: string[];
    grantedBy: string | null;
    grantedAt: string;
  };
  /** The partner recognised a certificate (once per certificate and submission). */
  'certificates.recognised': {
    certificateId: string;
    residentId: string;
    courseVersionId: string;
    communeCode: string;
    villageCode: string | null;
    partnerReference: string;
    recognisedAt: string;
  };
  /** A commune officer revoked a certificate; the worker tells the partner. */
  'certificates.revoked': {
    certificateId: string;
    residentId: string;
    courseVersionId: string;
    communeCode: string;
    villageCode: string | null;
    /** Whether the partner held it (it was recognised before the revocation). */
    wasRecognised: boolean;
    reason: string;
    revokedBy: string;
    revokedAt: string;
  };
  /**
   * Something the coverage figures count changed for these residents (registered, moved, corrected,
   * erased; enrolled, attended; a certificate changed state): reporting brings its projection of them up
   * to date. One event per transaction of the change; the key is unique per event.
   */
  'identity.residents_changed': ResidentsChanged;
  'classes.residents_changed': ResidentsChanged;
  'certificates.residents_changed': ResidentsChanged;
}

/** The residents whose facts changed (at most a batch's: 1,000). */
export interface ResidentsChanged {
  residentIds: string[];
}

export type OutboxTopic = keyof OutboxEventPayloads;

export interface OutboxEvent<T extends OutboxTopic = OutboxTopic> {
  topic: T;
  /** What makes the event unique: a second event with the same key is not written. */
  dedupeKey: string;
  payload: OutboxEventPayloads[T];
}
