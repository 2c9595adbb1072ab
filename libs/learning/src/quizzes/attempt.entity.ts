import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A drawn question of an attempt, with its options in the order this attempt shows them. */
export interface AttemptQuestion {
  id: string;
  options: string[];
}

/** Per question, after submission. */
export interface AttemptQuestionResult {
  id: string;
  correct: boolean;
}

export type AttemptStatus = 'in_progress' | 'submitted';

/**
 * One attempt at a quiz. The drawn questions and option orders are stored (and reproducible from
 * `seed`); answers are saved as they come (resume after a dropped connection); scoring happens once, on
 * the server, at submission. `path` is the resident's unit at the start, for scoped figures.
 */
@Entity({ name: 'learning_attempts' })
export class AttemptEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'quiz_id', type: 'uuid' }) quizId!: string;
  @Column({ name: 'version_id', type: 'uuid' }) versionId!: string;
  @Column({ name: 'resident_id', type: 'uuid' }) residentId!: string;
  @Column({ type: 'ltree' }) path!: string;
  @Column({ type: 'integer' }) number!: number;
  @Column({ type: 'integer' }) seed!: number;
  @Column({ type: 'jsonb' }) questions!: AttemptQuestion[];
  /** questionId -> chosen option keys. */
  @Column({ type: 'jsonb' }) answers!: Record<string, string[]>;
  @Column({ type: 'text' }) status!: AttemptStatus;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true }) deadlineAt!: Date | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'auto_submitted', type: 'boolean' }) autoSubmitted!: boolean;
  @Column({ name: 'question_count', type: 'integer' }) questionCount!: number;
  @Column({ name: 'correct_count', type: 'integer', nullable: true }) correctCount!: number | null;
  @Column({ name: 'score_percent', type: 'numeric', precision: 5, scale: 2, nullable: true }) scorePercent!: string | null;
  @Column({ type: 'boolean', nullable: true }) passed!: boolean | null;
  @Column({ type: 'jsonb', nullable: true }) results!: AttemptQuestionResult[] | null;
  /** The staff account that ran the attempt with the resident (no phone), if assisted. */
  @Column({ name: 'assisted_by', type: 'uuid', nullable: true }) assistedBy!: string | null;
}
