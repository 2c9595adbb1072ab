import { Column, Entity, PrimaryColumn } from 'typeorm';

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
