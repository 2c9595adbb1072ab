import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog, BoundedCache, isUniqueViolation, outboxInsertFrom, type AuditEntry, type Caller } from '@hvs/platform';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Sex } from '../../personal-data/cccd';
import { PersonalDataCipher } from '../../personal-data/personal-data-cipher';
import { ResidentAccountLinker } from '../../resident-accounts/resident-account-linker';
import type { Poverty, ResidentEntity } from '../resident.entity';
import { ResidentPersonalDataCodec, type ResidentPersonalData } from '../resident-personal-data';
import { HASH_BYTES, INT8_ARRAY_HEADER_BYTES, TOKEN_BYTES, type BatchRow, type ImportBatch } from './import-batch';
import { RowProblems } from './import-errors';
import type { ImportRowValues } from './import-row';
import { ResidentImportRepository, type ImportCounts, type ImportRowError } from './resident-import.repository';

/** The `identity.residents_changed` event of a batch's rows (a CTE's ids), inserted by the statement that writes them (none for no row). */
const RESIDENTS_CHANGED_FROM = (cte: string) =>
  outboxInsertFrom(
    `SELECT 'identity.residents_changed', 'identity.residents_changed:' || gen_random_uuid(), jsonb_build_object('residentIds', array_agg(id)) FROM ${cte} HAVING count(*) > 0`,
  );

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

/** The keyed hashes that tell who a row is: its CCCD, and its name + birth date in the commune. */
export interface RowKeys {
  cccdIndex: Buffer | null;
  dedupeIndex: Buffer;
}

/** What a resident row holds that an import can change. */
interface ExistingResident {
  id: string;
  communeCode: string;
  villageCode: string | null;
  path: string;
  accountId: string | null;
  personalData: Buffer;
  sex: Sex;
  ethnicMinority: boolean;
  disability: boolean;
  poverty: Poverty;
  noSmartphone: boolean;
}

/** A row to write: its place in the batch, the id it is written under and its stored fields. */
interface ResidentWrite {
  row: BatchRow;
  /** Index of the row in the batch (its keyed hashes are at i × 32). */
  i: number;
  id: string;
  villageCode: string | null;
  path: string;
  sex: Sex;
  ethnicMinority: boolean;
  disability: boolean;
  poverty: Poverty;
  noSmartphone: boolean;
}

class BatchRaceError extends Error {}

/** Two imports writing the same people in a different order: PostgreSQL aborts one; it is planned again. */
const isDeadlock = (err: unknown) => err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '40P01';

/** The keyed hash of ResidentPersonalDataCodec.indexes().dedupeIndex (checked against it at start). */
const DEDUPE_PURPOSE = 'identity.resident.dedupe';
/** Name words whose tokens are kept (Vietnamese names reuse a few thousand syllables). */
const TOKEN_CACHE_WORDS = 20_000;
const ATTEMPTS = 3;

/**
 * Writes an import batch in one transaction: finds the residents the rows already are (same CCCD, or
 * for rows without one, same name + birth date in the commune), inserts the new ones with their paper
 * consent in one multi-row INSERT, updates the changed ones in one multi-row UPDATE, leaves the
 * unchanged alone, writes the audit entries (one per resident written, one for the batch) and the
 * batch's counts on the import record. A CCCD held by a resident of another commune is reported,
 * never moved. If a concurrent registration takes a CCCD or a name + birth date between the lookup and
 * the write, the batch is rolled back and planned again.
 *
 * Binary values (keyed hashes, blobs, name tokens) go to PostgreSQL as a few binary parameters per
 * statement, cut apart in SQL, rather than as text arrays: no hex encoding, no large strings.
 */
@Injectable()
export class ResidentImportWriter {
  /**
   * Per name word: its tokens (as ResidentPersonalDataCodec.nameTokens gives them) and their int8[]
   * elements. Bound: TOKEN_CACHE_WORDS words, least recently used out first. Invalidation: none (a word's
   * tokens depend only on the index key, fixed for the process's life).
   */
  private readonly wordTokens = new BoundedCache<string, { tokens: string[]; elements: Buffer }>({ maxEntries: TOKEN_CACHE_WORDS });
  private readonly ids = new UuidV7Pool();

