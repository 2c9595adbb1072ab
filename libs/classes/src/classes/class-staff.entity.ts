import { Column, Entity, PrimaryColumn } from 'typeorm';

export type StaffKind = 'instructor' | 'volunteer';

@Entity({ name: 'classes_staff' })
export class ClassStaffEntity {
  @PrimaryColumn({ name: 'class_id', type: 'uuid' }) classId!: string;
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ type: 'text' }) kind!: StaffKind;
  @Column({ name: 'added_at', type: 'timestamptz' }) addedAt!: Date;
  @Column({ name: 'added_by', type: 'uuid', nullable: true }) addedBy!: string | null;
}
