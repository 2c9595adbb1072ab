import { type DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { METRICS_OPTIONS, MetricsCollector, type MetricsOptions } from './metrics-collector';

/**
 * Prometheus metrics of a process, in prom-client's default registry: Node's default metrics, HTTP
 * request durations by route template (Nest routes and the fast lane), job counts of the given queues
 * and the outbox backlog, both read at each scrape. The endpoint is the app's (api: operations, worker:
 * metrics), built on `metricsExposition`. Exports the queues it registers, for the queue dashboard.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    const queues = BullModule.registerQueue(...options.queues.map((name) => ({ name })));
    return {
      module: MetricsModule,
      imports: [queues],
      providers: [{ provide: METRICS_OPTIONS, useValue: options }, MetricsCollector],
      exports: [queues],
    };
  }
}
