import { createHash, timingSafeEqual } from 'node:crypto';
import { register } from 'prom-client';

/** The text exposition of every metric of the process (prom-client's default registry). */
export async function metricsExposition(): Promise<{ contentType: string; body: string }> {
  return { contentType: register.contentType, body: await register.metrics() };
}

/** The bearer token of an Authorization header, or undefined. */
export function bearerTokenOf(authorization: string | string[] | undefined): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}

/** Whether `given` is the metrics token, compared in constant time (over digests, so lengths do not leak). */
export function isMetricsToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
