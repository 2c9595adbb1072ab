import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUniqueViolation } from '@hvs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { AccountCache } from '../access/account-cache';

export type OneTimeCodePurpose = 'first_login' | 'password_reset';

/** A pending one-time code (only its keyed hash is stored). */
export interface OneTimeCodeRow {
  id: string;
  accountId: string;
  purpose: OneTimeCodePurpose;
  codeHash: Buffer;
  expiresAt: Date;
  attempts: number;
}

/**
 * Resident accounts (found by the keyed hash of their phone, `identity_accounts.phone_index`) and their
 * one-time codes (`identity_one_time_codes`). Writes run in the caller's transaction.
 */
@Injectable()
export class ResidentAccountRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: AccountCache,
  ) {}

  /**
   * The resident account holding a phone (by its keyed hash), with its password hash, for a login or a
   * one-time code; locked for the rest of the transaction when `lock` is set.
   */
  findByPhoneIndex(
    phoneIndex: Buffer,
    options: { manager?: EntityManager; lock?: boolean } = {},
  ): Promise<(AccountEntity & { passwordHash: string | null }) | null> {
    const qb = (options.manager ?? this.dataSource.manager)
      .getRepository(AccountEntity)
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('a.phone_index = :phoneIndex', { phoneIndex })
      .andWhere("a.role = 'resident'");
    if (options.lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /**
   * Creates a resident account (no username, no password) for a phone, unless an account already holds
   * that phone: then nothing happens and null is returned (also when a concurrent registration takes it
   * first; ON CONFLICT waits for it instead of failing the caller's transaction).
   */
  async createForPhone(tx: EntityManager, account: { displayName: string; phoneIndex: Buffer }): Promise<string | null> {
    const rows: Array<{ id: string }> = await tx.query(
      `INSERT INTO identity_accounts (role, display_name, phone_index) VALUES ('resident', $1, $2)
       ON CONFLICT (phone_index) DO NOTHING RETURNING id`,
      [account.displayName, account.phoneIndex],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Moves an account to another phone (or to none). When another account already holds the phone the
   * account is left without one and false is returned: a savepoint keeps the caller's transaction alive.
   */
  async setPhoneIndex(tx: EntityManager, accountId: string, phoneIndex: Buffer | null): Promise<boolean> {
    try {
      await tx.transaction((inner) =>
        inner.query(`UPDATE identity_accounts SET phone_index = $2, updated_at = now() WHERE id = $1`, [accountId, phoneIndex]),
      );
      return true;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await tx.query(`UPDATE identity_accounts SET phone_index = NULL, updated_at = now() WHERE id = $1`, [accountId]);
      return false;
    }
  }

  /** Sets the password and ends every session issued before (the session epoch moves on). */
  async setPasswordEndingSessions(tx: EntityManager, accountId: string, passwordHash: string): Promise<void> {
    this.cache.forget(accountId);
    await tx.query(
      `UPDATE identity_accounts SET password_hash = $2, password_changed_at = now(), updated_at = now(),
         session_epoch = session_epoch + 1 WHERE id = $1`,
      [accountId, passwordHash],
    );
  }

  // ---- one-time codes ----

  /** Stores a new code for the account; any code still pending for it is dropped (only the latest works). */
  async replacePendingCode(tx: EntityManager, code: Omit<OneTimeCodeRow, 'attempts'>): Promise<void> {
    await this.dropPendingCodes(tx, code.accountId);
    await tx.query(
      `INSERT INTO identity_one_time_codes (id, account_id, purpose, code_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [code.id, code.accountId, code.purpose, code.codeHash, code.expiresAt],
    );
  }

  /** Drops the account's pending codes (e.g. the phone they were sent to is no longer the account's). */
  async dropPendingCodes(tx: EntityManager, accountId: string): Promise<void> {
    await tx.query(`DELETE FROM identity_one_time_codes WHERE account_id = $1 AND consumed_at IS NULL`, [accountId]);
  }

  /** The account's pending code, locked: two checks of one code serialise here. */
  async pendingCodeForUpdate(tx: EntityManager, accountId: string): Promise<OneTimeCodeRow | null> {
    const rows: Array<{ id: string; account_id: string; purpose: OneTimeCodePurpose; code_hash: Buffer; expires_at: Date; attempts: number }> =
      await tx.query(
        `SELECT id, account_id, purpose, code_hash, expires_at, attempts FROM identity_one_time_codes
          WHERE account_id = $1 AND consumed_at IS NULL ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
        [accountId],
      );
    const row = rows[0];
    return row
      ? { id: row.id, accountId: row.account_id, purpose: row.purpose, codeHash: row.code_hash, expiresAt: new Date(row.expires_at), attempts: Number(row.attempts) }
      : null;
  }

  async countWrongAttempt(tx: EntityManager, codeId: string): Promise<void> {
    await tx.query(`UPDATE identity_one_time_codes SET attempts = attempts + 1 WHERE id = $1`, [codeId]);
  }

  async consume(tx: EntityManager, codeId: string): Promise<void> {
    await tx.query(`UPDATE identity_one_time_codes SET consumed_at = now() WHERE id = $1`, [codeId]);
  }
}
