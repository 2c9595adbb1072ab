import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { jobId, JobName, OutboxHandlers, QueueName, type JobPayloads, type JobResults } from '@hvs/platform';
import type { Queue } from 'bullmq';
import { PartnerClient } from '../partner/partner-client';
import { IssuingRepository } from './issuing.repository';

export type RevokeResult = JobResults[typeof JobName.RevokeCertificate];

/** The deterministic id of a certificate's revocation job: announcing it twice makes one job. */
export function revokeJobId(certificateId: string): string {
  return jobId(JobName.RevokeCertificate, certificateId);
}

/** Said to the partner when the officer's reason cannot be found (it is required there). */
export const DEFAULT_REVOCATION_REASON = 'Thu hồi theo quyết định của cán bộ xã/phường.';

/**
 * Tells the partner of revocations: consumes `certificates.revoked` (queues one job per certificate,
 * id `certificate-revoke-<id>`) and runs that job: revoke at the partner (idempotent there), then
 * `partner_revoked_at`. A certificate the partner never held needs nothing (`not_recorded`).
 */
@Injectable()
export class RevocationNotifier implements OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly issuing: IssuingRepository,
    private readonly partner: PartnerClient,
    @InjectQueue(QueueName.Certificates) private readonly queue: Queue<JobPayloads[typeof JobName.RevokeCertificate]>,
  ) {}

  onModuleInit(): void {
    this.handlers.register('certificates.revoked', async (_tx, event) => {
      // queued while the event is being consumed: a failure leaves the event pending, a repeat collapses into the same job
      await this.queue.add(JobName.RevokeCertificate, { certificateId: event.payload.certificateId }, { jobId: revokeJobId(event.payload.certificateId) });
    });
  }

  async revoke(certificateId: string): Promise<RevokeResult> {
    const c = await this.issuing.standing(certificateId);
    if (!c || c.state !== 'revoked') return { outcome: 'skipped' };
    if (c.partnerRevokedAt) return { outcome: 'revoked' };
    if (!c.partnerReference) return { outcome: 'not_recorded' };
    const answer = await this.partner.revokeCredential(c.partnerReference, (await this.issuing.revocationReason(certificateId)) ?? DEFAULT_REVOCATION_REASON);
    if (!answer) return { outcome: 'not_recorded' };
    await this.issuing.markPartnerRevoked(certificateId, new Date(answer.revokedAt));
    return { outcome: 'revoked' };
  }
}
