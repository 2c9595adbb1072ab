import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AreaEntity } from './area.entity';

@Entity({ name: 'geo_area_communes' })
export class AreaCommuneEntity {
  @PrimaryColumn({ name: 'area_id', type: 'uuid' }) areaId!: string;
  @PrimaryColumn({ name: 'commune_code', type: 'varchar', length: 5 }) communeCode!: string;
  @Column({ name: 'province_code', type: 'varchar', length: 2 }) provinceCode!: string;
  @ManyToOne(() => AreaEntity, (a) => a.members, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'area_id' })
  area!: AreaEntity;
}
