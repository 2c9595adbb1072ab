import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GeoCatalog, UnitsInScope } from '@hvs/geography';
import {
  AccessScope,
  AppError,
  AUDIT_EVENTS_SQL,
  AuditLog,
  type Caller,
  decodeCursor,
  emitResidentsChanged,
  isUniqueViolation,
  keysetPage,
  type KeysetPage,
  outboxInsertFrom,
  type OutboxEvent,
} from '@hvs/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { maskCccd, maskPhone } from '../personal-data/masking';
import { ResidentAccountLinker } from '../resident-accounts/resident-account-linker';
import { ConsentEntity, type ConsentPurpose } from './consent.entity';
import { ResidentEntity } from './resident.entity';
import { ResidentPersonalDataCodec, type ResidentPersonalData } from './resident-personal-data';
import { AccountCache } from '../access/account-cache';
import { ResidentRecordCache } from './resident-record-cache';
import { ResidentRepository, type ResidentListRow, type ResidentPageRow } from './resident.repository';
import { ageOn, checkPersonalFields, ELDERLY_AGE, fieldProblemError } from './resident-rules';
import type {
  AddConsentBody,
  ConsentView,
  RegisterResidentBody,
  ResidentDetailView,
  ResidentView,
  SearchResidentsQuery,
  UpdateResidentBody,
} from './residents.dto';

type CorrectedPayload = OutboxEvent<'identity.resident_corrected'>['payload'];

/** Roles that work with residents face to face and see CCCD and phone in full (each such read is audited). */
export const UNMASKED_ROLES: ReadonlySet<string> = new Set(['commune_officer', 'instructor']);

export const ResidentErrors = {
  notFound: (id: string) => AppError.notFound('RESIDENT_NOT_FOUND', 'Không tìm thấy người dân này.', { id }),
  duplicateCccd: (commune: { code: string; name: string } | null) =>
    AppError.conflict(
      'RESIDENT_DUPLICATE_CCCD',
      commune
        ? `Số CCCD này đã được đăng ký cho một người dân tại ${commune.name}.`
        : 'Số CCCD này đã được đăng ký cho một người dân ở đơn vị khác. Vui lòng liên hệ cán bộ xã nơi người này đã đăng ký.',
      { field: 'cccd', ...(commune ? { communeCode: commune.code, communeName: commune.name } : {}) },
    ),
  possibleDuplicate: (existingId: string | null) =>
    AppError.conflict(
      'RESIDENT_POSSIBLE_DUPLICATE',
      'Đã có người dân cùng họ tên và ngày sinh đăng ký tại xã này. Hãy kiểm tra lại, hoặc bổ sung số CCCD để phân biệt.',
      existingId ? { existingId } : undefined,
    ),
  consentRequired: () =>
    AppError.badRequest(
      'CONSENT_REQUIRED',
      'Cần có sự đồng ý của người dân cho mục đích "training_records" (lưu hồ sơ học tập) trước khi đăng ký.',
      { field: 'consent.purposes' },
    ),
  villageNotInCommune: (villageCode: string, communeCode: string) =>
    AppError.badRequest('VILLAGE_NOT_IN_COMMUNE', 'Thôn/tổ dân phố không thuộc xã đã chọn.', { field: 'villageCode', villageCode, communeCode }),
  accountHasNoResident: () => AppError.notFound('RESIDENT_NOT_FOUND', 'Tài khoản này không gắn với hồ sơ người dân nào.'),
};

interface Place {
  communeCode: string;
  villageCode: string | null;
  path: string;
}

/** A resident's record with its decrypted personal fields, as the service works with it. */
interface Loaded<R extends ResidentListRow | ResidentPageRow = ResidentEntity> {
  row: R;
  data: ResidentPersonalData;
}

/**
 * The residents registry: registration with consent, corrections, search in scope, export and erasure.
 * Personal fields are encrypted (ResidentPersonalDataCodec); every write and every unmasked read is
 * written to the audit trail in the same transaction.
 */
@Injectable()
export class ResidentsService {
  constructor(
    private readonly units: UnitsInScope,
    private readonly residents: ResidentRepository,
    private readonly codec: ResidentPersonalDataCodec,
    private readonly records: ResidentRecordCache,
    private readonly accountCache: AccountCache,
    private readonly catalog: GeoCatalog,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly residentAccounts: ResidentAccountLinker,
  ) {}

  // ---- registration and corrections ----

