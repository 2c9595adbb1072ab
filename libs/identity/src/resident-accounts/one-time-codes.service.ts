import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessScope, AppError, AuditLog, Env } from '@hvs/platform';
import type { DataSource } from 'typeorm';
import { AccountRepository } from '../accounts/account.repository';
import type { TokenPair } from '../auth/auth.dto';
import { AuthService, type ClientInfo } from '../auth/auth.service';
import { RefreshTokenRepository } from '../auth/refresh-token.repository';
import { IdentityErrors } from '../identity-errors';
import { PasswordHasher } from '../passwords/password-hasher';
import { PersonalDataCipher } from '../personal-data/personal-data-cipher';
import { normalizePhone, ResidentPersonalDataCodec } from '../residents/resident-personal-data';
import { ResidentRepository } from '../residents/resident.repository';
import { OTP_LIMITS, OtpThrottle } from './otp-throttle';
import { ResidentAccountRepository, type OneTimeCodePurpose } from './resident-account.repository';
import { SmsOutbox } from './sms-outbox';
import { ResidentAccountLinker } from './resident-account-linker';

export const OtpErrors = {
  invalidPhone: () =>
    AppError.badRequest('PHONE_INVALID', 'Số điện thoại không hợp lệ (số di động Việt Nam, ví dụ 0912345678).', { field: 'phone' }),
  invalid: () => new AppError(401, 'OTP_INVALID', 'Mã xác thực không đúng. Vui lòng kiểm tra lại tin nhắn hoặc yêu cầu mã mới.'),
  expired: () => new AppError(401, 'OTP_EXPIRED', 'Mã xác thực đã hết hạn. Vui lòng yêu cầu mã mới.'),
  tooManyAttempts: () =>
    new AppError(401, 'OTP_TOO_MANY_ATTEMPTS', 'Mã xác thực này đã bị nhập sai quá nhiều lần và không còn dùng được. Vui lòng yêu cầu mã mới.'),
};

/** The text of the SMS that carries a code. */
export function oneTimeCodeMessage(code: string, ttlSeconds: number): string {
  return `Mã xác thực Học Vụ Số của bạn là ${code}. Mã có hiệu lực ${Math.round(ttlSeconds / 60)} phút. Không chia sẻ mã này cho bất kỳ ai.`;
}

/** The one answer to a code request, whether or not the phone has an account. */
export interface OtpRequestAccepted {
  message: string;
  expiresInSeconds: number;
}

const CODE_PURPOSE = 'identity.one_time_code';

/**
 * First login (and forgotten password) of resident accounts by a one-time code sent to their phone.
 * Requesting a code answers the same whatever the phone (no account enumeration); the 6-digit code is
 * stored as its keyed hash only, works once, for OTP_TTL_S, and dies after 5 wrong tries. Checking it
 * sets the password (argon2id), ends any earlier session and logs the resident in.
 */
