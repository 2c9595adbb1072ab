import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CertificateIssuer, PartnerError, Reconciliation, RevocationNotifier } from '@hvs/certificates';
import { Env, JobName, Metrics, QueueName, type JobPayloads, type JobResults } from '@hvs/platform';
import { DelayedError, type Job } from 'bullmq';

/** The defaults of CERTIFICATE_RETRY_BASE_MS and CERTIFICATE_RETRY_CAP_MS. */
export const RETRY_BASE_MS = 1000;
export const RETRY_CAP_MS = 5 * 60_000;

/** Exponential backoff with full jitter (a random wait between 0 and base × 2^(attempt-1), capped). */
export function backoffMs(attempt: number, random: () => number = Math.random, base = RETRY_BASE_MS, cap = RETRY_CAP_MS): number {
  return Math.round(random() * Math.min(cap, base * 2 ** Math.max(0, attempt - 1)));
}

/** Certificate jobs by kind and outcome (`retried`: moved to the delayed set to try again; `error`: thrown). */
const jobOutcomes = () =>
  Metrics.counter({ name: 'hvs_certificate_jobs_total', help: 'Certificate jobs run by the worker, by job and outcome', labelNames: ['job', 'outcome'] });

const JOB_LABEL: Record<string, string> = {
  [JobName.IssueCertificate]: 'issue',
  [JobName.RevokeCertificate]: 'revoke',
  [JobName.ReconcileCertificates]: 'reconcile',
};

type IssueJob = Job<JobPayloads[typeof JobName.IssueCertificate], JobResults[typeof JobName.IssueCertificate]>;
type CertificateJob = IssueJob | Job<JobPayloads[typeof JobName.RevokeCertificate]> | Job<JobPayloads[typeof JobName.ReconcileCertificates]>;

/**
 * The `certificates` queue (CERTIFICATE_CONCURRENCY jobs at once per worker process): issuing,
 * telling the partner of revocations, reconciling. Retries are the certificate's own: attempts are
 * counted in PostgreSQL (`attempts`, `last_error`), a retry is the same job moved to the delayed set
 * (exponential backoff with full jitter, at least the partner's Retry-After), a 429 waits without
 * counting as an attempt, and after CERTIFICATE_MAX_ATTEMPTS the certificate ends `failed`. On
 * SIGTERM the BullMQ worker stops taking jobs and waits for the active ones (Nest's shutdown hooks).
 */
@Processor(QueueName.Certificates)
export class CertificateIssueProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(CertificateIssueProcessor.name);

  constructor(
    private readonly env: Env,
    private readonly issuer: CertificateIssuer,
    private readonly revocations: RevocationNotifier,
    private readonly reconciliation: Reconciliation,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.env.CERTIFICATE_CONCURRENCY;
  }

  private readonly outcomes = jobOutcomes();

  async process(job: CertificateJob, token?: string): Promise<unknown> {
    const label = JOB_LABEL[job.name] ?? 'unknown';
    try {
      const result = await this.run(job, token);
      const outcome = (result as { outcome?: unknown } | null)?.outcome;
      this.outcomes.inc({ job: label, outcome: typeof outcome === 'string' ? outcome : 'done' });
      return result;
    } catch (err) {
      this.outcomes.inc({ job: label, outcome: err instanceof DelayedError ? 'retried' : 'error' });
      throw err;
    }
  }

  private async run(job: CertificateJob, token?: string): Promise<unknown> {
    switch (job.name) {
      case JobName.IssueCertificate:
        return this.issue(job as IssueJob, token);
      case JobName.RevokeCertificate:
        return this.withRetries(job, token, () => this.revocations.revoke((job.data as JobPayloads[typeof JobName.RevokeCertificate]).certificateId));
      case JobName.ReconcileCertificates:
        return this.reconciliation.run(job.data as JobPayloads[typeof JobName.ReconcileCertificates]);
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }

  private async issue(job: IssueJob, token: string | undefined): Promise<JobResults[typeof JobName.IssueCertificate]> {
    try {
      return await this.issuer.issue(job.data);
    } catch (err) {
      const message = describe(err);
      if (err instanceof PartnerError && err.kind === 'permanent') {
        this.logger.error(`certificate ${job.data.certificateId}: ${message}; not retried`);
        return this.issuer.fail(job.data, message);
      }
      if (err instanceof PartnerError && err.kind === 'rate_limited') {
        // the partner's allowance, not this certificate's fault: wait as asked, not counted as an attempt
        await this.issuer.noteFailure(job.data, message, false);
        return this.retryLater(job, token, (err.retryAfterMs ?? 1000) + backoffMs(1, Math.random, 250));
      }
      await this.issuer.noteFailure(job.data, message, true);
      const attempts = await this.issuer.attemptsOf(job.data);
      if (attempts === null) return { outcome: 'skipped' };
      if (attempts >= this.env.CERTIFICATE_MAX_ATTEMPTS) {
        this.logger.warn(`certificate ${job.data.certificateId}: ${attempts} attempts, giving up: ${message}`);
        return this.issuer.fail(job.data, message);
      }
      const wait = Math.max(this.retryWait(attempts), err instanceof PartnerError ? (err.retryAfterMs ?? 0) : 0);
      return this.retryLater(job, token, wait);
    }
  }

  /** Revocations: retried on partner trouble with the same backoff, counted by BullMQ's attemptsMade. */
  private async withRetries<T>(job: Job, token: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof PartnerError) || !err.retryable) throw err;
      const wait = Math.max(this.retryWait(Math.min(job.attemptsMade + 1, 20)), err.retryAfterMs ?? 0);
      return this.retryLater(job, token, wait);
    }
  }

  /** The wait before try `attempt + 1` (CERTIFICATE_RETRY_BASE_MS, CERTIFICATE_RETRY_CAP_MS). */
  private retryWait(attempt: number): number {
    return backoffMs(attempt, Math.random, this.env.CERTIFICATE_RETRY_BASE_MS, this.env.CERTIFICATE_RETRY_CAP_MS);
  }

  private async retryLater(job: Job, token: string | undefined, waitMs: number): Promise<never> {
    await job.moveToDelayed(Date.now() + waitMs, token);
    throw new DelayedError();
  }

  @OnWorkerEvent('error')
  onError(err: Error): void {
    this.logger.warn(`queue connection problem: ${err.message}`);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, err: Error): void {
    if (err instanceof DelayedError || err.name === 'DelayedError') return;
    this.logger.error(`job ${job?.name}:${job?.id} failed: ${err.message}`);
  }
}

function describe(err: unknown): string {
  if (err instanceof PartnerError) return err.message + (err.requestId ? ` (request ${err.requestId})` : '');
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
