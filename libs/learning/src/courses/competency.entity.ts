import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'learning_competencies' })
export class CompetencyEntity {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @Column({ name: 'domain_code', type: 'text' }) domainCode!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'integer' }) position!: number;
}
