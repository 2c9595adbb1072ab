import { Module } from '@nestjs/common';
import { GeographyModule } from '@hvs/geography';
import { IdentityModule } from '@hvs/identity';
import { CertificatesModule } from '../certificates.module';
import { CertificateManagementService } from './certificate-management.service';
import { CertificateQueryRepository } from './certificate-query.repository';
import { CertificatesController } from './certificates.controller';
import { OwnCertificatesController } from './own-certificates.controller';

/**
 * The api's routes of certificates for officers (lists, counts, history, revocation, re-submission,
 * re-drive) and residents (their own). The correction consumer lives in CertificatesModule, with the
 * other outbox consumers, so it runs wherever the dispatcher does (the worker).
 */
@Module({
  imports: [CertificatesModule, IdentityModule, GeographyModule],
  controllers: [CertificatesController, OwnCertificatesController],
  providers: [CertificateQueryRepository, CertificateManagementService],
})
export class CertificateManagementModule {}
