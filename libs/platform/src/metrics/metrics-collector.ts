import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, register } from 'prom-client';
import type { DataSource } from 'typeorm';
import { readOutboxBacklog } from '../outbox/outbox-backlog';
import type { QueueName } from '../queue/queues';
import { httpDurationHistogram, observeHttpRequest } from './http-metrics';
import { Metrics } from './metrics';

export interface MetricsOptions {
  /** Queues whose job counts `hvs_queue_jobs` shows (read from Redis at each scrape). */
  queues: QueueName[];
  /** Show the outbox backlog (`hvs_outbox_*`, read from PostgreSQL at each scrape). */
  outbox: boolean;
}

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

/** States of `hvs_queue_jobs`. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** A scrape waits at most this long for Redis or PostgreSQL; past it the gauge keeps its last value. */
export const METRICS_COLLECT_TIMEOUT_MS = 2000;

/** What a scrape reads: the sources of every MetricsModule of the process (a test may build two apps). */
interface Source {
  queues: Array<{ name: string; queue: Queue }>;
  db?: DataSource;
}
const sources = new Set<Source>();

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${METRICS_COLLECT_TIMEOUT_MS} ms`)), METRICS_COLLECT_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const logger = new Logger('Metrics');

function collectFailures() {
  return Metrics.counter({
    name: 'hvs_metrics_collect_failures_total',
    help: 'Scrapes that could not read a source (a queue in Redis, the outbox in PostgreSQL) in time',
    labelNames: ['source'] as const,
  });
}

/** Registers the process's metrics once, and feeds them: HTTP durations from hooks, gauges at each scrape. */
function registerSharedMetrics(): void {
  if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
  httpDurationHistogram(); // listed from the start, before the first request
  const failures = collectFailures();
  Metrics.gauge({
    name: 'hvs_queue_jobs',
    help: 'Jobs in a BullMQ queue by state (read at each scrape)',
    labelNames: ['queue', 'state'] as const,
    async collect() {
      const seen = new Map<string, Queue>();
      for (const source of sources) for (const { name, queue } of source.queues) if (!seen.has(name)) seen.set(name, queue);
      await Promise.all(
        [...seen].map(async ([name, queue]) => {
          try {
            const counts = await withTimeout(queue.getJobCounts(...QUEUE_STATES), `queue ${name}`);
            for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
          } catch (err) {
            failures.inc({ source: `queue:${name}` });
            logger.warn({ err, queue: name }, 'could not read queue job counts');
          }
        }),
      );
    },
  });
  const unpublished = Metrics.gauge({ name: 'hvs_outbox_unpublished_events', help: 'Outbox events not yet published (excluding dead ones)' });
  const dead = Metrics.gauge({ name: 'hvs_outbox_dead_events', help: 'Outbox events the dispatcher gave up on (need an operator)' });
  Metrics.gauge({
    name: 'hvs_outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest outbox event not yet published (0 when none)',
    async collect() {
      const db = [...sources].find((s) => s.db)?.db;
      if (!db) return;
      try {
        const backlog = await withTimeout(readOutboxBacklog(db), 'outbox');
        this.set(backlog.oldestAgeSeconds);
        unpublished.set(backlog.unpublished);
        dead.set(backlog.dead);
      } catch (err) {
        failures.inc({ source: 'outbox' });
        logger.warn({ err }, 'could not read the outbox backlog');
      }
    },
  });
}

@Injectable()
export class MetricsCollector implements OnModuleInit, OnModuleDestroy {
  private source?: Source;

  constructor(
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
    private readonly moduleRef: ModuleRef,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    registerSharedMetrics();
    this.source = {
      queues: this.options.queues.map((name) => ({ name, queue: this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }) })),
      db: this.options.outbox ? this.moduleRef.get<DataSource>(getDataSourceToken(), { strict: false }) : undefined,
    };
    sources.add(this.source);
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) {
      fastify.addHook('onResponse', (request, reply, done) => {
        observeHttpRequest(request, reply);
        done();
      });
      fastify.fastLane?.observe(observeHttpRequest);
    }
  }

  onModuleDestroy(): void {
    if (this.source) sources.delete(this.source);
  }
}
