/**
 * How a partner call failed, as the worker acts on it:
 * - `transient`: 5xx, a timeout, a network error, a key in progress: retry the same request later;
 * - `rate_limited`: 429: wait `retryAfterMs`, then retry (not the request's fault);
 * - `auth`: the client's credentials were refused (configuration);
 * - `rejected`: the partner answered on the person (citizen not found, holder mismatch naming `field`);
 * - `permanent`: any other 4xx: a bug, retrying changes nothing.
 */
export type PartnerErrorKind = 'transient' | 'rate_limited' | 'auth' | 'rejected' | 'permanent';

export interface PartnerErrorInit {
  kind: PartnerErrorKind;
  operation: string;
  status?: number | null;
  code?: string | null;
  retryAfterMs?: number | null;
  /** For `rejected`: `not_found` or `mismatch`, with the first field that differs and all of them. */
  reason?: 'not_found' | 'mismatch' | null;
  field?: string | null;
  fields?: readonly string[];
  requestId?: string | null;
  cause?: unknown;
}

export class PartnerError extends Error {
  readonly kind: PartnerErrorKind;
  readonly operation: string;
  readonly status: number | null;
  readonly code: string | null;
  readonly retryAfterMs: number | null;
  readonly reason: 'not_found' | 'mismatch' | null;
  readonly field: string | null;
  readonly fields: readonly string[];
  readonly requestId: string | null;
  /** The error body's `details`, when the partner sent some. */
  details: unknown = null;

  constructor(init: PartnerErrorInit, message?: string) {
    super(message ?? `partner ${init.operation}: ${init.kind}${init.status ? ` ${init.status}` : ''}${init.code ? ` ${init.code}` : ''}`, {
      cause: init.cause,
    });
    this.name = 'PartnerError';
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status ?? null;
    this.code = init.code ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.reason = init.reason ?? null;
    this.field = init.field ?? null;
    this.fields = init.fields ?? [];
    this.requestId = init.requestId ?? null;
  }

  /** Worth trying again (the same request, later). */
  get retryable(): boolean {
    return this.kind === 'transient' || this.kind === 'rate_limited';
  }
}

/** The wait a `Retry-After` header asks for (seconds or an HTTP date), in milliseconds; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
