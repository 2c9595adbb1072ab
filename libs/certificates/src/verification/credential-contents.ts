import { decodeJwt } from 'jose';
import { ISSUER_NAME_PREFIX, type OpenBadgeCredential } from '../credentials/credential-signer';

/** What a certificate's signed credential says, as the verification page and the PDF show it. */
export interface CredentialContents {
  holderFullName: string;
  serial: string;
  courseTitle: string;
  courseVersion: number;
  competencies: { code: string; name: string }[];
  issuedAt: Date;
  /** The issuing unit's name (the platform's prefix removed). */
  issuerName: string;
}

/** Reads the contents of a credential we signed (stored with the certificate; its signature is ours). */
export function credentialContents(credential: OpenBadgeCredential): CredentialContents {
  const subject = credential.credentialSubject;
  const name = subject.identifier.find((i) => i.identityType === 'name' && !i.hashed)?.identityHash ?? '';
  const issuer = credential.issuer.name.startsWith(ISSUER_NAME_PREFIX) ? credential.issuer.name.slice(ISSUER_NAME_PREFIX.length) : credential.issuer.name;
  return {
    holderFullName: name,
    serial: subject.licenseNumber,
    courseTitle: subject.achievement.name,
    courseVersion: Number(subject.achievement.version),
    competencies: (subject.achievement.alignment ?? []).map((a) => ({ code: a.targetCode, name: a.targetName })),
    issuedAt: new Date(credential.validFrom),
    issuerName: issuer,
  };
}

/** The contents of a stored credential JWT. */
export function storedCredentialContents(jwt: string): CredentialContents {
  return credentialContents(decodeJwt(jwt) as unknown as OpenBadgeCredential);
}
