// The public API of @hvs/certificates: the module and the relay the worker runs.
// Named exports only; everything else is internal (libs/testing/src/architecture/public-api.spec.ts).
export { CertificatesModule } from './certificates.module';
export { CertificateReadersModule, CertificateStateCounter } from './certificates/certificate-state-counts';
export { CertificateRelay, RELAY_BATCH } from './certificates/certificate-relay';
export { CertificateIssuer } from './issuing/certificate-issuer';
export { IssuingModule } from './issuing/issuing.module';
export { Reconciliation } from './issuing/reconciliation';
export { RevocationNotifier } from './issuing/revocation-notifier';
export { PartnerError } from './partner/partner-error';
export { CertificateManagementModule } from './management/certificate-management.module';
export { CertificateVerificationModule } from './verification/certificate-verification.module';
export { CertificateDocumentsModule } from './documents/certificate-documents.module';
export { credentialCourse } from './credentials/credential-course';
export { CredentialSigner } from './credentials/credential-signer';
export { SigningKeyRing } from './credentials/signing-keys';
export { formatSerial, newVerificationCode } from './certificates/serial';
