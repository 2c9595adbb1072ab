import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog, isUniqueViolation, normalizeSearchText, type AuditEntry, type Caller } from '@hvs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Sex } from '../../personal-data/cccd';
import { PersonalDataCipher } from '../../personal-data/personal-data-cipher';
import type { Poverty } from '../resident.entity';
import { ResidentPersonalDataCodec, type ResidentPersonalData } from '../resident-personal-data';
import { RowProblems } from './import-errors';
import type { ImportRowValues } from './import-row';
import type { ImportCounts, ImportRowError } from './resident-import.repository';
import { ResidentImportRepository } from './resident-import.repository';

/** A valid row with everything computed that does not depend on the database (hashes; blob for a new resident). */
export interface PreparedRow {
  line: number;
  values: ImportRowValues;
  data: ResidentPersonalData;
  cccdIndex: Buffer | null;
  dedupeIndex: Buffer;
  phoneIndex: Buffer | null;
  nameTokens: string[];
  /** Id and encrypted blob if the row turns out to be a new resident (the blob is bound to the id). */
  newId: string;
  newBlob: Buffer;
}

/** A run of consecutive lines of the file: the valid rows to write and the rows already rejected. */
export interface ImportBatch {
  index: number;
  firstLine: number;
  lastLine: number;
  /** Data rows covered (valid + rejected). */
  total: number;
  rows: PreparedRow[];
  rejectedRows: number;
  errors: ImportRowError[];
}

export interface ImportTarget {
  importId: string;
  communeCode: string;
  communePath: string;
  /** Active villages of the commune: code -> path. */
  villagePaths: ReadonlyMap<string, string>;
  caller: Caller;
}

export interface BatchOutcome {
  counts: ImportCounts;
  /** Every rejected row of the batch, in line order. */
  errors: ImportRowError[];
  /** How many of `errors` were stored on the import record (the rest is past the cap). */
  storedErrors: number;
}

/** What a resident row holds that an import can change. */
interface ExistingResident {
  id: string;
  communeCode: string;
  villageCode: string | null;
  path: string;
  personalData: Buffer;
  cccdIndex: Buffer | null;
  dedupeIndex: Buffer | null;
  sex: Sex;
  ethnicMinority: boolean;
  disability: boolean;
  poverty: Poverty;
  noSmartphone: boolean;
}

/** The stored form of a resident row as written by a batch. */
interface ResidentWrite {
  id: string;
  villageCode: string | null;
  path: string;
  personalData: Buffer;
  nameTokens: string[];
  cccdIndex: Buffer | null;
  phoneIndex: Buffer | null;
  dedupeIndex: Buffer;
  birthYear: number;
  sex: Sex;
  ethnicMinority: boolean;
  disability: boolean;
  poverty: Poverty;
  noSmartphone: boolean;
}

class BatchRaceError extends Error {}

/** The keyed hash of ResidentPersonalDataCodec.indexes().dedupeIndex (checked against it at start). */
const DEDUPE_PURPOSE = 'identity.resident.dedupe';
/** Name words whose tokens are kept (Vietnamese names reuse a few thousand syllables). */
const TOKEN_CACHE_WORDS = 20_000;
const ATTEMPTS = 3;
const key = (b: Buffer) => b.toString('latin1');

/**
 * Writes an import batch in one transaction: finds the residents the rows already are (same CCCD, or
 * for rows without one, same name + birth date in the commune), inserts the new ones with their paper
 * consent in one multi-row INSERT, updates the changed ones in one multi-row UPDATE, leaves the
 * unchanged alone, writes the audit entries (one per resident written, one for the batch) and the
 * batch's counts on the import record. A CCCD held by a resident of another commune is reported,
 * never moved. If a concurrent registration takes a CCCD or a name + birth date between the lookup and
 * the write, the batch is rolled back and planned again.
 */
@Injectable()
export class ResidentImportWriter {
  private readonly wordTokens = new Map<string, string[]>();

  constructor(
    private readonly codec: ResidentPersonalDataCodec,
    private readonly cipher: PersonalDataCipher,
    private readonly imports: ResidentImportRepository,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    // the import computes the duplicate key alone (codec.indexes() would also hash every name prefix): it must be the same key
    const sample = { fullName: 'Nguyễn Thị Mẫu', birthDate: '1950-01-02', cccd: null, phone: null };
    if (!this.dedupeIndex('nguyen thi mau', sample.birthDate, '00001').equals(codec.indexes(sample, '00001').dedupeIndex)) {
      throw new Error('ResidentImportWriter: duplicate-person key differs from ResidentPersonalDataCodec.indexes()');
    }
  }

