import { Module } from '@nestjs/common';
import { IdentityModule } from '@hvs/identity';
import { AuditModule } from '@hvs/platform';
import { CertificateVerificationModule } from '../verification/certificate-verification.module';
import { CertificateDocumentsController } from './certificate-documents.controller';
import { CertificateDocumentsService } from './certificate-documents.service';
import { OwnCertificateDocumentsController } from './own-certificate-documents.controller';

/** The documents of recognised certificates (PDF, signed credential) for residents and officers. For the api. */
@Module({
  imports: [IdentityModule, AuditModule, CertificateVerificationModule],
  controllers: [OwnCertificateDocumentsController, CertificateDocumentsController],
  providers: [CertificateDocumentsService],
})
export class CertificateDocumentsModule {}
