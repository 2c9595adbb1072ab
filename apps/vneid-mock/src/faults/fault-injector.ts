import type { Socket } from 'node:net';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppError, Env, errorBody } from '@hvs/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INJECTED_ERRORS, partnerError } from '../mock-errors';
import { hashSeed, mulberry32, type Random } from '../random/prng';
import { TokenBucket } from './token-bucket';
import { TrafficCounters } from './traffic-counters';

/** The partner's fault settings (docs/vneid-partner-api.md, 6); PUT /admin/faults changes them. */
export interface FaultSettings {
  latencyMs: number;
  latencyJitterMs: number;
  errorRate: number;
  hangRate: number;
  faultAfterShare: number;
  rateLimitRps: number;
  outage: boolean;
  processingMs: number;
  seed: string;
}

type Fate = 'ok' | 'error_before' | 'error_after' | 'hang_before' | 'hang_after';

interface Draw {
  delayMs: number;
  fate: Fate;
  error: (typeof INJECTED_ERRORS)[number];
}

/** Partner requests: the token endpoint and the API. Admin and health calls never meet a fault. */
const PARTNER_PATH = /^\/(v1(\/|$)|oauth\/token$)/;
const isPartner = (request: FastifyRequest) => PARTNER_PATH.test(request.url.split('?')[0] as string);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function configuredFaults(env: Env): FaultSettings {
  return {
    latencyMs: env.VNEID_LATENCY_MS,
    latencyJitterMs: env.VNEID_LATENCY_JITTER_MS,
    errorRate: env.VNEID_ERROR_RATE,
    hangRate: env.VNEID_HANG_RATE,
    faultAfterShare: env.VNEID_FAULT_AFTER_SHARE,
    rateLimitRps: env.VNEID_RATE_LIMIT_RPS,
    outage: env.VNEID_OUTAGE,
    processingMs: env.VNEID_PROCESSING_MS,
    seed: env.VNEID_SEED,
  };
}

/**
 * Makes the mock behave like a partner on a bad day, as Fastify hooks around every partner request:
 * outage, a rate limit shared by all clients, latency, and failures (5xx or no answer) before or after
 * the work. The n-th admitted request gets the n-th draw of a generator seeded by `seed`, so a seeded
 * run meets the same faults every time.
 */
@Injectable()
export class FaultInjector implements OnModuleInit {
  settings: FaultSettings;
  private random!: Random;
  private bucket!: TokenBucket;
  private readonly draws = new WeakMap<FastifyRequest, Draw>();
  private readonly hanging = new Set<Socket>();

  constructor(
    private readonly env: Env,
    private readonly counters: TrafficCounters,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.settings = configuredFaults(env);
    this.restart();
  }

  /** Changes some settings; a new seed or rate restarts the sequence or the bucket. */
  update(patch: Partial<FaultSettings>): FaultSettings {
    const next = { ...this.settings, ...patch };
    if (next.errorRate + next.hangRate > 1 + 1e-9) throw partnerError('FAULT_RATES_TOO_HIGH');
    const reseed = patch.seed !== undefined;
    const rebucket = patch.rateLimitRps !== undefined;
    this.settings = next;
    if (reseed) this.random = mulberry32(hashSeed(next.seed, 'faults'));
    if (rebucket) this.bucket = new TokenBucket(next.rateLimitRps);
    return this.settings;
  }

  /** Back to the configured settings, the sequence from its start, a full bucket. */
  reset(): void {
    this.settings = configuredFaults(this.env);
    this.restart();
  }

  /** The fate of the next admitted request: always four draws, so the sequence never depends on the settings. */
  draw(): Draw {
    const [jitter, fate, after, kind] = [this.random(), this.random(), this.random(), this.random()];
    const s = this.settings;
    const late = after < s.faultAfterShare;
    let f: Fate = 'ok';
    if (fate < s.errorRate) f = late ? 'error_after' : 'error_before';
    else if (fate < s.errorRate + s.hangRate) f = late ? 'hang_after' : 'hang_before';
    return {
      delayMs: s.latencyMs + Math.floor(jitter * (s.latencyJitterMs + 1)),
      fate: f,
      error: INJECTED_ERRORS[Math.floor(kind * INJECTED_ERRORS.length)] as Draw['error'],
    };
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request, reply) => this.beforeWork(request, reply));
    fastify.addHook('onSend', (request, reply, payload) => this.afterWork(request, reply, payload));
    fastify.addHook('onResponse', (request, reply, done) => {
      const fate = this.draws.get(request)?.fate;
      if (isPartner(request) && fate !== 'hang_before' && fate !== 'hang_after') this.counters.answered(reply.statusCode);
      done();
    });
    // requests left hanging would keep the server from closing: drop their connections first
    fastify.addHook('preClose', (done) => {
      for (const socket of this.hanging) socket.destroy();
      done();
    });
  }

  private restart(): void {
    this.random = mulberry32(hashSeed(this.settings.seed, 'faults'));
    this.bucket = new TokenBucket(this.settings.rateLimitRps);
  }

  private async beforeWork(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    if (!isPartner(request)) return undefined;
    const c = this.counters.current;
    c.requests++;
    if (this.settings.outage) {
      c.injected.outage++;
      return this.fail(request, reply.header('retry-after', '5'), partnerError('PARTNER_UNAVAILABLE'));
    }
    const waitMs = this.bucket.take();
    if (waitMs !== null) {
      void reply.header('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
      return this.fail(request, reply, partnerError('RATE_LIMITED', { retryAfterMs: waitMs }));
    }
    const draw = this.draw();
    this.draws.set(request, draw);
    if (draw.delayMs > 0) await sleep(draw.delayMs);
    if (draw.fate === 'error_before') {
      c.injected.errorsBefore++;
      return this.fail(request, reply, partnerError(draw.error.code));
    }
    if (draw.fate === 'hang_before') {
      c.injected.hangsBefore++;
      reply.hijack();
      await this.hang(request);
      return reply;
    }
    return undefined;
  }

  private async afterWork(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const draw = this.draws.get(request);
    if (draw?.fate === 'error_after') {
      this.counters.current.injected.errorsAfter++;
      reply.removeHeader('location');
      reply.removeHeader('idempotent-replayed');
      void reply.code(draw.error.status).header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify(errorBody(partnerError(draw.error.code), request.id));
    }
    if (draw?.fate === 'hang_after') {
      this.counters.current.injected.hangsAfter++;
      await this.hang(request);
    }
    return payload;
  }

  private fail(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
    return reply.code(error.status).header('content-type', 'application/json; charset=utf-8').send(errorBody(error, request.id));
  }

  /** Resolves when the client gives up (or the server closes): the request never gets an answer. */
  private hang(request: FastifyRequest): Promise<void> {
    const socket = request.raw.socket;
    return new Promise((resolve) => {
      if (!socket || socket.destroyed) return resolve();
      this.hanging.add(socket);
      socket.once('close', () => {
        this.hanging.delete(socket);
        resolve();
      });
    });
  }
}
