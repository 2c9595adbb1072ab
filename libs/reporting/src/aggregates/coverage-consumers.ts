import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OutboxHandlers, type ResidentsChangedTopic } from '@hvs/platform';
import { CoverageProjector } from './coverage-projector';

const RESIDENTS_CHANGED: readonly ResidentsChangedTopic[] = ['identity.residents_changed', 'classes.residents_changed', 'certificates.residents_changed'];

/**
 * Keeps the coverage aggregates up to date from the outbox, in runs of events (one refresh of all
 * their residents per run): the capabilities' `*.residents_changed` events and learning's completions.
 */
@Injectable()
export class CoverageConsumers implements OnModuleInit {
  constructor(
    private readonly handlers: OutboxHandlers,
    private readonly projector: CoverageProjector,
  ) {}

  onModuleInit(): void {
    for (const topic of RESIDENTS_CHANGED) {
      this.handlers.registerBatch(topic, async (tx, events) => {
        await this.projector.refresh(
          tx,
          events.flatMap((e) => e.payload.residentIds),
        );
      });
    }
    this.handlers.registerBatch('learning.course_completed', async (tx, events) => {
      await this.projector.refresh(
        tx,
        events.map((e) => e.payload.residentId),
      );
    });
  }
}
