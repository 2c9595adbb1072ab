import { Injectable } from '@nestjs/common';
import { ResidentErrors, ResidentPersonalDataCodec, ResidentRepository } from '@hvs/identity';
import { AccessScope, AuditLog, Env, type Caller } from '@hvs/platform';
import { verificationUrl } from '../credentials/credential-signer';
import { CertificateReadRepository, type IssuedCertificate } from '../verification/certificate-read.repository';
import { storedCredentialContents } from '../verification/credential-contents';
import { VerificationErrors } from '../verification/verification-errors';
import type { CertificateCredentialView } from './certificate-documents.dto';

/** Whose certificate a request reads: the resident's own, or one of the caller's scope (staff). */
export type DocumentReach = 'own' | 'scope';

type Issued = IssuedCertificate & { credentialJwt: string };

/**
 * The documents of a recognised certificate: the printable PDF and the signed credential. A resident
 * reads their own; officers those of residents in their scope (404 outside it, like an unknown id).
 * Only a recognised certificate has documents (409 CERTIFICATE_NOT_ISSUED otherwise). Every read is
 * in the audit trail (`certificate.document_read`).
 */
@Injectable()
export class CertificateDocumentsService {
  constructor(
    private readonly certificates: CertificateReadRepository,
    private readonly residents: ResidentRepository,
    private readonly codec: ResidentPersonalDataCodec,
    private readonly audit: AuditLog,
    private readonly env: Env,
  ) {}

  async pdf(caller: Caller, id: string, reach: DocumentReach): Promise<{ body: Buffer; serial: string }> {
    const certificate = await this.issued(caller, id, reach);
    const resident = await this.residents.findInScope(certificate.residentId, AccessScope.all());
    if (!resident?.personalData) throw VerificationErrors.holderUnavailable();
    const birthYear = Number(this.codec.decrypt(resident.id, resident.personalData).birthDate.slice(0, 4));
    const contents = storedCredentialContents(certificate.credentialJwt);
    // loaded on first use: pdfkit and its font engine stay out of processes that never print
    const { renderCertificatePdf } = await import('./certificate-pdf');
    const body = await renderCertificatePdf({
      contents,
      birthYear: Number.isInteger(birthYear) ? birthYear : null,
      verificationUrl: verificationUrl(this.env.PUBLIC_URL, certificate.serial),
    });
    await this.record(caller, certificate, 'pdf');
    return { body, serial: certificate.serial };
  }

  async credential(caller: Caller, id: string, reach: DocumentReach): Promise<CertificateCredentialView> {
    const certificate = await this.issued(caller, id, reach);
    await this.record(caller, certificate, 'credential');
    return {
      credential: certificate.credentialJwt,
      keyId: certificate.credentialKeyId ?? '',
      serial: certificate.serial,
      verificationUrl: verificationUrl(this.env.PUBLIC_URL, certificate.serial),
    };
  }

  private async issued(caller: Caller, id: string, reach: DocumentReach): Promise<Issued> {
    let certificate: IssuedCertificate | null;
    if (reach === 'own') {
      const own = await this.residents.findByAccount(caller.account.id);
      if (!own) throw ResidentErrors.accountHasNoResident();
      certificate = await this.certificates.ofResident(id, own.id);
    } else {
      certificate = await this.certificates.inScope(id, caller.scope);
    }
    if (!certificate) throw VerificationErrors.notFound();
    if (certificate.state !== 'recognised' || certificate.credentialJwt === null) throw VerificationErrors.notIssued(certificate.state);
    return certificate as Issued;
  }

  private async record(caller: Caller, certificate: IssuedCertificate, document: 'pdf' | 'credential'): Promise<void> {
    await this.audit.record(caller, {
      action: 'certificate.document_read',
      targetType: 'certificate',
      targetId: certificate.id,
      unitPath: certificate.path,
      details: { document, residentId: certificate.residentId },
    });
  }
}
