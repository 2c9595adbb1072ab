import { vietnamDay } from '@hvs/platform';
import { Injectable } from '@nestjs/common';
import { verifyCredentialJwt } from '../credentials/credential-signer';
import { isValidSerial, SERIAL_PATTERN } from '../certificates/serial';
import { SigningKeyRing } from '../credentials/signing-keys';
import { CertificateReadRepository, type IssuedCertificate } from './certificate-read.repository';
import { credentialContents, storedCredentialContents, type CredentialContents } from './credential-contents';
import { maskHolderName } from './holder-name-mask';
import { VerificationErrors } from './verification-errors';
import type { CertificateVerificationView, CredentialVerificationView } from './verification.dto';

/** A code as typed: a serial (dashes and spaces optional) or a 16-character verification code. */
export type VerificationCode = { kind: 'serial'; serial: string } | { kind: 'code'; code: string };

const MAX_CODE_INPUT = 64;

/**
 * Reads the code of a verification request. A serial is 14 digits (`PP-YYYY-NNNNNNN-C`, dashes and
 * spaces optional) whose Damm check digit must hold; a verification code is 16 Crockford base32
 * characters (case-insensitive, I/L read as 1 and O as 0, dashes and spaces ignored). Anything else is
 * 400 CERTIFICATE_CODE_INVALID; a serial with a wrong check digit 400 CERTIFICATE_SERIAL_CHECK_FAILED.
 */
export function parseVerificationCode(raw: string): VerificationCode {
  if (raw.length > MAX_CODE_INPUT) throw VerificationErrors.codeInvalid();
  const compact = raw.replace(/[\s-]/g, '').toUpperCase();
  if (/^[0-9]{14}$/.test(compact)) {
    if (!isValidSerial(compact)) throw VerificationErrors.serialCheckFailed();
    const serial = `${compact.slice(0, 2)}-${compact.slice(2, 6)}-${compact.slice(6, 13)}-${compact.slice(13)}`;
    if (!SERIAL_PATTERN.test(serial)) throw VerificationErrors.codeInvalid();
    return { kind: 'serial', serial };
  }
  const code = compact.replace(/[IL]/g, '1').replace(/O/g, '0');
  if (/^[0-9A-HJKMNP-TV-Z]{16}$/.test(code)) return { kind: 'code', code };
  throw VerificationErrors.codeInvalid();
}

/** Only recognised and revoked certificates (with their credential) are known to verification. */
function isKnown(c: IssuedCertificate | null): c is IssuedCertificate & { credentialJwt: string } {
  return c !== null && (c.state === 'recognised' || c.state === 'revoked') && c.credentialJwt !== null;
}

/**
 * Public verification: by serial or verification code, or by posting the credential. Answers what
 * anyone may know of a certificate (the holder's name masked, the course and version, the issue date,
 * the issuing unit), read from the credential signed at issue: no CCCD, no birth date, no id.
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly certificates: CertificateReadRepository,
    private readonly keys: SigningKeyRing,
  ) {}

  /** The certificate a code names, or null when it names none known (pending, rejected and failed are unknown). */
  async byCode(raw: string): Promise<CertificateVerificationView | null> {
    const code = parseVerificationCode(raw);
    const certificate = code.kind === 'serial' ? await this.certificates.bySerial(code.serial) : await this.certificates.byVerificationCode(code.code);
    if (!isKnown(certificate)) return null;
    return this.view(certificate, storedCredentialContents(certificate.credentialJwt));
  }

  /** Verifies a posted credential JWT against our published keys, then its certificate's state. */
  async credential(jwt: string): Promise<CredentialVerificationView> {
    const result = await verifyCredentialJwt(jwt, this.keys.publicJwks());
    if (!result.valid) return { status: 'invalid', reason: { code: result.code, message: result.message } };
    const certificate = await this.certificates.byId(result.certificateId);
    if (!isKnown(certificate) || certificate.serial !== result.serial) {
      return {
        status: 'invalid',
        reason: { code: 'credential_not_recognised', message: 'Chứng nhận có chữ ký của Học Vụ Số nhưng không có trong sổ chứng nhận đã được công nhận.' },
      };
    }
    const view = this.view(certificate, credentialContents(result.credential));
    return { status: view.status, kid: result.kid, certificate: view };
  }

  private view(c: IssuedCertificate, contents: CredentialContents): CertificateVerificationView {
    return {
      status: c.state === 'revoked' ? 'revoked' : 'valid',
      serial: c.serial,
      holderName: maskHolderName(contents.holderFullName),
      course: { title: contents.courseTitle, version: contents.courseVersion },
      issuedOn: vietnamDay(contents.issuedAt),
      issuer: { name: contents.issuerName },
      ...(c.state === 'revoked' && c.revokedAt ? { revokedOn: vietnamDay(new Date(c.revokedAt)) } : {}),
    };
  }
}
