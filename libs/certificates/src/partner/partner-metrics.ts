import { Counter, Histogram, register } from 'prom-client';

/** Partner calls by operation and outcome (`ok` or the PartnerError kind). */
export type PartnerOutcome = 'ok' | 'transient' | 'rate_limited' | 'auth' | 'rejected' | 'permanent';

function counter(): Counter<'operation' | 'outcome'> {
  const name = 'hvs_partner_requests_total';
  return (
    (register.getSingleMetric(name) as Counter<'operation' | 'outcome'> | undefined) ??
    new Counter({ name, help: 'Requests to the VNeID partner, by operation and outcome', labelNames: ['operation', 'outcome'] })
  );
}

function histogram(): Histogram<'operation'> {
  const name = 'hvs_partner_request_duration_seconds';
  return (
    (register.getSingleMetric(name) as Histogram<'operation'> | undefined) ??
    new Histogram({
      name,
      help: 'Duration of requests to the VNeID partner (after the rate limiter let them go), by operation',
      labelNames: ['operation'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    })
  );
}

/** The partner metrics, on prom-client's default registry (registered once per process). */
export function partnerMetrics(): { requests: Counter<'operation' | 'outcome'>; duration: Histogram<'operation'> } {
  return { requests: counter(), duration: histogram() };
}
