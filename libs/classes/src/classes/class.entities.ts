import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ClassStatus = 'planned' | 'open' | 'completed' | 'cancelled';
export const CLASS_STATUSES: readonly ClassStatus[] = ['planned', 'open', 'completed', 'cancelled'];

/** A class (lớp học): held in a village, or at the commune (villageCode null); `path` is that unit's. */
@Entity({ name: 'classes_classes' })
export class ClassEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'commune_code', type: 'varchar', length: 5 }) communeCode!: string;
  @Column({ name: 'village_code', type: 'varchar', length: 10, nullable: true }) villageCode!: string | null;
  @Column({ type: 'ltree' }) path!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'course_version_id', type: 'uuid' }) courseVersionId!: string;
  @Column({ type: 'integer' }) capacity!: number;
  @Column({ type: 'text' }) schedule!: string;
  @Column({ type: 'text' }) place!: string;
  @Column({ name: 'starts_on', type: 'date', nullable: true }) startsOn!: string | null;
  @Column({ name: 'ends_on', type: 'date', nullable: true }) endsOn!: string | null;
  @Column({ type: 'text' }) status!: ClassStatus;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

export type StaffKind = 'instructor' | 'volunteer';

@Entity({ name: 'classes_staff' })
export class ClassStaffEntity {
  @PrimaryColumn({ name: 'class_id', type: 'uuid' }) classId!: string;
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ type: 'text' }) kind!: StaffKind;
  @Column({ name: 'added_at', type: 'timestamptz' }) addedAt!: Date;
  @Column({ name: 'added_by', type: 'uuid', nullable: true }) addedBy!: string | null;
}

/** An enrolment; withdrawal sets `withdrawnAt` (history is kept; one current enrolment per class and resident). */
@Entity({ name: 'classes_enrolments' })
export class EnrolmentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'class_id', type: 'uuid' }) classId!: string;
  @Column({ name: 'resident_id', type: 'uuid' }) residentId!: string;
  @Column({ name: 'from_elsewhere', type: 'boolean' }) fromElsewhere!: boolean;
  @Column({ name: 'enrolled_at', type: 'timestamptz' }) enrolledAt!: Date;
  @Column({ name: 'enrolled_by', type: 'uuid', nullable: true }) enrolledBy!: string | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
  @Column({ name: 'withdrawn_by', type: 'uuid', nullable: true }) withdrawnBy!: string | null;
  @Column({ name: 'withdraw_reason', type: 'text', nullable: true }) withdrawReason!: string | null;
}

export type SessionKind = 'class' | 'home_visit';
export type SessionStatus = 'open' | 'closed';

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
