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
