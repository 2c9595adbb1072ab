import { Metrics } from '@hvs/platform';
import type { Counter, Histogram } from 'prom-client';

/** Partner calls by operation and outcome (`ok` or the PartnerError kind). */
export type PartnerOutcome = 'ok' | 'transient' | 'rate_limited' | 'auth' | 'rejected' | 'permanent';

/** The partner metrics, on prom-client's default registry (registered once per process). */
export function partnerMetrics(): { requests: Counter<'operation' | 'outcome'>; duration: Histogram<'operation'> } {
  return {
    requests: Metrics.counter({ name: 'hvs_partner_requests_total', help: 'Requests to the VNeID partner, by operation and outcome', labelNames: ['operation', 'outcome'] }),
    duration: Metrics.histogram({
      name: 'hvs_partner_request_duration_seconds',
      help: 'Duration of requests to the VNeID partner (after the rate limiter let them go), by operation',
      labelNames: ['operation'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
  };
}
