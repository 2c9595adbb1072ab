import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A course: national (offeredByProvince null) or offered by one province. Its content lives in versions. */
@Entity({ name: 'learning_courses' })
export class CourseEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ name: 'offered_by_province', type: 'varchar', length: 2, nullable: true }) offeredByProvince!: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
