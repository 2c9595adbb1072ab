import { Injectable } from '@nestjs/common';
import { AppError } from '@hvs/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { scopeOf, type AccountEntity } from '../accounts/account.entity';
import { AccountRepository } from '../accounts/account.repository';
import { IdentityErrors } from '../identity-errors';
import { PasswordHasher } from '../passwords/password-hasher';
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
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.dummyHash = hasher.hash(`dummy-${Math.random()}`);
  }

  /**
   * The account for a username and password, or INVALID_CREDENTIALS (the same whether the user exists or
   * not). Private: callers use checkCredentialsThrottled, so no password check escapes the throttle.
   */
  private async checkCredentials(username: string, password: string): Promise<AccountEntity> {
    const account = await this.accounts.findForLogin(username.trim().toLowerCase());
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
    await this.throttle.assertAllowed(username, address);
    try {
      const account = await this.checkCredentials(username, password);
      await this.throttle.recordSuccess(username, address);
      return account;
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') await this.throttle.recordFailure(username, address);
      throw err;
    }
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
   * all refresh tokens and every access token issued before (the caller logs in again).
   */
  async changePassword(account: AccountEntity, currentPassword: string, newPassword: string, address: string): Promise<void> {
    if (!account.username) throw IdentityErrors.invalidCredentials();
    await this.checkCredentialsThrottled(account.username, currentPassword, address);
    if (currentPassword === newPassword) throw IdentityErrors.passwordUnchanged();
    await this.accounts.setPasswordHash(account.id, await this.hasher.hash(newPassword));
    await this.logoutEverywhere(account.id);
  }

  /** Ends every session of the account, including access tokens not yet expired (session epoch). */
  async logoutEverywhere(accountId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.refreshTokens.revokeAccount(tx, accountId, 'logout_everywhere');
    });
    await this.accounts.bumpSessionEpoch(accountId);
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
