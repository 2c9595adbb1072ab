import { Module } from '@nestjs/common';
import { CertificateReadRepository } from './certificate-read.repository';
import { JwksController } from './jwks.controller';
import { SigningKeyRingProvider } from './signing-key-ring.provider';
import { VerificationController } from './verification.controller';
import { VerificationService } from './verification.service';
import { VerificationThrottle } from './verification-throttle';

/** Public verification (GET/POST /verify) and the published keys (/.well-known/jwks.json). For the api. */
@Module({
  controllers: [JwksController, VerificationController],
  providers: [SigningKeyRingProvider, CertificateReadRepository, VerificationService, VerificationThrottle],
  exports: [SigningKeyRingProvider, CertificateReadRepository],
})
export class CertificateVerificationModule {}
