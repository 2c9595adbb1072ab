import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { VillageType } from '../dto/unit.dto';

@Entity({ name: 'geo_villages' })
export class VillageEntity {
  @PrimaryColumn({ type: 'varchar', length: 10 }) code!: string;
  @Column({ name: 'commune_code', type: 'varchar', length: 5 }) communeCode!: string;
  @Column({ type: 'integer' }) seq!: number;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) type!: VillageType;
  @Column({ name: 'search_name', type: 'text' }) searchName!: string;
  @Column({ type: 'ltree' }) path!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
}
