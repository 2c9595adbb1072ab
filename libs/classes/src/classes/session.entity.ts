import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SessionKind = 'class' | 'home_visit';
export type SessionStatus = 'open' | 'closed';
export const SESSION_KINDS: readonly SessionKind[] = ['class', 'home_visit'];
export const SESSION_STATUSES: readonly SessionStatus[] = ['open', 'closed'];

/** A session (buổi học) of a class, numbered per class and day; a home visit is a session for one resident. */
@Entity({ name: 'classes_sessions' })
export class SessionEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'class_id', type: 'uuid' }) classId!: string;
  @Column({ type: 'text' }) kind!: SessionKind;
  @Column({ name: 'visited_resident_id', type: 'uuid', nullable: true }) visitedResidentId!: string | null;
  /** The day, YYYY-MM-DD (Vietnam's calendar day). */
  @Column({ type: 'date' }) date!: string;
  @Column({ type: 'integer' }) number!: number;
  @Column({ name: 'starts_at', type: 'time', nullable: true }) startsAt!: string | null;
  @Column({ name: 'ends_at', type: 'time', nullable: true }) endsAt!: string | null;
  @Column({ type: 'text' }) place!: string;
  @Column({ name: 'lesson_ids', type: 'uuid', array: true }) lessonIds!: string[];
  @Column({ type: 'text' }) note!: string;
  @Column({ type: 'text' }) status!: SessionStatus;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'closed_by', type: 'uuid', nullable: true }) closedBy!: string | null;
}
