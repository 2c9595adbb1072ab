import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The competency framework (Learning migration): seven domains, each with a few competencies. */
@Entity({ name: 'learning_domains' })
export class DomainEntity {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'integer' }) position!: number;
}
