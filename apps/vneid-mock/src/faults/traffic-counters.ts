import { Injectable } from '@nestjs/common';
import type { VerifyOutcome } from '../citizens/registry';

function emptyCounters() {
  return {
    /** Partner requests received (/oauth/token, /v1/…). */
    requests: 0,
    /** Answers sent, by status. */
    byStatus: {} as Record<string, number>,
    rateLimited: 0,
    serverErrors: 0,
    injected: { errorsBefore: 0, errorsAfter: 0, hangsBefore: 0, hangsAfter: 0, outage: 0 },
    tokensIssued: 0,
    verifications: { match: 0, mismatch: 0, not_found: 0 } as Record<VerifyOutcome, number>,
  };
}

export type Counters = ReturnType<typeof emptyCounters>;

/** What the partner counted since it started or was reset (GET /admin/inspection). */
@Injectable()
export class TrafficCounters {
  current: Counters = emptyCounters();

  answered(status: number): void {
    const c = this.current;
    c.byStatus[status] = (c.byStatus[status] ?? 0) + 1;
    if (status === 429) c.rateLimited++;
    if (status >= 500) c.serverErrors++;
  }

  reset(): void {
    this.current = emptyCounters();
  }
}
