import { createHash, sign } from 'node:crypto';
import { createLocalJWKSet, errors, jwtVerify } from 'jose';
import { API_PREFIX } from '@hvs/platform';
import { CREDENTIAL_ALG, type PublicJwks, type SigningKeyRing } from './signing-keys';

export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** The JOSE header types of a VC-JOSE credential (W3C "Securing Verifiable Credentials using JOSE and COSE"). */
export const VC_JWT_TYP = 'vc+jwt';
export const VC_JWT_CTY = 'vc';
/** The issuer's display name: the platform, then the unit that issues. */
export const ISSUER_NAME_PREFIX = 'Học Vụ Số — ';

/** Everything a certificate's credential (and its PDF) is made from: plain data, no entities. */
export interface CredentialInput {
  /** The certificate's id (a UUID): the credential's id is urn:uuid:<certificateId>. */
  certificateId: string;
  /** The serial readable over the phone; also the code of the verification page. */
  serial: string;
  issuedAt: Date;
  holder: {
    /** The resident's id: only its salted hash goes into the credential. */
    residentId: string;
    fullName: string;
    /** Printed on the PDF only (not in the credential). */
    birthYear: number;
  };
  course: {
    id: string;
    title: string;
    description: string;
    version: number;
    /** What the holder did to earn it, in Vietnamese (e.g. attendance and the final quiz). */
    criteria: string;
    competencies: readonly { code: string; name: string }[];
  };
  issuingUnit: { code: string; name: string };
}

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: string[];
  name: string;
  issuer: { id: string; type: string[]; name: string };
  validFrom: string;
  credentialSubject: {
    type: string[];
    identifier: { type: 'IdentityObject'; identityType: string; hashed: boolean; identityHash: string; salt?: string }[];
    licenseNumber: string;
    achievement: {
      id: string;
      type: string[];
      achievementType: 'Certificate';
      name: string;
      description: string;
      criteria: { narrative: string };
      version: string;
      alignment: { type: string[]; targetType: 'ceterms:Competency'; targetCode: string; targetName: string; targetUrl: string }[];
    };
  };
  credentialStatus: { id: string; type: string };
}

/**
 * The public page where anyone checks a certificate: `${publicUrl}/api/v1/verify/<serial>` (the api's
 * GET /verify/{code}: a browser gets the Vietnamese page, a program JSON). The QR code of the PDF and
 * the credential's credentialStatus point at it.
 */
export function verificationUrl(publicUrl: string, serial: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${API_PREFIX}/verify/${encodeURIComponent(serial)}`;
}

/**
 * The Open Badges 3.0 credential of a certificate. Personal data in it: the holder's full name (the
 * credential is shown to prove who holds it) and a salted hash of the resident's internal id; never
 * the CCCD, in any form (a 12-digit number with a known structure is found back from its hash), nor
 * the birth date.
 */
export function buildOpenBadgeCredential(input: CredentialInput, publicUrl: string): OpenBadgeCredential {
  const { course, holder, issuingUnit } = input;
  const achievementId = `urn:hocvuso:course:${course.id}:v${course.version}`;
  // the salt is derived from the certificate, so that signing the same certificate twice gives the same credential
  const salt = createHash('sha256').update(`salt:${input.certificateId}`).digest('hex').slice(0, 32);
  return {
    '@context': [VC_CONTEXT_V2, OB_CONTEXT_V3],
    id: `urn:uuid:${input.certificateId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `Giấy chứng nhận: ${course.title}`,
    issuer: { id: `urn:hocvuso:unit:${issuingUnit.code}`, type: ['Profile'], name: `${ISSUER_NAME_PREFIX}${issuingUnit.name}` },
    validFrom: input.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: holder.fullName },
        {
          type: 'IdentityObject',
          identityType: 'systemId',
          hashed: true,
          identityHash: `sha256$${createHash('sha256').update(holder.residentId + salt).digest('hex')}`,
          salt,
        },
      ],
      licenseNumber: input.serial,
      achievement: {
        id: achievementId,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: course.title,
        description: course.description,
        criteria: { narrative: course.criteria },
        version: String(course.version),
        alignment: course.competencies.map((c) => ({
          type: ['Alignment'],
          targetType: 'ceterms:Competency',
          targetCode: c.code,
          targetName: c.name,
          targetUrl: `urn:hocvuso:competency:${c.code}`,
        })),
      },
    },
    credentialStatus: { id: verificationUrl(publicUrl, input.serial), type: 'HocVuSoVerificationPage' },
  };
}

/**
 * Signs certificates' credentials as VC-JOSE JWTs. Deterministic: the same certificate signed with
 * the same key gives the same JWT (iat = nbf = the issue date, Ed25519 signatures are deterministic),
 * so that a retried submission to the partner carries the same body under the same idempotency key.
 */
