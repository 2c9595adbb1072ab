import type { DefaultJobOptions } from 'bullmq';

/**
 * Job contracts shared by the api (which enqueues) and the worker (which processes): every queue,
 * every job name and the payload type that goes with it.
 */
export const QueueName = {
  Maintenance: 'maintenance',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  /** The worker records that it is alive and processing; readiness and ops read it. */
  WorkerHeartbeat: 'worker-heartbeat',
  /** Deletes offline attendance batches' stored answers past ATTENDANCE_SYNC_RETENTION_DAYS (scheduled daily). */
  PurgeSyncBatches: 'attendance-sync-batches-purge',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface JobPayloads {
  [JobName.WorkerHeartbeat]: { requestedAt: string };
  /** `at`: the moment the retention counts back from (ISO); the job's processing time when absent. */
  [JobName.PurgeSyncBatches]: { at?: string };
}

export interface JobResults {
  [JobName.WorkerHeartbeat]: { processedAt: string; databaseTime: string };
  [JobName.PurgeSyncBatches]: { deleted: number; before: string };
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
