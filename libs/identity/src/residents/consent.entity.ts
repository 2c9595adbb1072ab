import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ConsentPurpose = 'training_records' | 'certificate_recognition' | 'contact_by_phone';
export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ['training_records', 'certificate_recognition', 'contact_by_phone'];
export type ConsentMethod = 'self' | 'assisted' | 'paper_form';
export const CONSENT_METHODS: readonly ConsentMethod[] = ['self', 'assisted', 'paper_form'];

@Entity({ name: 'identity_consents' })
export class ConsentEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' }) id!: string;
  @Column({ name: 'resident_id', type: 'uuid' }) residentId!: string;
  @Column({ type: 'text' }) purpose!: ConsentPurpose;
  @Column({ type: 'text' }) method!: ConsentMethod;
  @Column({ name: 'granted_at', type: 'timestamptz' }) grantedAt!: Date;
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true }) recordedBy!: string | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
  @Column({ name: 'withdrawn_by', type: 'uuid', nullable: true }) withdrawnBy!: string | null;
}
