import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AccountScope, Role } from './roles';

@Entity({ name: 'identity_accounts' })
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) role!: Role;
  @Column({ type: 'citext', nullable: true }) username!: string | null;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false }) passwordHash!: string | null;
  @Column({ name: 'scope_province_code', type: 'varchar', length: 2, nullable: true }) scopeProvinceCode!: string | null;
  @Column({ name: 'scope_area_id', type: 'uuid', nullable: true }) scopeAreaId!: string | null;
  @Column({ name: 'scope_commune_code', type: 'varchar', length: 5, nullable: true }) scopeCommuneCode!: string | null;
  /** The account's place in the tree (null for administrators and residents): see the AccountScopePath migration. */
  @Column({ name: 'scope_path', type: 'ltree', nullable: true }) scopePath!: string | null;
  @Column({ type: 'text', default: 'active' }) status!: 'active' | 'disabled';
  @Column({ name: 'session_epoch', type: 'integer', default: 0 }) sessionEpoch!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true }) passwordChangedAt!: Date | null;
}

export function scopeOf(a: Pick<AccountEntity, 'role' | 'scopeProvinceCode' | 'scopeAreaId' | 'scopeCommuneCode'>): AccountScope {
  if (a.role === 'administrator') return { kind: 'country' };
  if (a.scopeCommuneCode) return { kind: 'commune', communeCode: a.scopeCommuneCode };
  if (a.scopeAreaId) return { kind: 'area', areaId: a.scopeAreaId };
  if (a.scopeProvinceCode) return { kind: 'province', provinceCode: a.scopeProvinceCode };
  return { kind: 'self' };
}