const base64url = (json: string) => Buffer.from(json, 'utf8').toString('base64url');

export class CredentialSigner {
  constructor(
    private readonly keys: SigningKeyRing,
    private readonly publicUrl: string,
  ) {}

  /**
   * Signs the credential as a compact JWS (RFC 7515) over Ed25519 (RFC 8037) with Node's crypto, the
   * same bytes jose's SignJWT would give: a quarter of its CPU (jose goes through WebCrypto), which
   * matters at thousands of certificates a second. Verification stays with jose (verifyCredentialJwt).
   */
  async sign(input: CredentialInput): Promise<{ jwt: string; kid: string; credential: OpenBadgeCredential }> {
    const credential = buildOpenBadgeCredential(input, this.publicUrl);
    const { kid, key } = this.keys.signingKey();
    const issuedAt = Math.floor(input.issuedAt.getTime() / 1000);
    const header = { alg: CREDENTIAL_ALG, kid, typ: VC_JWT_TYP, cty: VC_JWT_CTY };
    const claims = { ...credential, iss: credential.issuer.id, jti: credential.id, iat: issuedAt, nbf: issuedAt };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign(null, Buffer.from(signingInput, 'ascii'), key).toString('base64url');
    const jwt = `${signingInput}.${signature}`;
    return { jwt, kid, credential };
  }
}

export type CredentialVerification =
  | { valid: true; kid: string; credential: OpenBadgeCredential; serial: string; certificateId: string }
  | { valid: false; code: CredentialInvalidCode; message: string };

export const CREDENTIAL_INVALID = {
  credential_malformed: 'Chuỗi đưa vào không phải là một chứng nhận số (JWT) hợp lệ.',
  credential_unknown_key: 'Chứng nhận được ký bằng một khóa mà Học Vụ Số không công bố.',
  credential_bad_signature: 'Chữ ký không khớp: chứng nhận đã bị sửa đổi hoặc không do Học Vụ Số cấp.',
  credential_not_yet_valid: 'Chứng nhận chưa đến ngày có hiệu lực.',
  credential_wrong_type: 'Đây không phải là chứng nhận Open Badges do Học Vụ Số cấp.',
} as const;
export type CredentialInvalidCode = keyof typeof CREDENTIAL_INVALID;

/** Longest JWT accepted for verification (a certificate's is about 2-3 KB). */
export const MAX_CREDENTIAL_JWT_LENGTH = 20_000;

/**
 * Verifies a credential JWT against the published keys (any of them: rotation), offline, with
 * nothing but the JWKS. Says why when it does not verify. Revocation is not in the JWT: the caller
 * looks the certificate up for that.
 */
export async function verifyCredentialJwt(jwt: unknown, jwks: PublicJwks, now: Date = new Date()): Promise<CredentialVerification> {
  const invalid = (code: CredentialInvalidCode): CredentialVerification => ({ valid: false, code, message: CREDENTIAL_INVALID[code] });
  if (typeof jwt !== 'string' || jwt.length > MAX_CREDENTIAL_JWT_LENGTH || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt.trim())) {
    return invalid('credential_malformed');
  }
  try {
    const { payload, protectedHeader } = await jwtVerify(jwt.trim(), createLocalJWKSet(jwks), {
      algorithms: [CREDENTIAL_ALG],
      typ: VC_JWT_TYP,
      currentDate: now,
    });
    const credential = payload as unknown as OpenBadgeCredential;
    const types = Array.isArray(credential.type) ? credential.type : [];
    if (
      !types.includes('OpenBadgeCredential') ||
      typeof credential.id !== 'string' ||
      !credential.id.startsWith('urn:uuid:') ||
      payload.jti !== credential.id ||
      payload.iss !== credential.issuer?.id ||
      typeof credential.credentialSubject?.licenseNumber !== 'string'
    ) {
      return invalid('credential_wrong_type');
    }
    return {
      valid: true,
      kid: String(protectedHeader.kid),
      credential,
      serial: credential.credentialSubject.licenseNumber,
      certificateId: credential.id.slice('urn:uuid:'.length),
    };
  } catch (err) {
    if (err instanceof errors.JWKSNoMatchingKey) return invalid('credential_unknown_key');
    if (err instanceof errors.JWSSignatureVerificationFailed) return invalid('credential_bad_signature');
    if (err instanceof errors.JWTClaimValidationFailed) return invalid(err.claim === 'nbf' ? 'credential_not_yet_valid' : 'credential_wrong_type');
    if (err instanceof errors.JOSEAlgNotAllowed) return invalid('credential_wrong_type');
    if (err instanceof errors.JOSEError) return invalid('credential_malformed');
    throw err;
  }
}