  async register(body: RegisterResidentBody, caller: Caller): Promise<ResidentDetailView> {
    if (!body.consent.purposes.includes('training_records')) throw ResidentErrors.consentRequired();
    const checked = checkPersonalFields(body);
    if (checked.problem) throw fieldProblemError(checked.problem);
    const place = await this.place(body.communeCode, body.villageCode ?? null, caller.scope);
    const id = uuidv7();
    const data: ResidentPersonalData = { fullName: body.fullName, birthDate: body.birthDate, cccd: checked.cccd, phone: checked.phone };
    const resident = Object.assign(new ResidentEntity(), {
      id,
      ...place,
      ...this.encrypted(id, data, place.communeCode),
      birthYear: checked.birthYear,
      sex: body.sex,
      ethnicMinority: body.ethnicMinority ?? false,
      disability: body.disability ?? false,
      poverty: body.poverty ?? 'none',
      noSmartphone: body.noSmartphone ?? false,
      accountId: null as string | null, // set below when the phone gets an account
      registeredBy: caller.account.id,
      registrationMethod: body.consent.method === 'self' ? 'self' : 'assisted',
      status: 'active',
      version: 1,
    } satisfies Partial<ResidentEntity>);
    await this.writeOrExplainConflict(data, place.communeCode, caller, async (tx) => {
      // an account for the resident's phone, unless another account holds it (families share phones)
      resident.accountId = await this.residentAccounts.accountForNewResident(tx, resident, data, caller);
      await this.residents.insert(tx, resident);
      await this.residents.grantConsents(tx, id, body.consent.purposes, body.consent.method, caller.account.id);
      await this.audit.record(
        caller,
        { action: 'resident.create', targetType: 'resident', targetId: id, unitPath: place.path, details: { consent: body.consent } },
        tx,
      );
      await emitResidentsChanged(tx, 'identity.residents_changed', [id]);
    });
    return this.get(id, caller, { audit: false }); // the writer typed these fields: not a read
  }

