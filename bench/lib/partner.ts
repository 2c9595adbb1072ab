/**
 * The partner mock and the worker as scenarios drive them: the mock's admin API (registry, faults,
 * counters) and a worker process started with the issuing settings of the certificate benchmarks.
 */
import type { JobContext } from './job';
import { startServices, stopService, type RunningSystem } from './system';

/** The mock's request counters (GET /admin/inspection). */
export interface PartnerCounters {
  requests: number;
  rateLimited: number;
  serverErrors: number;
  tokensIssued: number;
  injected: { errorsBefore: number; errorsAfter: number; hangsBefore: number; hangsAfter: number; outage: number };
}

/** The mock's admin API (bearer VNEID_ADMIN_TOKEN). */
export class Partner {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.url + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`partner admin ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  async counters(): Promise<PartnerCounters> {
    return (await this.admin<{ counters: PartnerCounters }>('GET', '/admin/inspection')).counters;
  }
}

/** A worker process for the certificate scenarios, started and stopped as the scenario needs. */
export class WorkerControl {
  constructor(
    private readonly ctx: JobContext,
    private readonly system: RunningSystem,
    private readonly logPrefix: string,
    private readonly partnerUrl: string,
    private readonly concurrency: number,
  ) {}

  async start(env: Record<string, string>, logSuffix: string): Promise<void> {
    await startServices(this.ctx.settings, this.system, {
      services: ['worker'],
      logPrefix: this.logPrefix,
      logSuffix,
      env: {
        VNEID_BASE_URL: this.partnerUrl,
        CERTIFICATE_CONCURRENCY: String(this.concurrency),
        VNEID_TIMEOUT_MS: '2000',
        CERTIFICATE_MAX_ATTEMPTS: '30',
        CERTIFICATE_RETRY_BASE_MS: '200',
        CERTIFICATE_RETRY_CAP_MS: '5000',
        ...env,
      },
    });
  }

  pid(): number {
    return this.system.services.worker?.process.child.pid ?? 0;
  }

  assertRunning(when: string): void {
    const p = this.system.services.worker?.process;
    if (!p || p.child.exitCode !== null || p.child.signalCode !== null) throw new Error(`the worker is not running (${when})`);
  }

  async stop(): Promise<void> {
    await stopService(this.system, 'worker');
  }
}