  /** Hashes and (for a new resident) encrypts a checked row: the CPU work, done while the previous batch is written. */
  prepare(line: number, values: ImportRowValues, communeCode: string): PreparedRow {
    const data: ResidentPersonalData = { fullName: values.fullName, birthDate: values.birthDate, cccd: values.cccd, phone: values.phone };
    const normalizedName = normalizeSearchText(values.fullName);
    const newId = uuidv7();
    return {
      line,
      values,
      data,
      cccdIndex: values.cccd ? this.codec.cccdIndex(values.cccd) : null,
      dedupeIndex: this.dedupeIndex(normalizedName, values.birthDate, communeCode),
      phoneIndex: values.phone ? this.codec.phoneIndex(values.phone) : null,
      nameTokens: this.nameTokens(normalizedName),
      newId,
      newBlob: this.codec.encrypt(newId, data),
    };
  }

  /** The duplicate-person key of a row (name normalised for search), as ResidentPersonalDataCodec.indexes computes it. */
  private dedupeIndex(normalizedName: string, birthDate: string, communeCode: string): Buffer {
    return this.cipher.index(`${normalizedName}|${birthDate}|${communeCode}`, DEDUPE_PURPOSE);
  }

  async write(batch: ImportBatch, target: ImportTarget, errorCapacity: number): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((tx) => this.writeOnce(tx, batch, target, errorCapacity));
      } catch (err) {
        if (attempt >= ATTEMPTS || !(err instanceof BatchRaceError || isUniqueViolation(err))) throw err;
      }
    }
  }

  private async writeOnce(tx: EntityManager, batch: ImportBatch, target: ImportTarget, errorCapacity: number): Promise<BatchOutcome> {
    const { byCccd, byDedupe } = await this.existing(tx, batch.rows);
    const inserts: ResidentWrite[] = [];
    const updates: Array<{ write: ResidentWrite; fields: string[]; line: number }> = [];
    const errors: ImportRowError[] = [...batch.errors];
    const claimed = new Set<string>();
    let unchanged = 0;
    let rejected = batch.rejectedRows;

    for (const row of batch.rows) {
      let existing = row.cccdIndex ? byCccd.get(key(row.cccdIndex)) : undefined;
      if (existing && existing.communeCode !== target.communeCode) {
        errors.push({ line: row.line, ...RowProblems.cccdInOtherCommune() });
        rejected++;
        continue;
      }
      // same name + birth date in the commune, registered without a CCCD: the same person (a CCCD in the file completes the record)
      if (!existing) existing = byDedupe.get(key(row.dedupeIndex));
      if (existing && claimed.has(existing.id)) existing = undefined;
      if (!existing) {
        inserts.push(this.toWrite(row, row.newId, row.newBlob, undefined, target));
        continue;
      }
      claimed.add(existing.id);
      const fields = this.changedFields(existing, row);
      if (fields.length === 0) {
        unchanged++;
        continue;
      }
      updates.push({ write: this.toWrite(row, existing.id, this.codec.encrypt(existing.id, row.data), existing, target), fields, line: row.line });
    }

    if (inserts.length) {
      const inserted = await this.insert(tx, inserts, target);
      // a row registered meanwhile (same CCCD or name + birth date): plan the batch again, it is now "existing"
      if (inserted !== inserts.length) throw new BatchRaceError(`${inserts.length - inserted} row(s) registered concurrently`);
      await tx.query(
        `INSERT INTO identity_consents (resident_id, purpose, method, recorded_by)
         SELECT id, 'training_records', 'paper_form', $2 FROM unnest($1::uuid[]) AS id`,
        [inserts.map((r) => r.id), target.caller.account.id],
      );
    }
    if (updates.length) await this.update(tx, updates.map((u) => u.write));

    const counts: ImportCounts = { total: batch.total, created: inserts.length, updated: updates.length, unchanged, rejected };
    const auditEntries: AuditEntry[] = [
      ...inserts.map((r) => ({
        action: 'resident.create',
        targetType: 'resident',
        targetId: r.id,
        unitPath: r.path,
        details: { importId: target.importId, consent: { purposes: ['training_records'], method: 'paper_form' } },
      })),
      ...updates.map((u) => ({
        action: 'resident.update',
        targetType: 'resident',
        targetId: u.write.id,
        unitPath: u.write.path,
        details: { importId: target.importId, fields: u.fields },
      })),
      {
        action: 'resident.import',
        targetType: 'resident_import',
        targetId: target.importId,
        unitPath: target.communePath,
        details: { batch: batch.index, lines: [batch.firstLine, batch.lastLine], ...counts },
      },
    ];
    await this.audit.record(target.caller, auditEntries, tx);

    errors.sort((a, b) => a.line - b.line);
    const stored = errors.slice(0, Math.max(0, errorCapacity));
    await this.imports.addBatch(tx, target.importId, counts, stored, errors.length > stored.length);
    return { counts, errors, storedErrors: stored.length };
  }

  /** Residents the batch's rows may already be: by CCCD, and (without CCCD) by name + birth date in the commune; locked. */
  private async existing(tx: EntityManager, rows: PreparedRow[]) {
    const byCccd = new Map<string, ExistingResident>();
    const byDedupe = new Map<string, ExistingResident>();
    if (rows.length === 0) return { byCccd, byDedupe };
    const found: Array<Record<string, unknown>> = await tx.query(
      `SELECT id, commune_code, village_code, path::text AS path, personal_data, cccd_index, dedupe_index, sex,
              ethnic_minority, disability, poverty, no_smartphone
         FROM identity_residents
        WHERE status = 'active'
          AND (cccd_index = ANY($1::bytea[]) OR (cccd_index IS NULL AND dedupe_index = ANY($2::bytea[])))
        FOR UPDATE`,
      [rows.filter((r) => r.cccdIndex).map((r) => r.cccdIndex), rows.map((r) => r.dedupeIndex)],
    );
    for (const f of found) {
      const resident: ExistingResident = {
        id: f.id as string,
        communeCode: f.commune_code as string,
        villageCode: f.village_code as string | null,
        path: f.path as string,
        personalData: f.personal_data as Buffer,
        cccdIndex: f.cccd_index as Buffer | null,
        dedupeIndex: f.dedupe_index as Buffer | null,
        sex: f.sex as Sex,
        ethnicMinority: f.ethnic_minority as boolean,
        disability: f.disability as boolean,
        poverty: f.poverty as Poverty,
        noSmartphone: f.no_smartphone as boolean,
      };
      if (resident.cccdIndex) byCccd.set(key(resident.cccdIndex), resident);
      else if (resident.dedupeIndex) byDedupe.set(key(resident.dedupeIndex), resident);
    }
    return { byCccd, byDedupe };
  }

  /** Names of the fields the row changes on an existing resident (optional columns absent from the file change nothing). */
  private changedFields(existing: ExistingResident, row: PreparedRow): string[] {
    const current = this.codec.decrypt(existing.id, existing.personalData);
    const v = row.values;
    const fields: string[] = [];
    if (current.fullName !== row.data.fullName) fields.push('fullName');
    if (current.birthDate !== row.data.birthDate) fields.push('birthDate');
    if (current.cccd !== row.data.cccd) fields.push('cccd');
    if (current.phone !== row.data.phone) fields.push('phone');
    if (existing.sex !== v.sex) fields.push('sex');
    if (v.villageCode !== undefined && v.villageCode !== existing.villageCode) fields.push('villageCode');
    if (v.ethnicMinority !== undefined && v.ethnicMinority !== existing.ethnicMinority) fields.push('ethnicMinority');
    if (v.disability !== undefined && v.disability !== existing.disability) fields.push('disability');
    if (v.poverty !== undefined && v.poverty !== existing.poverty) fields.push('poverty');
    if (v.noSmartphone !== undefined && v.noSmartphone !== existing.noSmartphone) fields.push('noSmartphone');
    return fields;
  }

  private toWrite(row: PreparedRow, id: string, blob: Buffer, existing: ExistingResident | undefined, target: ImportTarget): ResidentWrite {
    const v = row.values;
    const villageCode = v.villageCode === undefined ? (existing?.villageCode ?? null) : v.villageCode;
    return {
      id,
      villageCode,
      path: (villageCode && target.villagePaths.get(villageCode)) || target.communePath,
      personalData: blob,
      nameTokens: row.nameTokens,
      cccdIndex: row.cccdIndex,
      phoneIndex: row.phoneIndex,
      dedupeIndex: row.dedupeIndex,
      birthYear: v.birthYear,
      sex: v.sex,
      ethnicMinority: v.ethnicMinority ?? existing?.ethnicMinority ?? false,
      disability: v.disability ?? existing?.disability ?? false,
      poverty: v.poverty ?? existing?.poverty ?? 'none',
      noSmartphone: v.noSmartphone ?? existing?.noSmartphone ?? false,
    };
  }

  /** One multi-row INSERT (arrays unnested); rows that meet a unique index are skipped and counted by the caller. */
  private async insert(tx: EntityManager, rows: ResidentWrite[], target: ImportTarget): Promise<number> {
    const result: Array<{ id: string }> = await tx.query(
      `INSERT INTO identity_residents (id, commune_code, village_code, path, personal_data, name_tokens, cccd_index, phone_index,
                                       dedupe_index, birth_year, sex, ethnic_minority, disability, poverty, no_smartphone,
                                       registered_by, registration_method)
       SELECT r.id, $1, r.village_code, r.path::ltree, r.personal_data, r.name_tokens::bigint[], r.cccd_index, r.phone_index,
              r.dedupe_index, r.birth_year, r.sex, r.ethnic_minority, r.disability, r.poverty, r.no_smartphone, $2, 'import'
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::bytea[], $7::text[], $8::bytea[], $9::bytea[], $10::bytea[],
                     $11::smallint[], $12::text[], $13::boolean[], $14::boolean[], $15::text[], $16::boolean[])
           AS r(id, village_code, path, personal_data, name_tokens, cccd_index, phone_index, dedupe_index, birth_year, sex,
                ethnic_minority, disability, poverty, no_smartphone)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [target.communeCode, target.caller.account.id, ...columns(rows)],
    );
    return result.length;
  }

  /** One multi-row UPDATE of the changed residents. */
  private async update(tx: EntityManager, rows: ResidentWrite[]): Promise<void> {
    await tx.query(
      `UPDATE identity_residents t
          SET village_code = u.village_code, path = u.path::ltree, personal_data = u.personal_data,
              name_tokens = u.name_tokens::bigint[], cccd_index = u.cccd_index, phone_index = u.phone_index,
              dedupe_index = u.dedupe_index, birth_year = u.birth_year, sex = u.sex, ethnic_minority = u.ethnic_minority,
              disability = u.disability, poverty = u.poverty, no_smartphone = u.no_smartphone,
              version = t.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bytea[], $5::text[], $6::bytea[], $7::bytea[], $8::bytea[],
                     $9::smallint[], $10::text[], $11::boolean[], $12::boolean[], $13::text[], $14::boolean[])
           AS u(id, village_code, path, personal_data, name_tokens, cccd_index, phone_index, dedupe_index, birth_year, sex,
                ethnic_minority, disability, poverty, no_smartphone)
        WHERE t.id = u.id`,
      columns(rows),
    );
  }

  /**
   * Name-search tokens as ResidentPersonalDataCodec.nameTokens computes them (same tokens, same order),
   * with each word's tokens kept: a file of 100,000 names has a few thousand distinct words, so most
   * rows need no keyed hash for their name.
   */
  private nameTokens(normalizedName: string): string[] {
    const tokens = new Set<string>();
    for (const word of normalizedName.split(' ')) {
      if (!word) continue;
      let wordTokens = this.wordTokens.get(word);
      if (!wordTokens) {
        wordTokens = this.codec.nameTokens(word);
        if (this.wordTokens.size >= TOKEN_CACHE_WORDS) this.wordTokens.clear();
        this.wordTokens.set(word, wordTokens);
      }
      for (const t of wordTokens) tokens.add(t);
    }
    return [...tokens];
  }
}

/** The columns of resident writes as parallel arrays, in the order of the unnest(...) of insert and update. */
function columns(rows: ResidentWrite[]): unknown[] {
  return [
    rows.map((r) => r.id),
    rows.map((r) => r.villageCode),
    rows.map((r) => r.path),
    rows.map((r) => r.personalData),
    rows.map((r) => `{${r.nameTokens.join(',')}}`),
    rows.map((r) => r.cccdIndex),
    rows.map((r) => r.phoneIndex),
    rows.map((r) => r.dedupeIndex),
    rows.map((r) => r.birthYear),
    rows.map((r) => r.sex),
    rows.map((r) => r.ethnicMinority),
    rows.map((r) => r.disability),
    rows.map((r) => r.poverty),
    rows.map((r) => r.noSmartphone),
  ];
}
