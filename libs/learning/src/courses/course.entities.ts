import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CompletionRule } from '../completion/completion-rule';

/** The competency framework (Learning migration): seven domains, each with a few competencies. */
@Entity({ name: 'learning_domains' })
export class DomainEntity {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'integer' }) position!: number;
}

@Entity({ name: 'learning_competencies' })
export class CompetencyEntity {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @Column({ name: 'domain_code', type: 'text' }) domainCode!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'integer' }) position!: number;
}

/** A course: national (offeredByProvince null) or offered by one province. Its content lives in versions. */
@Entity({ name: 'learning_courses' })
export class CourseEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ name: 'offered_by_province', type: 'varchar', length: 2, nullable: true }) offeredByProvince!: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

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

@Entity({ name: 'learning_lessons' })
export class LessonEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'version_id', type: 'uuid' }) versionId!: string;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'text' }) slug!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'content_md', type: 'text' }) contentMd!: string;
  @Column({ name: 'estimated_minutes', type: 'integer' }) estimatedMinutes!: number;
  /** sha256 (base64url) of the lesson's content and metadata: the ETag of its content. */
  @Column({ name: 'content_hash', type: 'text' }) contentHash!: string;
}

@Entity({ name: 'learning_lesson_competencies' })
export class LessonCompetencyEntity {
  @PrimaryColumn({ name: 'lesson_id', type: 'uuid' }) lessonId!: string;
  @PrimaryColumn({ name: 'competency_code', type: 'text' }) competencyCode!: string;
}

export type QuestionType = 'single' | 'multiple' | 'true_false';
export const QUESTION_TYPES: readonly QuestionType[] = ['single', 'multiple', 'true_false'];

export interface QuestionOption {
  key: string;
  text: string;
}

/** A question of a version's bank. `correctKeys` never leaves the server before the attempt is submitted. */
@Entity({ name: 'learning_questions' })
export class QuestionEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'version_id', type: 'uuid' }) versionId!: string;
  @Column({ type: 'text' }) key!: string;
  @Column({ name: 'lesson_id', type: 'uuid' }) lessonId!: string;
  @Column({ name: 'competency_code', type: 'text' }) competencyCode!: string;
  @Column({ type: 'text' }) type!: QuestionType;
  @Column({ type: 'text' }) prompt!: string;
  @Column({ type: 'jsonb' }) options!: QuestionOption[];
  @Column({ name: 'correct_keys', type: 'text', array: true }) correctKeys!: string[];
  @Column({ type: 'text' }) explanation!: string;
}

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
