import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessScope, OutboxHandlers, type DispatchedEvent } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../certificates/completion-consumer';
import { CertificateTransitionRepository, type Repended } from './certificate-transitions.repository';

/** Most certificates of one resident a correction re-pends (one per course version: far more than any has). */
const MAX_PER_RESIDENT = 1000;

/**
 * Consumes `identity.resident_corrected`: the resident's `rejected` certificates (the partner did not
 * match their data, or there was no CCCD) go back to `pending` for a new submission, in the
 * dispatcher's transaction, so they are re-pended exactly when the event is consumed. Failed,
 * recognised and revoked certificates are left alone (a failure is re-driven by officers).
 */
@Injectable()
export class CorrectionConsumer implements OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly transitions: CertificateTransitionRepository,
  ) {}

  onModuleInit(): void {
    this.handlers.register('identity.resident_corrected', async (tx, event) => void (await this.consume(tx, event)));
  }

  consume(tx: EntityManager, event: DispatchedEvent<'identity.resident_corrected'>): Promise<Repended[]> {
    const p = event.payload;
    return this.transitions.repend(
      tx,
      { states: ['rejected'], scope: AccessScope.all(), residentId: p.residentId, limit: MAX_PER_RESIDENT },
      p.correctedBy ?? SYSTEM_ACTOR,
      'RESIDENT_CORRECTED',
    );
  }
}
