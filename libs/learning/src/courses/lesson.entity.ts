import { Column, Entity, PrimaryColumn } from 'typeorm';

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
