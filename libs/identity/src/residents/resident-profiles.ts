import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ResidentPersonalDataCodec } from './resident-personal-data';

/**
 * What statistics need of an active resident: where they are registered, their birth date (decrypted
 * here, for the exact age on a date), sex and the groups the coverage figures split by. No name, no
 * CCCD, no phone leaves. Erased residents are absent from the answer.
 */
export interface ResidentProfile {
  residentId: string;
  communeCode: string;
  villageCode: string | null;
  path: string;
  birthDate: string;
  sex: 'male' | 'female';
  ethnicMinority: boolean;
  disability: boolean;
  poverty: 'none' | 'near_poor' | 'poor';
  noSmartphone: boolean;
}

interface ProfileRow {
  id: string;
  commune_code: string;
  village_code: string | null;
  path: string;
  personal_data: Buffer;
  sex: 'male' | 'female';
  ethnic_minority: boolean;
  disability: boolean;
  poverty: 'none' | 'near_poor' | 'poor';
  no_smartphone: boolean;
}

const PROFILE_COLUMNS = `id, commune_code, village_code, path::text AS path, personal_data, sex, ethnic_minority, disability, poverty, no_smartphone`;

/** Reads residents' profiles for the coverage figures (reporting's projection and its recount). */
@Injectable()
export class ResidentProfiles {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly codec: ResidentPersonalDataCodec,
  ) {}

  /** The active residents among `ids`. */
  async of(ids: readonly string[], manager?: EntityManager): Promise<Map<string, ResidentProfile>> {
    if (ids.length === 0) return new Map();
    const rows: ProfileRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${PROFILE_COLUMNS} FROM identity_residents WHERE id = ANY($1::uuid[]) AND status = 'active'`,
      [[...ids]],
    );
    return new Map(rows.map((r) => [r.id, this.profileOf(r)]));
  }

  /** A page of every active resident, by id after `afterId` (for a recount of everything). */
  async page(afterId: string | null, limit: number): Promise<ResidentProfile[]> {
    const rows: ProfileRow[] = await this.dataSource.query(
      `SELECT ${PROFILE_COLUMNS} FROM identity_residents WHERE status = 'active' AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => this.profileOf(r));
  }

  private profileOf(r: ProfileRow): ResidentProfile {
    return {
      residentId: r.id,
      communeCode: r.commune_code,
      villageCode: r.village_code,
      path: r.path,
      birthDate: this.codec.decrypt(r.id, r.personal_data).birthDate,
      sex: r.sex,
      ethnicMinority: r.ethnic_minority,
      disability: r.disability,
      poverty: r.poverty,
      noSmartphone: r.no_smartphone,
    };
  }
}
