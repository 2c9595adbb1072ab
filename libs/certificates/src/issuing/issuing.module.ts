import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { GeoCatalog } from '@hvs/geography';
import { ResidentReadersModule } from '@hvs/identity';
import { LearningReadersModule } from '@hvs/learning';
import { Env, QueueName } from '@hvs/platform';
import { CertificateRepository } from '../certificates/certificate.repository';
import { CredentialSigner } from '../credentials/credential-signer';
import { SigningKeyRing } from '../credentials/signing-keys';
import { PartnerModule } from '../partner/partner.module';
import { CertificateIssuer } from './certificate-issuer';
import { IssuingRepository } from './issuing.repository';
import { Reconciliation } from './reconciliation';
import { RevocationNotifier } from './revocation-notifier';

/**
 * The worker's side of certificates: issuing at the partner, telling it of revocations, reconciling.
 * Needs OutboxModule and QueueModule in the app. The commune catalog is its own (the worker imports no
 * geography routes).
 */
@Module({
  imports: [ResidentReadersModule, LearningReadersModule, PartnerModule, BullModule.registerQueue({ name: QueueName.Certificates })],
  providers: [
    CertificateRepository,
    IssuingRepository,
    GeoCatalog,
    { provide: CredentialSigner, inject: [Env], useFactory: (env: Env) => new CredentialSigner(SigningKeyRing.fromEnv(env), env.PUBLIC_URL) },
    CertificateIssuer,
    RevocationNotifier,
    Reconciliation,
  ],
  exports: [CertificateIssuer, RevocationNotifier, Reconciliation, PartnerModule],
})
export class IssuingModule {}
