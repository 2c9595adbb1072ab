import { Injectable } from '@nestjs/common';
import { AuditLog, type AuditActor, type Caller } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import type { ResidentEntity } from '../residents/resident.entity';
import { ResidentPersonalDataCodec, type ResidentPersonalData } from '../residents/resident-personal-data';
import { ResidentRepository } from '../residents/resident.repository';
import { ResidentAccountRepository } from './resident-account.repository';

/**
 * The display name of every resident account. Not the person's name: a resident's name is personal data
 * and lives only in the encrypted resident record (GET /me/resident shows it to its owner), never in
 * clear in `identity_accounts`.
 */
export const RESIDENT_ACCOUNT_DISPLAY_NAME = 'Người dân';

/**
 * Keeps residents' accounts in step with the registry, inside the registry's transactions. A resident
 * registered with a phone gets an account (role resident, no username and no password yet: the first
 * login sets one through a code sent to that phone), unless another account already holds the phone:
 * families share phones, so the second person is registered without an account (no error). When the
 * phone changes the account follows it (or loses it when another account holds the new number, or the
 * number is removed). Erasure deletes the account (ResidentsService.eraseRow), and with it its codes
 * and messages.
 */
@Injectable()
export class ResidentAccountLinker {
  constructor(
    private readonly accounts: ResidentAccountRepository,
    private readonly residents: ResidentRepository,
    private readonly codec: ResidentPersonalDataCodec,
    private readonly audit: AuditLog,
  ) {}

  /**
   * For a resident about to be inserted: the id of their new account, or null (no phone, or the phone
   * belongs to another account).
   */
  async accountForNewResident(
    tx: EntityManager,
    resident: Pick<ResidentEntity, 'id' | 'path'>,
    data: ResidentPersonalData,
    caller: Caller,
  ): Promise<string | null> {
    if (!data.phone) return null;
    const accountId = await this.accounts.createForPhone(tx, { displayName: RESIDENT_ACCOUNT_DISPLAY_NAME, phoneIndex: this.codec.phoneIndex(data.phone) });
    if (accountId) await this.recordCreated(tx, accountId, resident, caller);
    return accountId;
  }

  /**
   * A code is asked for a phone no account holds: residents registered without an account (bulk
   * import, or before they had this number) get one now, the first-registered holder of the phone.
   */
  async accountOnFirstCode(tx: EntityManager, phoneIndex: Buffer): Promise<string | null> {
    const resident = await this.residents.firstWithoutAccountByPhone(tx, phoneIndex);
    if (!resident) return null;
    const accountId = await this.accounts.createForPhone(tx, { displayName: RESIDENT_ACCOUNT_DISPLAY_NAME, phoneIndex });
    if (!accountId) return null;
    await this.residents.update(tx, resident.id, { accountId });
    await this.recordCreated(tx, accountId, resident, { system: 'first-code' });
    return accountId;
  }

  /** After a resident's correction: the account follows the phone. */
  async afterUpdate(
    tx: EntityManager,
    before: ResidentEntity,
    previous: ResidentPersonalData,
    next: ResidentPersonalData,
    caller: Caller,
  ): Promise<void> {
    const phoneChanged = previous.phone !== next.phone;
    if (!before.accountId) {
      // e.g. registered door to door without a phone, or on a family phone: an account once a free number is given
      if (!phoneChanged || !next.phone) return;
      const accountId = await this.accountForNewResident(tx, before, next, caller);
      if (accountId) await this.residents.update(tx, before.id, { accountId });
      return;
    }
    if (!phoneChanged) return;
    const moved = next.phone ? await this.accounts.setPhoneIndex(tx, before.accountId, this.codec.phoneIndex(next.phone)) : false;
    if (!next.phone) await this.accounts.setPhoneIndex(tx, before.accountId, null);
    // codes already sent went to the old number
    await this.accounts.dropPendingCodes(tx, before.accountId);
    await this.audit.record(
      caller,
      {
        action: 'account.phone_change',
        targetType: 'account',
        targetId: before.accountId,
        unitPath: before.path,
        details: { residentId: before.id, phone: moved ? 'changed' : next.phone ? 'held_by_another_account' : 'removed' },
      },
      tx,
    );
  }

  private recordCreated(tx: EntityManager, accountId: string, resident: Pick<ResidentEntity, 'id' | 'path'>, caller: AuditActor): Promise<void> {
    return this.audit.record(
      caller,
      { action: 'account.create', targetType: 'account', targetId: accountId, unitPath: resident.path, details: { role: 'resident', residentId: resident.id } },
      tx,
    );
  }
}
