import type { FastifyReply, FastifyRequest } from 'fastify';
import { Metrics } from './metrics';

/** Request durations by route template (never the raw URL: its cardinality is unbounded). */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The label of a request matched by no route (404s of unknown paths), so scanners add no series. */
export const UNMATCHED_ROUTE = 'unmatched';

export function httpDurationHistogram() {
  return Metrics.histogram({
    name: 'hvs_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status: duration in seconds',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_DURATION_BUCKETS,
  });
}

/** Records one completed request (Nest's onResponse hook and the fast lane's routes call it). */
export function observeHttpRequest(request: FastifyRequest, reply: FastifyReply): void {
  const route = request.routeOptions?.url ?? UNMATCHED_ROUTE;
  httpDurationHistogram().observe(
    { method: request.method, route: route || UNMATCHED_ROUTE, status: String(reply.statusCode) },
    reply.elapsedTime / 1000,
  );
}
