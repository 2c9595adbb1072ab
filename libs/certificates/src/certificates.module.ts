import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ResidentReadersModule } from '@hvs/identity';
import { LearningReadersModule } from '@hvs/learning';
import { QueueName } from '@hvs/platform';
import { CertificateRelay } from './certificates/certificate-relay';
import { CertificateRepository } from './certificates/certificate.repository';
import { CompletionConsumer } from './certificates/completion-consumer';
import { CertificateTransitionRepository } from './management/certificate-transitions.repository';
import { CorrectionConsumer } from './management/correction-consumer';

/**
 * Certificates: created from `learning.course_completed` (CompletionConsumer, an outbox handler),
 * relayed to the `certificates` queue (CertificateRelay). Needs OutboxModule and QueueModule in the app.
 */
@Module({
  imports: [ResidentReadersModule, LearningReadersModule, BullModule.registerQueue({ name: QueueName.Certificates })],
  providers: [CertificateRepository, CompletionConsumer, CertificateRelay, CertificateTransitionRepository, CorrectionConsumer],
  exports: [CertificateRepository, CertificateRelay, CertificateTransitionRepository],
})
export class CertificatesModule {}