  async update(id: string, body: UpdateResidentBody, caller: Caller): Promise<ResidentDetailView> {
    const changed = Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined);
    await this.dataSource.transaction(async (tx) => {
      const current = await this.load(id, caller.scope, tx);
      const data: ResidentPersonalData = {
        fullName: body.fullName ?? current.data.fullName,
        birthDate: body.birthDate ?? current.data.birthDate,
        cccd: body.cccd === undefined ? current.data.cccd : body.cccd,
        phone: body.phone === undefined ? current.data.phone : body.phone,
      };
      const sex = body.sex ?? current.row.sex;
      const checked = checkPersonalFields({ ...data, sex });
      if (checked.problem) throw fieldProblemError(checked.problem);
      const villageCode = body.villageCode === undefined ? current.row.villageCode : body.villageCode;
      const place = await this.place(current.row.communeCode, villageCode, caller.scope);
      const next = { ...data, cccd: checked.cccd, phone: checked.phone };
      await this.writeOrExplainConflict(next, place.communeCode, caller, async (inner) => {
        await this.residents.update(inner, id, {
          ...place,
          ...this.encrypted(id, next, place.communeCode),
          birthYear: checked.birthYear,
          sex,
          ethnicMinority: body.ethnicMinority ?? current.row.ethnicMinority,
          disability: body.disability ?? current.row.disability,
          poverty: body.poverty ?? current.row.poverty,
          noSmartphone: body.noSmartphone ?? current.row.noSmartphone,
        });
        await this.audit.record(
          caller,
          { action: 'resident.update', targetType: 'resident', targetId: id, unitPath: place.path, details: { fields: changed } },
          inner,
        );
        await this.announceCorrection(inner, id, current.row.version + 1, identifyingChanges(current.data, next), caller);
        await emitResidentsChanged(inner, 'identity.residents_changed', [id]);
      }, tx);
      await this.residentAccounts.afterUpdate(tx, current.row, current.data, next, caller);
    });
    return this.get(id, caller, { audit: false }); // the writer typed these fields: not a read
  }

  /**
   * When a correction changed what the certificate partner checks (full name, birth date, CCCD), writes
   * `identity.resident_corrected` in the correction's transaction: certificates rejected on the old data
   * go back to pending. One event per change (the key names the record's new version).
   */
  private async announceCorrection(
    tx: EntityManager,
    id: string,
    version: number,
    fields: CorrectedPayload['fields'],
    caller: Caller,
  ): Promise<void> {
    if (fields.length === 0) return;
    const payload: CorrectedPayload = {
      residentId: id,
      fields,
      correctedBy: caller.account.id,
      correctedAt: new Date().toISOString(),
    };
    await tx.query(outboxInsertFrom(`SELECT 'identity.resident_corrected', $1, $2::jsonb`), [
      `identity.resident_corrected:${id}:${version}`,
      JSON.stringify(payload),
    ]);
  }

  /**
   * `identity.consent_granted` in the grant's transaction, naming only the purposes newly granted:
   * certificates rejected for want of the recognition consent go back to pending.
   */
  private async announceConsent(tx: EntityManager, id: string, purposes: ConsentPurpose[], caller: Caller): Promise<void> {
    const payload: OutboxEvent<'identity.consent_granted'>['payload'] = {
      residentId: id,
      purposes,
      grantedBy: caller.account.id,
      grantedAt: new Date().toISOString(),
    };
    await tx.query(outboxInsertFrom(`SELECT 'identity.consent_granted', 'identity.consent_granted:' || gen_random_uuid(), $1::jsonb`), [
      JSON.stringify(payload),
    ]);
  }

  // ---- reads ----

  /** One resident in scope; CCCD and phone in full for the roles that need them (that read is audited). */
  async get(id: string, caller: Caller, options: { audit?: boolean } = {}): Promise<ResidentDetailView> {
    const loaded = await this.load(id, caller.scope);
    const unmasked = UNMASKED_ROLES.has(caller.account.role);
    if (unmasked && options.audit !== false) {
      await this.audit.record(caller, {
        action: 'resident.read_unmasked',
        targetType: 'resident',
        targetId: id,
        unitPath: loaded.row.path,
      });
    }
    return { ...this.view(loaded, !unmasked), consents: (await this.residents.consentsOf(id)).map(consentView) };
  }

  /** Residents in scope, by commune / village, name (ignoring diacritics), phone or CCCD; always masked. */
  async search(query: SearchResidentsQuery, caller: Caller): Promise<KeysetPage<ResidentView>> {
    const underPath = await this.units.pathOf(query, caller.scope);
    let phoneIndex: Buffer | undefined;
    if (query.phone !== undefined) {
      const checked = checkPersonalFields({ fullName: '-', birthDate: '2000-01-01', sex: 'male', phone: query.phone });
      if (checked.problem) throw fieldProblemError(checked.problem);
      phoneIndex = checked.phone ? this.codec.phoneIndex(checked.phone) : undefined;
    }
    const nameTokens = query.q ? this.codec.queryTokens(query.q) : undefined;
    if (query.q && !nameTokens?.length) return { items: [], nextCursor: null, limit: query.limit };
    const rows = await this.residents.page(
      {
        underPath,
        nameTokens,
        phoneIndex,
        cccdIndex: query.cccd ? this.codec.cccdIndex(query.cccd) : undefined,
        after: query.cursor ? afterKey(query.cursor) : undefined,
        limit: query.limit + 1,
      },
      caller.scope,
    );
    const today = new Date();
    return keysetPage(
      rows,
      query.limit,
      (row) => {
        const data = this.records.get(row.id, row.version, () => this.codec.decrypt(row.id, Buffer.from(row.personalData, 'base64')));
        return this.view({ row, data }, true, today);
      },
      (row) => [row.path, row.id],
    );
  }

  // ---- consent ----

  async grantConsent(id: string, body: AddConsentBody, caller: Caller): Promise<ConsentView[]> {
    return this.dataSource.transaction(async (tx) => {
      const { row } = await this.load(id, caller.scope, tx);
      const granted = await this.residents.grantConsents(tx, id, body.purposes, body.method, caller.account.id);
      if (granted.length > 0) await this.announceConsent(tx, id, granted, caller);
      await this.audit.record(
        caller,
        { action: 'resident.consent_grant', targetType: 'resident', targetId: id, unitPath: row.path, details: { purposes: granted, method: body.method } },
        tx,
      );
      return (await this.residents.consentsOf(id, tx)).map(consentView);
    });
  }

  async withdrawConsent(id: string, purpose: ConsentPurpose, caller: Caller): Promise<ConsentView[]> {
    return this.dataSource.transaction(async (tx) => {
      const { row } = await this.load(id, caller.scope, tx);
      const withdrawn = await this.residents.withdrawConsent(tx, id, purpose, caller.account.id);
      if (!withdrawn) throw AppError.notFound('CONSENT_NOT_FOUND', 'Người dân chưa đồng ý cho mục đích này, hoặc đã rút lại.', { purpose });
      await this.audit.record(
        caller,
        { action: 'resident.consent_withdraw', targetType: 'resident', targetId: id, unitPath: row.path, details: { purpose } },
        tx,
      );
      return (await this.residents.consentsOf(id, tx)).map(consentView);
    });
  }

  // ---- export and erasure ----

  /** Everything held about a resident, in full (the person's right to see their data); audited. */
  async export(id: string, caller: Caller): Promise<Record<string, unknown>> {
    const loaded = await this.load(id, caller.scope);
    await this.audit.record(caller, { action: 'resident.export', targetType: 'resident', targetId: id, unitPath: loaded.row.path });
    const consents = (await this.residents.consentsOf(id)).map(consentView);
    const accessLog: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT at, actor_role AS "actorRole", action FROM ${AUDIT_EVENTS_SQL} e WHERE target_type = 'resident' AND target_id = $1 ORDER BY at, id`,
      [id],
    );
    return {
      exportedAt: new Date().toISOString(),
      resident: { ...this.view(loaded, false), consents },
      accessLog: accessLog.map((e) => ({ ...e, at: new Date(e.at as string).toISOString() })),
    };
  }

  /**
   * Erases a resident's personal data: the encrypted fields and every keyed hash go, the account is
   * deleted (its sessions with it), consent records are closed; the anonymised row stays (unit, birth
   * year, sex, inclusion flags) so coverage counts do not jump. Not reversible.
   */
  async erase(id: string, caller: Caller): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const { row } = await this.load(id, caller.scope, tx);
      await this.eraseRow(tx, row, caller);
    });
  }

  /** Erasure inside a caller's transaction (also used for a resident erasing their own record). */
  async eraseRow(tx: EntityManager, row: ResidentEntity, caller: Caller): Promise<void> {
    await tx.query(
      `UPDATE identity_residents SET personal_data = NULL, name_tokens = '{}', cccd_index = NULL, phone_index = NULL,
         dedupe_index = NULL, account_id = NULL, status = 'erased', erased_at = now(), updated_at = now(), version = version + 1
       WHERE id = $1`,
      [row.id],
    );
    if (row.accountId) {
      this.accountCache.forget(row.accountId);
      await tx.query(`DELETE FROM identity_accounts WHERE id = $1`, [row.accountId]);
    }
    this.records.forget(row.id);
    await tx.query(`UPDATE identity_consents SET withdrawn_at = now(), withdrawn_by = $2 WHERE resident_id = $1 AND withdrawn_at IS NULL`, [
      row.id,
      caller.account.id,
    ]);
    await this.audit.record(caller, { action: 'resident.erase', targetType: 'resident', targetId: row.id, unitPath: row.path }, tx);
    await emitResidentsChanged(tx, 'identity.residents_changed', [row.id]);
  }

  // ---- a resident's own record ----

  /** The caller's own resident record, in full. */
  async own(caller: Caller): Promise<ResidentDetailView> {
    const row = await this.residents.findByAccount(caller.account.id);
    if (!row) throw ResidentErrors.accountHasNoResident();
    return { ...this.view({ row, data: this.decrypt(row) }, false), consents: (await this.residents.consentsOf(row.id)).map(consentView) };
  }

  async exportOwn(caller: Caller): Promise<Record<string, unknown>> {
    const row = await this.residents.findByAccount(caller.account.id);
    if (!row) throw ResidentErrors.accountHasNoResident();
    return this.export(row.id, { ...caller, scope: AccessScope.paths([row.path]) });
  }

  async eraseOwn(caller: Caller): Promise<void> {
    const row = await this.residents.findByAccount(caller.account.id);
    if (!row) throw ResidentErrors.accountHasNoResident();
    await this.erase(row.id, { ...caller, scope: AccessScope.paths([row.path]) });
  }

  // ---- helpers ----

  /** Commune and village of a resident, checked against the caller's scope (403 OUTSIDE_SCOPE outside it). */
  private async place(communeCode: string, villageCode: string | null, scope: AccessScope): Promise<Place> {
    const commune = this.catalog.communeInScope(communeCode, scope);
    if (!villageCode) return { communeCode, villageCode: null, path: commune.path };
    const village = await this.units.village(villageCode, scope);
    if (village.communeCode !== communeCode) throw ResidentErrors.villageNotInCommune(villageCode, communeCode);
    return { communeCode, villageCode, path: village.path };
  }

  private encrypted(id: string, data: ResidentPersonalData, communeCode: string) {
    return { personalData: this.codec.encrypt(id, data), ...this.codec.indexes(data, communeCode) };
  }

  private decrypt(row: Pick<ResidentEntity, 'id' | 'personalData'>): ResidentPersonalData {
    if (!row.personalData) throw new Error(`resident ${row.id} has no personal data`);
    return this.codec.decrypt(row.id, row.personalData);
  }

  private async load(id: string, scope: AccessScope, tx?: EntityManager): Promise<Loaded> {
    const row = await this.residents.findInScope(id, scope, tx);
    if (!row) throw ResidentErrors.notFound(id);
    return { row, data: this.decrypt(row) };
  }

  /**
   * Runs a write that may hit the CCCD or duplicate-person unique indexes and turns a violation into a
   * 409 that names the commune of the person already registered only when the caller may see it.
   */
  private async writeOrExplainConflict(
    data: ResidentPersonalData,
    communeCode: string,
    caller: Caller,
    write: (tx: EntityManager) => Promise<void>,
    outer?: EntityManager,
  ): Promise<void> {
    try {
      if (outer) await outer.transaction(write);
      else await this.dataSource.transaction(write);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const constraint = (err as { driverError?: { constraint?: string }; constraint?: string }).driverError?.constraint;
      if (data.cccd && constraint !== 'identity_residents_dedupe_unique') {
        const holder = await this.residents.findByCccdIndex(this.codec.cccdIndex(data.cccd));
        const commune = holder && AccessScope.includes(caller.scope, holder.path) ? this.catalog.commune(holder.communeCode) : undefined;
        throw ResidentErrors.duplicateCccd(commune ? { code: commune.code, name: commune.fullName } : null);
      }
      const holder = await this.residents.findByDedupeIndex(this.codec.indexes(data, communeCode).dedupeIndex);
      throw ResidentErrors.possibleDuplicate(holder && AccessScope.includes(caller.scope, holder.path) ? holder.id : null);
    }
  }

  private view({ row, data }: Loaded<ResidentListRow | ResidentPageRow>, masked: boolean, today = new Date()): ResidentView {
    return {
      id: row.id,
      fullName: data.fullName,
      birthDate: data.birthDate,
      birthYear: row.birthYear,
      sex: row.sex,
      cccd: data.cccd && masked ? maskCccd(data.cccd) : data.cccd,
      phone: data.phone && masked ? maskPhone(data.phone) : data.phone,
      masked,
      communeCode: row.communeCode,
      villageCode: row.villageCode,
      flags: {
        elderly: ageOn(data.birthDate, today) >= ELDERLY_AGE,
        ethnicMinority: row.ethnicMinority,
        disability: row.disability,
        poverty: row.poverty,
        noSmartphone: row.noSmartphone,
      },
      hasAccount: row.accountId !== null,
      registrationMethod: row.registrationMethod,
      createdAt: iso(row.createdAt),
      updatedAt: iso(row.updatedAt),
    };
  }
}

const iso = (time: Date | string) => (typeof time === 'string' ? time : time.toISOString());

function consentView(c: ConsentEntity): ConsentView {
  return {
    purpose: c.purpose,
    method: c.method,
    grantedAt: c.grantedAt.toISOString(),
    recordedBy: c.recordedBy,
    withdrawnAt: c.withdrawnAt ? c.withdrawnAt.toISOString() : null,
  };
}

/** The (path, id) after which a page starts. */
function afterKey(cursor: string): { path: string; id: string } {
  const [path, id] = decodeCursor(cursor, [/^[0-9]+(\.[0-9]+)*$/, /^[0-9a-f-]{36}$/]);
  return { path, id };
}

/** Which of the fields a certificate partner checks differ between two versions of a resident's data. */
export function identifyingChanges(
  before: ResidentPersonalData,
  after: ResidentPersonalData,
): CorrectedPayload['fields'] {
  const fields: CorrectedPayload['fields'] = [];
  if (before.fullName !== after.fullName) fields.push('fullName');
  if (before.birthDate !== after.birthDate) fields.push('birthDate');
  if ((before.cccd ?? null) !== (after.cccd ?? null)) fields.push('nationalId');
  return fields;
}
