import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Sex } from '../personal-data/cccd';

export type Poverty = 'none' | 'near_poor' | 'poor';
export type RegistrationMethod = 'self' | 'assisted' | 'import';

/** A resident (see the ResidentsRegistry migration): personal fields only inside `personalData`, encrypted. */
@Entity({ name: 'identity_residents' })
export class ResidentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'commune_code', type: 'varchar', length: 5 }) communeCode!: string;
  @Column({ name: 'village_code', type: 'varchar', length: 10, nullable: true }) villageCode!: string | null;
  @Column({ type: 'ltree' }) path!: string;
  @Column({ name: 'personal_data', type: 'bytea', nullable: true }) personalData!: Buffer | null;
  @Column({ name: 'name_tokens', type: 'bigint', array: true }) nameTokens!: string[];
  @Column({ name: 'cccd_index', type: 'bytea', nullable: true }) cccdIndex!: Buffer | null;
  @Column({ name: 'phone_index', type: 'bytea', nullable: true }) phoneIndex!: Buffer | null;
  @Column({ name: 'dedupe_index', type: 'bytea', nullable: true }) dedupeIndex!: Buffer | null;
  @Column({ name: 'birth_year', type: 'smallint' }) birthYear!: number;
  @Column({ type: 'text' }) sex!: Sex;
  @Column({ name: 'ethnic_minority', type: 'boolean' }) ethnicMinority!: boolean;
  @Column({ type: 'boolean' }) disability!: boolean;
  @Column({ type: 'text' }) poverty!: Poverty;
  @Column({ name: 'no_smartphone', type: 'boolean' }) noSmartphone!: boolean;
  @Column({ name: 'account_id', type: 'uuid', nullable: true }) accountId!: string | null;
  @Column({ name: 'registered_by', type: 'uuid', nullable: true }) registeredBy!: string | null;
  @Column({ name: 'registration_method', type: 'text' }) registrationMethod!: RegistrationMethod;
  @Column({ type: 'text' }) status!: 'active' | 'erased';
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true }) erasedAt!: Date | null;
}
