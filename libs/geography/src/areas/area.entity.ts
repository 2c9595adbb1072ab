import { Column, Entity, JoinColumn, OneToMany, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
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

@Entity({ name: 'geo_area_communes' })
export class AreaCommuneEntity {
  @PrimaryColumn({ name: 'area_id', type: 'uuid' }) areaId!: string;
  @PrimaryColumn({ name: 'commune_code', type: 'varchar', length: 5 }) communeCode!: string;
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  @ManyToOne(() => AreaEntity, (a) => a.members, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'area_id' })
  area!: AreaEntity;
}
