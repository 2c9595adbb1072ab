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