@Injectable()
export class OneTimeCodesService {
  constructor(
    private readonly residentAccounts: ResidentAccountRepository,
    private readonly linker: ResidentAccountLinker,
    private readonly accounts: AccountRepository,
    private readonly residents: ResidentRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly codec: ResidentPersonalDataCodec,
    private readonly cipher: PersonalDataCipher,
    private readonly hasher: PasswordHasher,
    private readonly outbox: SmsOutbox,
    private readonly throttle: OtpThrottle,
    private readonly auth: AuthService,
    private readonly audit: AuditLog,
    private readonly env: Env,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Sends a code to the phone if it belongs to an active resident account (created now for a resident
   * registered with this phone but without an account, e.g. by a bulk import): "first_login" while the
   * account has no password, "password_reset" after. A new code replaces one still pending.
   */
  async request(phoneInput: string, client: ClientInfo): Promise<OtpRequestAccepted> {
    const phone = normalizePhone(phoneInput);
    if (!phone) throw OtpErrors.invalidPhone();
    const phoneIndex = this.codec.phoneIndex(phone);
    await this.throttle.takeRequest(phoneIndex, client.ip ?? 'unknown');
    await this.dataSource.transaction(async (tx) => {
      let account = await this.residentAccounts.findByPhoneIndex(phoneIndex, { manager: tx, lock: true });
      if (!account && (await this.linker.accountOnFirstCode(tx, phoneIndex))) {
        account = await this.residentAccounts.findByPhoneIndex(phoneIndex, { manager: tx, lock: true });
      }
      if (!account || account.status !== 'active') return;
      const purpose: OneTimeCodePurpose = account.passwordHash ? 'password_reset' : 'first_login';
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const id = randomUUID();
      await this.residentAccounts.replacePendingCode(tx, {
        id,
        accountId: account.id,
        purpose,
        codeHash: this.codeHash(id, code),
        expiresAt: new Date(Date.now() + this.env.OTP_TTL_S * 1000),
      });
      await this.outbox.enqueue(tx, { accountId: account.id, phone, purpose, text: oneTimeCodeMessage(code, this.env.OTP_TTL_S) });
    });
    return {
      message: `Nếu số điện thoại này có tài khoản Học Vụ Số, mã xác thực đã được gửi bằng tin nhắn. Mã có hiệu lực ${Math.round(this.env.OTP_TTL_S / 60)} phút.`,
      expiresInSeconds: this.env.OTP_TTL_S,
    };
  }

  /**
   * Checks a code and sets the account's password: a token pair like a login. A wrong code counts
   * against the code (OTP_INVALID; from the 6th try OTP_TOO_MANY_ATTEMPTS even with the right one) and
   * the client address; an unknown phone answers OTP_INVALID like a wrong code. OTP_EXPIRED only for the
   * right code given too late.
   */
  async verify(body: { phone: string; code: string; newPassword: string }, client: ClientInfo & { requestId?: string }): Promise<TokenPair> {
    const phone = normalizePhone(body.phone);
    if (!phone) throw OtpErrors.invalidPhone();
    const address = client.ip ?? 'unknown';
    await this.throttle.assertVerifyAllowed(address);
    const outcome = await this.dataSource.transaction(async (tx) => {
      const account = await this.residentAccounts.findByPhoneIndex(this.codec.phoneIndex(phone), { manager: tx, lock: true });
      const pending = account && account.status === 'active' ? await this.residentAccounts.pendingCodeForUpdate(tx, account.id) : null;
      if (!account || !pending) {
        this.codeHash(randomUUID(), body.code); // the same work as a real check
        return { error: OtpErrors.invalid(), wrong: true };
      }
      if (pending.attempts >= OTP_LIMITS.attemptsPerCode) return { error: OtpErrors.tooManyAttempts(), wrong: true };
      if (!this.cipher.matches(`${pending.id}:${body.code}`, CODE_PURPOSE, pending.codeHash)) {
        await this.residentAccounts.countWrongAttempt(tx, pending.id);
        return { error: OtpErrors.invalid(), wrong: true };
      }
      if (pending.expiresAt.getTime() <= Date.now()) return { error: OtpErrors.expired(), wrong: false };
      await this.residentAccounts.consume(tx, pending.id);
      await this.residentAccounts.setPasswordEndingSessions(tx, account.id, await this.hasher.hash(body.newPassword));
      await this.refreshTokens.revokeAccount(tx, account.id, pending.purpose);
      const resident = await this.residents.findByAccount(account.id);
      await this.audit.record(
        { account: { id: account.id, role: account.role }, scope: AccessScope.paths([]), requestId: client.requestId, ip: client.ip },
        {
          action: pending.purpose === 'first_login' ? 'account.first_login' : 'account.password_reset',
          targetType: 'account',
          targetId: account.id,
          unitPath: resident?.path ?? null,
          details: { method: 'sms_one_time_code', passwordSet: true },
        },
        tx,
      );
      return { accountId: account.id };
    });
    // wrong attempts are committed even though the caller gets an error
    if ('error' in outcome) {
      if (outcome.wrong) await this.throttle.recordVerifyFailure(address);
      throw outcome.error;
    }
    const account = await this.accounts.findById(outcome.accountId);
    if (!account || account.status !== 'active') throw IdentityErrors.accountDisabled();
    return this.auth.issueTokens(account, client);
  }

  /** Keyed hash of a code, bound to its row: without PII_INDEX_KEY a million guesses do not find it. */
  private codeHash(id: string, code: string): Buffer {
    return this.cipher.index(`${id}:${code}`, CODE_PURPOSE);
  }
}
