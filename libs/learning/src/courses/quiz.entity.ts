import { Column, Entity, PrimaryColumn } from 'typeorm';

export type QuizKind = 'lesson_check' | 'final';
export type DeadlinePolicy = 'refuse' | 'auto_submit';

/** A quiz definition: how many questions are drawn from the bank and under which rules. */
@Entity({ name: 'learning_quizzes' })
export class QuizEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'version_id', type: 'uuid' }) versionId!: string;
  @Column({ type: 'text' }) kind!: QuizKind;
  /** The lesson of a lesson check (its questions come from that lesson); null for the final assessment. */
  @Column({ name: 'lesson_id', type: 'uuid', nullable: true }) lessonId!: string | null;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'question_count', type: 'integer' }) questionCount!: number;
  /** Optional: how many questions to draw per competency code (summing to questionCount). */
  @Column({ name: 'per_competency', type: 'jsonb', nullable: true }) perCompetency!: Record<string, number> | null;
  @Column({ name: 'time_limit_s', type: 'integer', nullable: true }) timeLimitS!: number | null;
  @Column({ name: 'max_attempts', type: 'integer', nullable: true }) maxAttempts!: number | null;
  @Column({ name: 'cooldown_s', type: 'integer' }) cooldownS!: number;
  @Column({ name: 'pass_percent', type: 'integer' }) passPercent!: number;
  @Column({ name: 'on_deadline', type: 'text' }) onDeadline!: DeadlinePolicy;
}
