import type { DefaultJobOptions } from 'bullmq';

/**
 * Job contracts shared by the api (which enqueues) and the worker (which processes): every queue,
 * every job name and the payload type that goes with it.
 */
export const QueueName = {
  Maintenance: 'maintenance',
  /** Issuing certificates: one job per certificate and submission, relayed from PostgreSQL. */
  Certificates: 'certificates',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  /** The worker records that it is alive and processing; readiness and ops read it. */
  WorkerHeartbeat: 'worker-heartbeat',
  /** Deletes offline attendance batches' stored answers past ATTENDANCE_SYNC_RETENTION_DAYS (scheduled daily). */
  PurgeSyncBatches: 'attendance-sync-batches-purge',
  RefreshAgeBands: 'coverage-age-bands-refresh',
  /** Gets a pending certificate recognised by the partner (id `certificate-issue-<id>-<submission>`). */
  IssueCertificate: 'certificate-issue',
  /** Tells the partner a certificate was revoked (id `certificate-revoke-<id>`). */
  RevokeCertificate: 'certificate-revoke',
  /** Compares recognised certificates with the partner's records (scheduled, or run by an administrator). */
  ReconcileCertificates: 'certificate-reconcile',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface JobPayloads {
  [JobName.WorkerHeartbeat]: { requestedAt: string };
  /** `at`: the moment the retention counts back from (ISO); the job's processing time when absent. */
  [JobName.PurgeSyncBatches]: { at?: string };
  /** `day`: YYYY-MM-DD (default: today in Vietnam). */
  [JobName.RefreshAgeBands]: { day?: string };
  [JobName.IssueCertificate]: { certificateId: string; submission: number };
  [JobName.RevokeCertificate]: { certificateId: string };
  /** `fix`: also repair what can safely be repaired (recorded at the partner, not recognised here). */
  [JobName.ReconcileCertificates]: { fix: boolean; requestedBy: string | null };
}

export interface JobResults {
  [JobName.WorkerHeartbeat]: { processedAt: string; databaseTime: string };
  [JobName.PurgeSyncBatches]: { deleted: number; before: string };
  [JobName.RefreshAgeBands]: { moved: number; day: string };
  /** What became of the certificate: `skipped` when it was no longer pending in that submission. */
  [JobName.IssueCertificate]: { outcome: 'recognised' | 'rejected' | 'failed' | 'skipped'; reference?: string };
  [JobName.RevokeCertificate]: { outcome: 'revoked' | 'not_recorded' | 'skipped' };
  [JobName.ReconcileCertificates]: {
    checked: number;
    /** Every difference found, by kind, with at most 100 examples each. */
    differences: Array<{ kind: string; certificateId: string | null; serial: string | null; detail: string }>;
    fixed: number;
  };
}

/** The deterministic job id of a certificate's submission: relaying it twice, from anywhere, makes one job. */
export function certificateJobId(certificateId: string, submission: number): string {
  return jobId(JobName.IssueCertificate, `${certificateId}-${submission}`);
}

export type JobOf<N extends JobName> = { name: N; data: JobPayloads[N] };

/** Deterministic job ids: enqueueing the same thing twice collapses into one job. */
export function jobId<N extends JobName>(name: N, key: string): string {
  return `${name}-${key}`; // BullMQ forbids ":" in custom ids
}

export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
