import { Column, Entity, PrimaryColumn } from 'typeorm';

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
