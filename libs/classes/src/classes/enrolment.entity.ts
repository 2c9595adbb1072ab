import { Column, Entity, PrimaryColumn } from 'typeorm';

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
