import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessScope, OutboxHandlers, type DispatchedEvent } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../certificates/completion-consumer';
import { CertificateTransitionRepository, type Repended, type RependTarget } from './certificate-transitions.repository';

/** Most certificates of one resident a correction re-pends (one per course version: far more than any has). */
const MAX_PER_RESIDENT = 1000;

/** The consent the partner check needs (rejection CONSENT_MISSING without it). */
const RECOGNITION_CONSENT = 'certificate_recognition';

/**
 * Puts a resident's `rejected` certificates back to `pending` when the cause of the rejection is gone,
 * in the dispatcher's transaction, so they are re-pended exactly when the event is consumed:
 * - `identity.resident_corrected` (the partner did not match their data, or there was no CCCD): every
 *   rejected certificate of the resident;
 * - `identity.consent_granted` naming the recognition consent: those rejected for want of it.
 * Failed, recognised and revoked certificates are left alone (a failure is re-driven by officers).
 */
@Injectable()
export class CorrectionConsumer implements OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly transitions: CertificateTransitionRepository,
  ) {}

  onModuleInit(): void {
    this.handlers.register('identity.resident_corrected', async (tx, event) => void (await this.consume(tx, event)));
    this.handlers.register('identity.consent_granted', async (tx, event) => void (await this.consumeConsent(tx, event)));
  }

  consume(tx: EntityManager, event: DispatchedEvent<'identity.resident_corrected'>): Promise<Repended[]> {
    const p = event.payload;
    return this.transitions.repend(tx, this.rejectedOf(p.residentId), p.correctedBy ?? SYSTEM_ACTOR, 'RESIDENT_CORRECTED');
  }

  async consumeConsent(tx: EntityManager, event: DispatchedEvent<'identity.consent_granted'>): Promise<Repended[]> {
    const p = event.payload;
    if (!p.purposes.includes(RECOGNITION_CONSENT)) return [];
    return this.transitions.repend(
      tx,
      { ...this.rejectedOf(p.residentId), rejectionCodes: ['CONSENT_MISSING'] },
      p.grantedBy ?? SYSTEM_ACTOR,
      'CONSENT_GRANTED',
    );
  }

  private rejectedOf(residentId: string): RependTarget {
    return { states: ['rejected'], scope: AccessScope.all(), residentId, limit: MAX_PER_RESIDENT };
  }
}
