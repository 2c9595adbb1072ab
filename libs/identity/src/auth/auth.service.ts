import { Injectable } from '@nestjs/common';
import { AppError, AuditLog, type Caller } from '@hvs/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { scopeOf, type AccountEntity } from '../accounts/account.entity';
import { AccountRepository } from '../accounts/account.repository';
import { IdentityErrors } from '../identity-errors';
import { PasswordHasher } from '../passwords/password-hasher';
import { ResidentAccountRepository } from '../resident-accounts/resident-account.repository';
import { normalizePhone, ResidentPersonalDataCodec } from '../residents/resident-personal-data';
import type { AccountView, TokenPair } from './auth.dto';
import { LoginThrottle } from './login-throttle';
import { RefreshTokenRepository } from './refresh-token.repository';
import { hashRefreshToken, TokenService } from './token.service';

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export function toAccountView(a: AccountEntity): AccountView {
  return { id: a.id, role: a.role, username: a.username, displayName: a.displayName, scope: scopeOf(a) };
}

/**
 * Login, token refresh with rotation and reuse detection, logout. A refresh token is used once: using it
 * gives a new pair and marks it used; presenting a used token again means it leaked, so its whole
 * family (every token descended from the same login) is revoked.
 */
@Injectable()
export class AuthService {
  /** A real argon2id hash of a random password, checked when the account does not exist (same timing). */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly accounts: AccountRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly residentAccounts: ResidentAccountRepository,
    private readonly codec: ResidentPersonalDataCodec,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.dummyHash = hasher.hash(`dummy-${Math.random()}`);
  }

  /**
   * The account for a username and password, or INVALID_CREDENTIALS (the same whether the user exists or
   * not). Private: callers use checkCredentialsThrottled, so no password check escapes the throttle.
   */
  private async checkCredentials(username: string, password: string): Promise<AccountEntity> {
    const account = await this.findForLogin(username);
    const hash = account?.passwordHash ?? (await this.dummyHash);
    const ok = await this.hasher.verify(hash, password);
    if (!account || !account.passwordHash || !ok) throw IdentityErrors.invalidCredentials();
    if (account.status !== 'active') throw IdentityErrors.accountDisabled();
    if (this.hasher.needsRehash(account.passwordHash)) {
      await this.accounts.setPasswordHash(account.id, await this.hasher.hash(password));
    }
    return account;
  }

  /**
   * checkCredentials behind the login throttle: refused with 429 after too many failures for the account
   * or the address; failures are counted, a success clears the account's counter. Every password check
   * of the API goes through here (login, password change), so none can be used to guess.
   */
  async checkCredentialsThrottled(username: string, password: string, address: string): Promise<AccountEntity> {
    const key = this.throttleKey(username);
    await this.throttle.assertAllowed(key, address);
    try {
      const account = await this.checkCredentials(username, password);
      await this.throttle.recordSuccess(key, address);
      return account;
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') await this.throttle.recordFailure(key, address);
      throw err;
    }
  }

  /**
   * A login is a staff username or a resident's phone number ("0912345678", "+84 912 345 678"), found
   * by its keyed hash; a phone-like login that no resident account holds is tried as a username.
   */
  private async findForLogin(login: string): Promise<(AccountEntity & { passwordHash: string | null }) | null> {
    const phone = normalizePhone(login.trim());
    const byPhone = phone ? await this.residentAccounts.findByPhoneIndex(this.codec.phoneIndex(phone)) : null;
    return byPhone ?? this.accounts.findForLogin(login.trim().toLowerCase());
  }

  /** The throttle counts a phone under its keyed hash (every spelling of one number together, no number in Redis). */
  private throttleKey(login: string): string {
    const phone = normalizePhone(login.trim());
    return phone ? `phone:${this.codec.phoneIndex(phone).toString('base64url')}` : login;
  }

  /** Starts a session: a new token family. */
  async issueTokens(account: AccountEntity, client: ClientInfo): Promise<TokenPair> {
    return this.dataSource.transaction(async (tx) => {
      const token = await this.storeNewRefreshToken(tx, account.id, undefined, client);
      return this.pair(account, token);
    });
  }

  async refresh(refreshToken: string, client: ClientInfo): Promise<TokenPair> {
    const outcome = await this.dataSource.transaction(async (tx) => {
      const current = await this.refreshTokens.findByHashForUpdate(tx, hashRefreshToken(refreshToken));
      if (!current || current.revokedAt || current.expiresAt.getTime() <= Date.now()) return { error: IdentityErrors.invalidToken() };
      if (current.usedAt) {
        await this.refreshTokens.revokeFamily(tx, current.familyId, 'reuse_detected');
        return { error: IdentityErrors.refreshTokenReused() };
      }
      const account = await this.accounts.findById(current.accountId);
      if (!account || account.status !== 'active') return { error: IdentityErrors.invalidToken() };
      await this.refreshTokens.markUsed(tx, current.id);
      const token = await this.storeNewRefreshToken(tx, account.id, current.familyId, client);
      return { pair: this.pair(account, token) };
    });
    // the revocation above is committed even though the caller gets an error
    if ('error' in outcome) throw outcome.error;
    return outcome.pair;
  }

  /** Ends the session of this refresh token (its family). Unknown tokens are ignored: logout always succeeds. */
  async logout(refreshToken: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const current = await this.refreshTokens.findByHashForUpdate(tx, hashRefreshToken(refreshToken));
      if (current) await this.refreshTokens.revokeFamily(tx, current.familyId, 'logout');
    });
  }

  /**
   * Changes the caller's own password (the current one must be given), then ends every other session:
   * all refresh tokens and every access token issued before (the caller logs in again). Audited.
   */
  async changePassword(caller: Caller<AccountEntity>, currentPassword: string, newPassword: string): Promise<void> {
    const { account } = caller;
    if (!account.username) throw IdentityErrors.invalidCredentials();
    await this.checkCredentialsThrottled(account.username, currentPassword, caller.ip ?? '');
    if (currentPassword === newPassword) throw IdentityErrors.passwordUnchanged();
    const passwordHash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (tx) => {
      await this.accounts.setPasswordHash(account.id, passwordHash, tx);
      await this.endAllSessions(tx, account.id, 'password_change');
      await this.audit.record(caller, this.accountEvent('account.password_change', account), tx);
    });
  }

  /** Ends every session of the caller's account, including access tokens not yet expired (session epoch). Audited. */
  async logoutEverywhere(caller: Caller<AccountEntity>): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.endAllSessions(tx, caller.account.id, 'logout_everywhere');
      await this.audit.record(caller, this.accountEvent('account.logout_all', caller.account), tx);
    });
  }

  private async endAllSessions(tx: EntityManager, accountId: string, reason: string): Promise<void> {
    await this.refreshTokens.revokeAccount(tx, accountId, reason);
    await this.accounts.bumpSessionEpoch(accountId, tx);
  }

  private accountEvent(action: string, account: AccountEntity) {
    return { action, targetType: 'account', targetId: account.id, unitPath: account.scopePath, details: { sessionsEnded: true } };
  }

  /** A new refresh token of a family (a new family when none is given); only its hash is stored. */
  private async storeNewRefreshToken(tx: EntityManager, accountId: string, familyId: string | undefined, client: ClientInfo): Promise<string> {
    const refresh = this.tokens.newRefreshToken();
    await this.refreshTokens.insert(tx, {
      id: refresh.id,
      accountId,
      familyId: familyId ?? refresh.id,
      tokenHash: refresh.hash,
      expiresAt: refresh.expiresAt,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      ip: client.ip ?? null,
    });
    return refresh.token;
  }

  private pair(account: AccountEntity, refreshToken: string): TokenPair {
    return {
      accessToken: this.tokens.signAccessToken(account),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTokenTtlSeconds,
      account: toAccountView(account),
    };
  }
}
