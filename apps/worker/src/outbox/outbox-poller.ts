import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OUTBOX_BATCH_SIZE, OutboxDispatcher } from '@hvs/platform';
import { PollingLoop } from '../polling-loop';

/** Pause between polls when the outbox is drained (a full batch polls again at once). */
export const OUTBOX_POLL_MS = 250;

/**
 * Runs the outbox dispatcher in a loop while the worker lives. Any number of workers may run it (the
 * dispatcher claims with SKIP LOCKED). Shutdown stops the batch in flight after its current run; its
 * transaction commits what was done, and the events not reached are claimed again by any dispatcher.
 */
@Injectable()
export class OutboxPoller implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly loop: PollingLoop;
  /** Aborted when shutdown begins: the batch in flight stops after its current run and commits. */
  private readonly stopping = new AbortController();

  constructor(dispatcher: OutboxDispatcher) {
    this.loop = new PollingLoop(new Logger(OutboxPoller.name), 'outbox dispatch', OUTBOX_POLL_MS, async () => {
      return (await dispatcher.dispatchBatch(OUTBOX_BATCH_SIZE, undefined, this.stopping.signal)).claimed === OUTBOX_BATCH_SIZE;
    });
  }

  beforeApplicationShutdown(): void {
    this.stopping.abort();
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}
