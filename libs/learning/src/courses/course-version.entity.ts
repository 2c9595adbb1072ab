import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CompletionRule } from '../completion/completion-rule';

export type CourseVersionStatus = 'draft' | 'published' | 'retired';

/**
 * One version of a course. Only a draft can change; publishing makes it the course's current version
 * (the previous one becomes 'retired' and stays, since attempts and certificates point at it).
 */
@Entity({ name: 'learning_course_versions' })
export class CourseVersionEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'course_id', type: 'uuid' }) courseId!: string;
  @Column({ type: 'integer' }) number!: number;
  @Column({ type: 'text' }) status!: CourseVersionStatus;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) summary!: string;
  /** Lessons unlock one after the other (the previous must be completed). */
  @Column({ type: 'boolean' }) sequential!: boolean;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  @Column({ name: 'published_by', type: 'uuid', nullable: true }) publishedBy!: string | null;
  /** When a resident has completed this version (completion/completion-rule.ts); authors set it on drafts. */
  @Column({ name: 'completion_rule', type: 'jsonb' }) completionRule!: CompletionRule;
}
