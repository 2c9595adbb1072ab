import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { AreaCommuneEntity } from './area-commune.entity';
import type { AreaKind } from '../dto/unit.dto';

@Entity({ name: 'geo_areas' })
export class AreaEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) kind!: AreaKind;
  @Column({ name: 'search_name', type: 'text' }) searchName!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  @OneToMany(() => AreaCommuneEntity, (m) => m.area) members!: AreaCommuneEntity[];
}
