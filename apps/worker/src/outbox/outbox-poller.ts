import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OUTBOX_BATCH_SIZE, OutboxDispatcher } from '@hvs/platform';
import { PollingLoop } from '../polling-loop';

/** Pause between polls when the outbox is drained (a full batch polls again at once). */
export const OUTBOX_POLL_MS = 250;

/**
 * Runs the outbox dispatcher in a loop while the worker lives. Any number of workers may run it (the
 * dispatcher claims with SKIP LOCKED). Shutdown waits for the batch in flight, whose transaction then
 * commits or rolls back as a whole.
 */
@Injectable()
export class OutboxPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: PollingLoop;

  constructor(dispatcher: OutboxDispatcher) {
    this.loop = new PollingLoop(new Logger(OutboxPoller.name), 'outbox dispatch', OUTBOX_POLL_MS, async () => {
      return (await dispatcher.dispatchBatch(OUTBOX_BATCH_SIZE)).claimed === OUTBOX_BATCH_SIZE;
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}
