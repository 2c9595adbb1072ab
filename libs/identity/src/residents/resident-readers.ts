import { Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessScope, AuditLog, AuditModule, whereInScopeRanges, type AuditActor } from '@hvs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { PersonalDataCipherProvider } from '../personal-data/personal-data.provider';
import { type ConsentPurpose } from './consent.entity';
import { ResidentEntity } from './resident.entity';
import { ResidentPersonalDataCodec } from './resident-personal-data';
import { ResidentProfiles } from './resident-profiles';

/** Where a resident is registered: the unit that owns their records and scopes who sees them. */
export interface ResidentPlace {
  residentId: string;
  communeCode: string;
  villageCode: string | null;
  /** The ltree path of their village (or commune): `22.06673.0001`. */
  path: string;
}

/** Reads residents' places for other capabilities (no personal data). */
@Injectable()
export class ResidentPlaces {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(residentIds: readonly string[], manager?: EntityManager): Promise<Map<string, ResidentPlace>> {
    if (residentIds.length === 0) return new Map();
    const rows: PlaceRow[] = await (
      manager ?? this.dataSource.manager
    ).query(`SELECT id, commune_code, village_code, path::text AS path FROM identity_residents WHERE id = ANY($1::uuid[])`, [residentIds]);
    return new Map(rows.map((r) => [r.id, placeOf(r)]));
  }

  /** The active residents among `ids` registered within the scope. */
  async activeInScope(ids: readonly string[], scope: AccessScope, manager?: EntityManager): Promise<ResidentPlace[]> {
    if (ids.length === 0) return [];
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(ResidentEntity)
      .createQueryBuilder('r')
      .select(['r.id', 'r.communeCode', 'r.villageCode', 'r.path'])
      .where('r.id IN (:...ids)', { ids: [...ids] })
      .andWhere("r.status = 'active'");
    whereInScopeRanges(qb, 'r.path', scope);
    return (await qb.getMany()).map((r) => ({ residentId: r.id, communeCode: r.communeCode, villageCode: r.villageCode, path: r.path }));
  }

  /** The active residents with these CCCD keyed hashes, wherever they are registered. */
  async activeByCccdIndex(indexes: readonly Buffer[], manager?: EntityManager): Promise<Array<ResidentPlace & { cccdIndex: Buffer }>> {
    if (indexes.length === 0) return [];
    const rows: Array<PlaceRow & { cccd_index: Buffer }> = await (manager ?? this.dataSource.manager).query(
      `SELECT id, commune_code, village_code, path::text AS path, cccd_index FROM identity_residents
        WHERE cccd_index = ANY($1::bytea[]) AND status = 'active'`,
      [[...indexes]],
    );
    return rows.map((r) => ({ ...placeOf(r), cccdIndex: r.cccd_index }));
  }
}

interface PlaceRow {
  id: string;
  commune_code: string;
  village_code: string | null;
  path: string;
}

function placeOf(r: PlaceRow): ResidentPlace {
  return { residentId: r.id, communeCode: r.commune_code, villageCode: r.village_code, path: r.path };
}

/** The identity a partner checks: national id number, full name, birth date. */
export interface HolderIdentity {
  cccd: string;
  fullName: string;
  birthDate: string;
}

/** Why a resident's identity cannot be released for a purpose. */
export type HolderProblem = 'RESIDENT_NOT_FOUND' | 'RESIDENT_ERASED' | 'CONSENT_MISSING' | 'CCCD_MISSING';

export type HolderIdentityResult = { ok: true; holder: HolderIdentity } | { ok: false; problem: HolderProblem };

/**
 * Releases a resident's identity (CCCD, name, birth date) to a system process for one consented
 * purpose, decrypted here and audited (`resident.read_for_purpose`); nothing else of the record leaves.
 */
@Injectable()
export class ResidentIdentityReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly codec: ResidentPersonalDataCodec,
    private readonly audit: AuditLog,
  ) {}

  async forPurpose(residentId: string, purpose: ConsentPurpose, actor: AuditActor): Promise<HolderIdentityResult> {
    return (await this.forPurposeMany([residentId], purpose, actor)).get(residentId) as HolderIdentityResult;
  }

  /** The same for many residents at once (a batch of jobs): one query, one audit statement. */
  async forPurposeMany(residentIds: readonly string[], purpose: ConsentPurpose, actor: AuditActor): Promise<Map<string, HolderIdentityResult>> {
    const ids = [...new Set(residentIds)];
    const rows: Array<{ id: string; personal_data: Buffer | null; status: string; path: string; consented: boolean }> = ids.length
      ? await this.dataSource.query(
          `SELECT r.id, r.personal_data, r.status, r.path::text AS path,
                  EXISTS (SELECT 1 FROM identity_consents c WHERE c.resident_id = r.id AND c.purpose = $2 AND c.withdrawn_at IS NULL) AS consented
             FROM identity_residents r WHERE r.id = ANY($1::uuid[])`,
          [ids, purpose],
        )
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const results = new Map<string, HolderIdentityResult>();
    const released: Array<{ id: string; path: string }> = [];
    for (const id of ids) {
      const row = byId.get(id);
      if (!row) results.set(id, { ok: false, problem: 'RESIDENT_NOT_FOUND' });
      else if (row.status !== 'active' || !row.personal_data) results.set(id, { ok: false, problem: 'RESIDENT_ERASED' });
      else if (!row.consented) results.set(id, { ok: false, problem: 'CONSENT_MISSING' });
      else {
        const data = this.codec.decrypt(id, row.personal_data);
        if (!data.cccd) results.set(id, { ok: false, problem: 'CCCD_MISSING' });
        else {
          results.set(id, { ok: true, holder: { cccd: data.cccd, fullName: data.fullName, birthDate: data.birthDate } });
          released.push({ id, path: row.path });
        }
      }
    }
    // every release is audited before any identity leaves this method
    await this.audit.record(
      actor,
      released.map((r) => ({
        action: 'resident.read_for_purpose',
        targetType: 'resident',
        targetId: r.id,
        unitPath: r.path,
        details: { purpose, fields: ['cccd', 'fullName', 'birthDate'] },
      })),
    );
    return results;
  }
}

/** What other capabilities (and the worker) read of residents, without identity's routes or guard. */
@Module({
  imports: [AuditModule],
  providers: [PersonalDataCipherProvider, ResidentPersonalDataCodec, ResidentPlaces, ResidentIdentityReader, ResidentProfiles],
  exports: [ResidentPlaces, ResidentIdentityReader, ResidentProfiles],
})
export class ResidentReadersModule {}
