import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OUTBOX_BATCH_SIZE, OutboxDispatcher } from '@hvs/platform';

/** Pause between polls when the outbox is drained (a full batch polls again at once). */
export const OUTBOX_POLL_MS = 250;

/**
 * Runs the outbox dispatcher in a loop while the worker lives: short polls, a full batch goes again
 * at once. Any number of workers may run it (the dispatcher claims with SKIP LOCKED). Shutdown waits
 * for the batch in flight, whose transaction then commits or rolls back as a whole.
 */
@Injectable()
export class OutboxPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxPoller.name);
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly dispatcher: OutboxDispatcher) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let full = false;
      try {
        const result = await this.dispatcher.dispatchBatch(OUTBOX_BATCH_SIZE);
        full = result.claimed === OUTBOX_BATCH_SIZE;
      } catch (err) {
        this.logger.warn(`outbox dispatch failed: ${(err as Error).message}`);
      }
      if (!full && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, OUTBOX_POLL_MS);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }
}
