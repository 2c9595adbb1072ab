import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CertificateRelay, RELAY_BATCH } from '@hvs/certificates';
import { PollingLoop } from '../polling-loop';

export const RELAY_POLL_MS = 250;
export const SWEEP_EVERY_MS = 30_000;

/** Relays pending certificates to the queue (short poll) and sweeps for jobs Redis lost (every 30 s). */
@Injectable()
export class CertificateRelayLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CertificateRelayLoop.name);
  private readonly relayLoop: PollingLoop;
  private readonly sweepLoop: PollingLoop;

  constructor(relay: CertificateRelay) {
    this.relayLoop = new PollingLoop(this.logger, 'certificate relay', RELAY_POLL_MS, async () => (await relay.relayBatch()) === RELAY_BATCH);
    this.sweepLoop = new PollingLoop(this.logger, 'certificate sweep', SWEEP_EVERY_MS, async () => {
      await relay.sweep();
      return false;
    });
  }

  onApplicationBootstrap(): void {
    this.relayLoop.start();
    this.sweepLoop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.relayLoop.stop(), this.sweepLoop.stop()]);
  }
}