  constructor(
    private readonly codec: ResidentPersonalDataCodec,
    private readonly cipher: PersonalDataCipher,
    private readonly imports: ResidentImportRepository,
    private readonly audit: AuditLog,
    private readonly residentAccounts: ResidentAccountLinker,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    // the import computes the duplicate key alone (codec.indexes() would also hash every name prefix): it must be the same key
    const sample = { fullName: 'Nguyễn Thị Mẫu', birthDate: '1950-01-02', cccd: null, phone: null };
    if (!this.dedupeIndex('nguyen thi mau', sample.birthDate, '00001').equals(codec.indexes(sample, '00001').dedupeIndex)) {
      throw new Error('ResidentImportWriter: duplicate-person key differs from ResidentPersonalDataCodec.indexes()');
    }
  }

  /** The keyed hashes that find a row's person (computed for every valid row). */
  keys(values: ImportRowValues, normalizedName: string, communeCode: string): RowKeys {
    return {
      cccdIndex: values.cccd ? this.codec.cccdIndex(values.cccd) : null,
      dedupeIndex: this.dedupeIndex(normalizedName, values.birthDate, communeCode),
    };
  }

  /**
   * Adds a checked row to the batch. With `ahead` (most rows of the file are new so far) it also
   * computes what a new resident stores (blob, phone hash, name tokens): CPU work done while the
   * previous batch is being written. What is not done ahead is done by write() for the rows written.
   */
  add(batch: ImportBatch, line: number, values: ImportRowValues, normalizedName: string, keys: RowKeys, ahead: boolean): void {
    const i = batch.rows.length;
    if (keys.cccdIndex) keys.cccdIndex.copy(batch.cccds, i * HASH_BYTES);
    keys.dedupeIndex.copy(batch.dedupes, i * HASH_BYTES);
    const row: BatchRow = {
      line,
      fullName: values.fullName,
      birthDate: values.birthDate,
      birthYear: values.birthYear,
      sex: values.sex,
      cccd: values.cccd,
      phone: values.phone,
      villageCode: values.villageCode,
      ethnicMinority: values.ethnicMinority,
      disability: values.disability,
      poverty: values.poverty,
      noSmartphone: values.noSmartphone,
      normalizedName,
      newId: this.ids.next(),
      phoneReady: false,
      tokensFrom: 0,
      tokenCount: 0,
      blobAt: 0,
      blobLength: 0,
      blobFor: null,
    };
    batch.rows.push(row);
    if (ahead) this.complete(batch, i, row.newId);
  }

