import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ProgressStatus = 'not_started' | 'in_progress' | 'completed';

/** A resident's progress in one lesson (no row: not started). `path` is the resident's unit, for scoped reads. */
@Entity({ name: 'learning_progress' })
export class ProgressEntity {
  @PrimaryColumn({ name: 'resident_id', type: 'uuid' }) residentId!: string;
  @PrimaryColumn({ name: 'lesson_id', type: 'uuid' }) lessonId!: string;
  @Column({ name: 'version_id', type: 'uuid' }) versionId!: string;
  @Column({ type: 'ltree' }) path!: string;
  @Column({ type: 'text' }) status!: Exclude<ProgressStatus, 'not_started'>;
  @Column({ name: 'time_spent_s', type: 'integer' }) timeSpentS!: number;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A resident's standing in a course version (one row once they start it). */
@Entity({ name: 'learning_course_progress' })
export class CourseProgressEntity {
  @PrimaryColumn({ name: 'resident_id', type: 'uuid' }) residentId!: string;
  @PrimaryColumn({ name: 'version_id', type: 'uuid' }) versionId!: string;
  @Column({ type: 'ltree' }) path!: string;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'lessons_completed', type: 'integer' }) lessonsCompleted!: number;
  @Column({ name: 'final_attempts', type: 'integer' }) finalAttempts!: number;
  @Column({ name: 'best_score_percent', type: 'numeric', precision: 5, scale: 2, nullable: true }) bestScorePercent!: string | null;
  @Column({ name: 'final_passed_at', type: 'timestamptz', nullable: true }) finalPassedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