  async write(batch: ImportBatch, target: ImportTarget, errorCapacity: number): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((tx) => this.writeOnce(tx, batch, target, errorCapacity));
      } catch (err) {
        if (attempt >= ATTEMPTS || !(err instanceof BatchRaceError || isUniqueViolation(err) || isDeadlock(err))) throw err;
      }
    }
  }

  /** Computes what a written row stores under `id`: phone hash, name tokens, blob bound to `id`. */
  private complete(batch: ImportBatch, i: number, id: string): void {
    const row = batch.rows[i];
    if (!row.phoneReady) {
      if (row.phone) this.codec.phoneIndex(row.phone).copy(batch.phones, i * HASH_BYTES);
      row.phoneReady = true;
    }
    if (row.tokenCount === 0) this.appendTokens(batch, row);
    if (row.blobFor !== id) {
      const blob = this.codec.encrypt(id, { fullName: row.fullName, birthDate: row.birthDate, cccd: row.cccd, phone: row.phone });
      row.blobAt = batch.blobs.take(blob.length);
      blob.copy(batch.blobs.buffer, row.blobAt);
      row.blobLength = blob.length;
      row.blobFor = id;
    }
  }

  /** The duplicate-person key of a row (name normalised for search), as ResidentPersonalDataCodec.indexes computes it. */
  private dedupeIndex(normalizedName: string, birthDate: string, communeCode: string): Buffer {
    return this.cipher.index(`${normalizedName}|${birthDate}|${communeCode}`, DEDUPE_PURPOSE);
  }

  private async writeOnce(tx: EntityManager, batch: ImportBatch, target: ImportTarget, errorCapacity: number): Promise<BatchOutcome> {
    const { byCccd, byDedupe } = await this.existing(tx, batch);
    const inserts: ResidentWrite[] = [];
    const updates: Array<{ write: ResidentWrite; fields: string[] }> = [];
    /** Residents with an account whose phone changes: the account follows the phone (as for a correction). */
    const phoneMoves: Array<{ existing: ExistingResident; previous: ResidentPersonalData; next: ResidentPersonalData }> = [];
    const errors: ImportRowError[] = [...batch.errors];
    const claimed = new Set<string>();
    let unchanged = 0;
    let rejected = batch.rejectedRows;

    batch.rows.forEach((row, i) => {
      const at = i * HASH_BYTES;
      let existing = row.cccd ? byCccd.get(batch.cccds.toString('latin1', at, at + HASH_BYTES)) : undefined;
      if (existing && existing.communeCode !== target.communeCode) {
        errors.push({ line: row.line, ...RowProblems.cccdInOtherCommune() });
        rejected++;
        return;
      }
      // same name + birth date in the commune, registered without a CCCD: the same person (a CCCD in the file completes the record)
      existing ??= byDedupe.get(batch.dedupes.toString('latin1', at, at + HASH_BYTES));
      if (existing && claimed.has(existing.id)) existing = undefined;
      if (!existing) {
        inserts.push(this.toWrite(batch, i, row.newId, undefined, target));
        return;
      }
      claimed.add(existing.id);
      const current = this.codec.decrypt(existing.id, existing.personalData);
      const fields = this.changedFields(existing, current, row);
      if (fields.length === 0) {
        unchanged++;
        return;
      }
      updates.push({ write: this.toWrite(batch, i, existing.id, existing, target), fields });
      if (existing.accountId && current.phone !== row.phone) {
        phoneMoves.push({ existing, previous: current, next: { fullName: row.fullName, birthDate: row.birthDate, cccd: row.cccd, phone: row.phone } });
      }
    });

    if (inserts.length) {
      const inserted = await this.insert(tx, batch, inserts, target);
      // a row registered meanwhile (same CCCD or name + birth date): plan the batch again, it is now "existing"
      if (inserted !== inserts.length) throw new BatchRaceError(`${inserts.length - inserted} row(s) registered concurrently`);
    }
    if (updates.length) await this.update(tx, batch, updates.map((u) => u.write));
    for (const m of phoneMoves) {
      const before = { id: m.existing.id, accountId: m.existing.accountId, path: m.existing.path } as ResidentEntity;
      await this.residentAccounts.afterUpdate(tx, before, m.previous, m.next, target.caller);
    }

    const counts: ImportCounts = { total: batch.total, created: inserts.length, updated: updates.length, unchanged, rejected };
    const auditEntries: AuditEntry[] = [
      ...inserts.map((w) => ({
        action: 'resident.create',
        targetType: 'resident',
        targetId: w.id,
        unitPath: w.path,
        details: { importId: target.importId, consent: 'paper_form' },
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
        details: {
          batch: batch.index,
          lines: [batch.firstLine, batch.lastLine],
          ...counts,
          consent: { purposes: ['training_records'], method: 'paper_form', residents: inserts.length },
        },
      },
    ];
    await this.audit.record(target.caller, auditEntries, tx);

    errors.sort((a, b) => a.line - b.line);
    const stored = errors.slice(0, Math.max(0, errorCapacity));
    await this.imports.addBatch(tx, target.importId, counts, stored, errors.length > stored.length);
    return { counts, errors, storedErrors: stored.length };
  }

  /**
   * Residents the batch's rows may already be: by CCCD, and (without CCCD) by name + birth date in the
   * commune; locked until the batch commits. Keyed by the hash bytes (latin1).
   */
  private async existing(tx: EntityManager, batch: ImportBatch) {
    const byCccd = new Map<string, ExistingResident>();
    const byDedupe = new Map<string, ExistingResident>();
    if (batch.rows.length === 0) return { byCccd, byDedupe };
    const withCccd: number[] = [];
    batch.rows.forEach((row, i) => {
      if (row.cccd) withCccd.push(i * HASH_BYTES);
    });
    const found: Array<Record<string, unknown>> = await tx.query(
      `SELECT id, commune_code, village_code, path::text AS path, account_id, personal_data, cccd_index, dedupe_index, sex,
              ethnic_minority, disability, poverty, no_smartphone
         FROM identity_residents
        WHERE status = 'active'
          AND (cccd_index = ANY (ARRAY(SELECT substring($1::bytea FROM o + 1 FOR 32) FROM unnest($2::int[]) AS o))
               OR (cccd_index IS NULL
                   AND dedupe_index = ANY (ARRAY(SELECT substring($3::bytea FROM g * 32 + 1 FOR 32) FROM generate_series(0, $4::int - 1) AS g))))
        FOR UPDATE`,
      [batch.cccds, withCccd, batch.dedupes, batch.rows.length],
    );
    for (const f of found) {
      const resident: ExistingResident = {
        id: f.id as string,
        communeCode: f.commune_code as string,
        villageCode: f.village_code as string | null,
        path: f.path as string,
        accountId: f.account_id as string | null,
        personalData: f.personal_data as Buffer,
        sex: f.sex as Sex,
        ethnicMinority: f.ethnic_minority as boolean,
        disability: f.disability as boolean,
        poverty: f.poverty as Poverty,
        noSmartphone: f.no_smartphone as boolean,
      };
      const cccdIndex = f.cccd_index as Buffer | null;
      const dedupeIndex = f.dedupe_index as Buffer | null;
      if (cccdIndex) byCccd.set(cccdIndex.toString('latin1'), resident);
      else if (dedupeIndex) byDedupe.set(dedupeIndex.toString('latin1'), resident);
    }
    return { byCccd, byDedupe };
  }

  /** Names of the fields the row changes on an existing resident (optional columns absent from the file change nothing). */
  private changedFields(existing: ExistingResident, current: ResidentPersonalData, row: BatchRow): string[] {
    const fields: string[] = [];
    if (current.fullName !== row.fullName) fields.push('fullName');
    if (current.birthDate !== row.birthDate) fields.push('birthDate');
    if (current.cccd !== row.cccd) fields.push('cccd');
    if (current.phone !== row.phone) fields.push('phone');
    if (existing.sex !== row.sex) fields.push('sex');
    if (row.villageCode !== undefined && row.villageCode !== existing.villageCode) fields.push('villageCode');
    if (row.ethnicMinority !== undefined && row.ethnicMinority !== existing.ethnicMinority) fields.push('ethnicMinority');
    if (row.disability !== undefined && row.disability !== existing.disability) fields.push('disability');
    if (row.poverty !== undefined && row.poverty !== existing.poverty) fields.push('poverty');
    if (row.noSmartphone !== undefined && row.noSmartphone !== existing.noSmartphone) fields.push('noSmartphone');
    return fields;
  }

  private toWrite(batch: ImportBatch, i: number, id: string, existing: ExistingResident | undefined, target: ImportTarget): ResidentWrite {
    const row = batch.rows[i];
    const villageCode = row.villageCode === undefined ? (existing?.villageCode ?? null) : row.villageCode;
    this.complete(batch, i, id);
    return {
      row,
      i,
      id,
      villageCode,
      path: (villageCode && target.villagePaths.get(villageCode)) || target.communePath,
      sex: row.sex,
      ethnicMinority: row.ethnicMinority ?? existing?.ethnicMinority ?? false,
      disability: row.disability ?? existing?.disability ?? false,
      poverty: row.poverty ?? existing?.poverty ?? 'none',
      noSmartphone: row.noSmartphone ?? existing?.noSmartphone ?? false,
    };
  }

  /**
   * One multi-row INSERT of the new residents and their paper consent (one statement: the consents are
   * written from the INSERT's RETURNING). Rows that meet a unique index are skipped; the caller compares counts.
   */
  private async insert(tx: EntityManager, batch: ImportBatch, rows: ResidentWrite[], target: ImportTarget): Promise<number> {
    const result: Array<{ n: number }> = await tx.query(
      `WITH inserted AS (
         INSERT INTO identity_residents (id, commune_code, village_code, path, personal_data, name_tokens, cccd_index, phone_index,
                                         dedupe_index, birth_year, sex, ethnic_minority, disability, poverty, no_smartphone,
                                         registered_by, registration_method)
         SELECT u.id, $1, u.village_code, u.path::ltree, ${BINARY_COLUMNS(3)}, u.birth_year, u.sex, u.ethnic_minority, u.disability,
                u.poverty, u.no_smartphone, $2, 'import'
           FROM unnest(${COLUMN_PARAMS(8)}) AS u(${COLUMN_NAMES})
         ON CONFLICT DO NOTHING
         RETURNING id),
       consents AS (
         INSERT INTO identity_consents (resident_id, purpose, method, recorded_by)
         SELECT id, 'training_records', 'paper_form', $2 FROM inserted),
       changed AS (${RESIDENTS_CHANGED_FROM('inserted')})
       SELECT count(*)::int AS n FROM inserted`,
      [target.communeCode, target.caller.account.id, ...binaryParams(batch), ...columns(rows)],
    );
    return result[0].n;
  }

  /** One multi-row UPDATE of the changed residents (and the coverage figures told, in the same statement). */
  private async update(tx: EntityManager, batch: ImportBatch, rows: ResidentWrite[]): Promise<void> {
    await tx.query(
      `WITH updated AS (
       UPDATE identity_residents t
          SET (personal_data, name_tokens, cccd_index, phone_index, dedupe_index) = ROW(${BINARY_COLUMNS(1)}),
              village_code = u.village_code, path = u.path::ltree, birth_year = u.birth_year, sex = u.sex,
              ethnic_minority = u.ethnic_minority, disability = u.disability, poverty = u.poverty, no_smartphone = u.no_smartphone,
              version = t.version + 1, updated_at = now()
         FROM unnest(${COLUMN_PARAMS(6)}) AS u(${COLUMN_NAMES})
        WHERE t.id = u.id
       RETURNING t.id)
       ${RESIDENTS_CHANGED_FROM('updated')}`,
      [...binaryParams(batch), ...columns(rows)],
    );
  }

  /**
   * Name-search tokens as ResidentPersonalDataCodec.nameTokens computes them (same tokens, same order),
   * appended to the batch as int8[] elements. Each word's tokens are kept: a file of 100,000 names has
   * a few thousand distinct words, so most rows need no keyed hash for their name. Tokens are hashes
   * of word prefixes, so two words can share one only if they start with the same letter: a word whose
   * first letter is new in the name is copied whole.
   */
  private appendTokens(batch: ImportBatch, row: BatchRow): void {
    row.tokensFrom = (batch.tokens.used - INT8_ARRAY_HEADER_BYTES) / TOKEN_BYTES;
    let count = 0;
    const earlier: Array<{ first: string; tokens: string[] }> = [];
    for (const word of row.normalizedName.split(' ')) {
      if (!word) continue;
      const cached = this.tokensOf(word);
      const same = earlier.filter((e) => e.first === word[0]);
      if (same.length === 0) {
        const at = batch.tokens.take(cached.elements.length);
        cached.elements.copy(batch.tokens.buffer, at);
        count += cached.tokens.length;
      } else {
        cached.tokens.forEach((t, k) => {
          if (same.some((e) => e.tokens.includes(t))) return;
          const at = batch.tokens.take(TOKEN_BYTES);
          cached.elements.copy(batch.tokens.buffer, at, k * TOKEN_BYTES, (k + 1) * TOKEN_BYTES);
          count++;
        });
      }
      earlier.push({ first: word[0], tokens: cached.tokens });
    }
    row.tokenCount = count;
  }

  private tokensOf(word: string): { tokens: string[]; elements: Buffer } {
    let cached = this.wordTokens.get(word);
    if (!cached) {
      const tokens = this.codec.nameTokens(word);
      const elements = Buffer.allocUnsafe(tokens.length * TOKEN_BYTES);
      tokens.forEach((t, k) => {
        elements.writeInt32BE(8, k * TOKEN_BYTES);
        elements.writeBigInt64BE(BigInt(t), k * TOKEN_BYTES + 4);
      });
      cached = { tokens, elements };
      this.wordTokens.set(word, cached);
    }
    return cached;
  }
}

/** The batch's binary buffers, in the order BINARY_COLUMNS reads them: blobs, tokens (int8[]), CCCD, phone, duplicate-key hashes. */
function binaryParams(batch: ImportBatch): unknown[] {
  return [batch.blobs.buffer.subarray(0, batch.blobs.used), batch.tokenArray(), batch.cccds, batch.phones, batch.dedupes];
}

/** The rows' other columns as parallel arrays (COLUMN_PARAMS), with where each row's binary values are. */
function columns(rows: ResidentWrite[]): unknown[] {
  return [
    rows.map((w) => w.id),
    rows.map((w) => w.villageCode),
    rows.map((w) => w.path),
    rows.map((w) => w.row.birthYear),
    rows.map((w) => w.sex),
    rows.map((w) => w.ethnicMinority),
    rows.map((w) => w.disability),
    rows.map((w) => w.poverty),
    rows.map((w) => w.noSmartphone),
    rows.map((w) => w.i * HASH_BYTES),
    rows.map((w) => w.row.blobAt),
    rows.map((w) => w.row.blobLength),
    rows.map((w) => w.row.tokensFrom + 1),
    rows.map((w) => w.row.tokensFrom + w.row.tokenCount),
    rows.map((w) => w.row.cccd !== null),
    rows.map((w) => w.row.phone !== null),
  ];
}

/** unnest() of columns(), numbered from `$first`. */
const COLUMN_PARAMS = (first: number) =>
  ['uuid', 'text', 'text', 'smallint', 'text', 'boolean', 'boolean', 'text', 'boolean', 'int', 'int', 'int', 'int', 'int', 'boolean', 'boolean']
    .map((type, k) => `$${first + k}::${type}[]`)
    .join(', ');
const COLUMN_NAMES =
  'id, village_code, path, birth_year, sex, ethnic_minority, disability, poverty, no_smartphone, ' +
  'hash_at, blob_at, blob_length, tokens_from, tokens_to, has_cccd, has_phone';
/** personal_data, name_tokens, cccd_index, phone_index, dedupe_index cut from binaryParams(), the first being `$first`. */
const BINARY_COLUMNS = (first: number) =>
  `substring($${first}::bytea FROM u.blob_at + 1 FOR u.blob_length), ` +
  `($${first + 1}::int8[])[u.tokens_from:u.tokens_to], ` +
  `CASE WHEN u.has_cccd THEN substring($${first + 2}::bytea FROM u.hash_at + 1 FOR 32) END, ` +
  `CASE WHEN u.has_phone THEN substring($${first + 3}::bytea FROM u.hash_at + 1 FOR 32) END, ` +
  `substring($${first + 4}::bytea FROM u.hash_at + 1 FOR 32)`;

/** uuid v7 ids whose random bits come from a pool refilled every 256 ids (one getRandomValues per id costs ~6 µs). */
class UuidV7Pool {
  private pool = Buffer.alloc(0);
  private at = 0;

  next(): string {
    if (this.at + 16 > this.pool.length) {
      this.pool = randomBytes(4096);
      this.at = 0;
    }
    const random = this.pool.subarray(this.at, this.at + 16);
    this.at += 16;
    return uuidv7({ random });
  }
}
