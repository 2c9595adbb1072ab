import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import type { CitizenCheck, CredentialPage, CredentialRecord, PartnerCredential, PartnerHolder, RecordedCredential, RevokedCredential } from './partner-api';
import { PartnerError, retryAfterMs, type PartnerErrorKind } from './partner-error';
import { partnerMetrics } from './partner-metrics';
import { PartnerTokens } from './partner-tokens';
import { LocalPause, type RateLimiter } from './rate-limiter';

export interface PartnerClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Every call gives up after this long (AbortSignal timeout). */
  timeoutMs: number;
  /** Shared by every call, the token requests included. */
  limiter?: RateLimiter;
  /** A 429 asking to wait at most this long is waited for here (the limiter paused for everyone) and the call sent again. */
  maxInlineRateLimitWaitMs?: number;
}

/** How many 429s one call waits out itself before it reports `rate_limited` to its caller. */
export const INLINE_RATE_LIMIT_RETRIES = 5;

type Operation = 'token' | 'verify_citizen' | 'record_credential' | 'get_credential' | 'list_credentials' | 'revoke_credential';

interface Call {
  operation: Operation;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What is read of an answer's headers (a fetch Headers fits too). */
export interface AnswerHeaders {
  get(name: string): string | null;
}

interface Answer {
  status: number;
  headers: AnswerHeaders;
  body: unknown;
}

function headerReader(raw: Record<string, string | string[] | undefined>): AnswerHeaders {
  return {
    get: (name) => {
      const v = raw[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };
}

/** The error body the partner sends (every endpoint except /oauth/token's own errors). */
interface ErrorBody {
  error?: { code?: string; details?: unknown; requestId?: string } | string;
}

/** The idempotency key of a certificate's submission: its id, then `<id>-<n>` for a re-submission after a correction. */
export function idempotencyKeyOf(certificateId: string, submission: number): string {
  return submission <= 1 ? certificateId : `${certificateId}-${submission}`;
}

/**
 * The client of the VNeID-style partner (docs/vneid-partner-api.md): one access token shared by
 * concurrent callers, every call through the shared rate limiter and under a timeout, every failure a
 * PartnerError of one kind.
 */
export class PartnerClient {
  private readonly tokens: PartnerTokens;
  private readonly limiter: RateLimiter;
  private readonly metrics = partnerMetrics();
  private readonly baseUrl: string;
  /**
   * undici's own client (keep-alive connections): the same HTTP as fetch for a third of its CPU (no
   * web streams, no body clone; measured in the certificate-issue benchmark, docs/benchmarks.md).
   */
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connect: { timeout: 5000 } });
  /** Aborted when shutdown begins (stopWaiting): no call waits any longer. */
  private readonly stopping = new AbortController();

  constructor(private readonly options: PartnerClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.limiter = options.limiter ?? new LocalPause();
    this.tokens = new PartnerTokens(() => this.fetchToken());
  }

  /** Does the registry know this person under this number, name and birth date? */
  async verifyCitizen(holder: PartnerHolder): Promise<CitizenCheck> {
    const a = await this.authorised({ operation: 'verify_citizen', method: 'POST', path: '/v1/citizens/verify', body: holder });
    return a.body as CitizenCheck;
  }

  /**
   * Records a credential under an idempotency key (the same key for every retry of it). A serial
   * recorded earlier under another key answers that record's reference (`alreadyRecorded`).
   */
  async recordCredential(idempotencyKey: string, record: CredentialRecord): Promise<RecordedCredential> {
    try {
      const a = await this.authorised({
        operation: 'record_credential',
        method: 'POST',
        path: '/v1/credentials',
        body: record,
        headers: { 'idempotency-key': idempotencyKey },
      });
      const body = a.body as { reference: string; status: 'recorded'; recordedAt: string };
      return { ...body, replayed: a.headers.get('idempotent-replayed') === 'true', alreadyRecorded: false };
    } catch (err) {
      if (err instanceof PartnerError && err.code === 'SERIAL_ALREADY_RECORDED' && err.details) {
        const d = err.details as { reference?: string; recordedAt?: string };
        if (typeof d.reference === 'string') {
          return { reference: d.reference, status: 'recorded', recordedAt: d.recordedAt ?? '', replayed: true, alreadyRecorded: true };
        }
      }
      throw err;
    }
  }

  /** One credential; null when the partner has none under this reference. */
  async getCredential(reference: string): Promise<PartnerCredential | null> {
    try {
      const a = await this.authorised({ operation: 'get_credential', method: 'GET', path: `/v1/credentials/${encodeURIComponent(reference)}` });
      return a.body as PartnerCredential;
    } catch (err) {
      if (err instanceof PartnerError && err.status === 404 && err.code === 'CREDENTIAL_NOT_FOUND') return null;
      throw err;
    }
  }

  /** Revokes a credential (idempotent at the partner); null when the partner has none under this reference. */
  async revokeCredential(reference: string, reason: string): Promise<RevokedCredential | null> {
    try {
      const a = await this.authorised({
        operation: 'revoke_credential',
        method: 'POST',
        path: `/v1/credentials/${encodeURIComponent(reference)}/revoke`,
        body: { reason },
      });
      return a.body as RevokedCredential;
    } catch (err) {
      if (err instanceof PartnerError && err.status === 404 && err.code === 'CREDENTIAL_NOT_FOUND') return null;
      throw err;
    }
  }

  /** A page of every credential this client recorded, in recording order. */
  async listCredentials(q: { after?: string | null; limit?: number; serial?: string } = {}): Promise<CredentialPage> {
    const params = new URLSearchParams();
    if (q.serial) params.set('serial', q.serial);
    if (q.after) params.set('after', q.after);
    if (q.limit) params.set('limit', String(q.limit));
    const query = params.toString();
    const a = await this.authorised({ operation: 'list_credentials', method: 'GET', path: `/v1/credentials${query ? `?${query}` : ''}` });
    return a.body as CredentialPage;
  }

  /**
   * Shutdown has begun: calls stop waiting (for a 429's Retry-After, for the limiter's slot) and fail at
   * once as they would after the wait, so the jobs holding them hand back quickly (moved to the delayed
   * set, retried by whichever worker runs next) instead of holding the process past its shutdown timeout.
   * Requests already sent finish (they are bounded by the timeout).
   */
  stopWaiting(): void {
    this.stopping.abort();
  }

  /** Releases the limiter's connection. */
  async close(): Promise<void> {
    this.stopWaiting();
    await this.agent.close();
    await this.limiter.close();
  }

  /** A /v1 call with the shared token; a 401 invalid_token gets a new token and one more try. */
  private async authorised(call: Call): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.get();
      try {
        return await this.send(call, { authorization: `Bearer ${token}` });
      } catch (err) {
        if (err instanceof PartnerError && err.kind === 'auth' && attempt === 1 && err.status === 401) {
          this.tokens.invalidate(token);
          continue;
        }
        throw err;
      }
    }
  }

  private async fetchToken(): Promise<{ accessToken: string; expiresInS: number }> {
    const basic = Buffer.from(`${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`).toString('base64');
    const a = await this.send(
      { operation: 'token', method: 'POST', path: '/oauth/token', body: new URLSearchParams({ grant_type: 'client_credentials' }) },
      { authorization: `Basic ${basic}` },
    );
    const body = a.body as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new PartnerError({ kind: 'permanent', operation: 'token', status: a.status, code: 'TOKEN_RESPONSE_MALFORMED' });
    }
    return { accessToken: body.access_token, expiresInS: body.expires_in };
  }

  /**
   * One request, sent again after a short 429: the wait is imposed on the shared limiter, so every
   * caller of every process holds back for it (no 429 storm), and it costs the caller no attempt.
   */
  private async send(call: Call, extraHeaders: Record<string, string>): Promise<Answer> {
    const maxWait = this.options.maxInlineRateLimitWaitMs ?? 5000;
    for (let tries = 1; ; tries++) {
      try {
        return await this.sendOnce(call, extraHeaders);
      } catch (err) {
        if (!(err instanceof PartnerError) || err.kind !== 'rate_limited' || tries >= INLINE_RATE_LIMIT_RETRIES || this.stopping.signal.aborted) throw err;
        const wait = err.retryAfterMs ?? 1000;
        if (wait > maxWait) throw err;
        await this.limiter.pause(wait);
      }
    }
  }

  /** One HTTP request: the limiter's slot, the timeout, metrics, and the classification of what went wrong. */
  private async sendOnce(call: Call, extraHeaders: Record<string, string>): Promise<Answer> {
    const { operation } = call;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const headers: Record<string, string> = { accept: 'application/json', 'x-request-id': `hvs-${randomUUID()}`, ...extraHeaders, ...call.headers };
    let body: string | undefined;
    if (call.body instanceof URLSearchParams) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = call.body.toString();
    } else if (call.body !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      body = JSON.stringify(call.body);
    }
    await this.limiter.acquire(AbortSignal.any([signal, this.stopping.signal])).catch((cause: unknown) => {
      throw this.fail(new PartnerError({ kind: 'transient', operation, code: 'RATE_LIMITER_TIMEOUT', cause }));
    });
    const stopTimer = this.metrics.duration.startTimer({ operation });
    let res: { status: number; headers: AnswerHeaders };
    let text: string;
    try {
      const answer = await request(this.baseUrl + call.path, { dispatcher: this.agent, method: call.method, headers, body, signal });
      text = await answer.body.text();
      res = { status: answer.statusCode, headers: headerReader(answer.headers) };
    } catch (cause) {
      stopTimer();
      const timedOut = (cause as Error)?.name === 'TimeoutError' || (cause as Error)?.name === 'AbortError';
      throw this.fail(new PartnerError({ kind: 'transient', operation, code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR', cause }));
    }
    stopTimer();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (res.status >= 200 && res.status < 300) {
      this.metrics.requests.inc({ operation, outcome: 'ok' });
      return { status: res.status, headers: res.headers, body: parsed };
    }
    throw this.fail(classify(operation, res, parsed));
  }

  private fail(err: PartnerError): PartnerError {
    this.metrics.requests.inc({ operation: err.operation, outcome: err.kind });
    return err;
  }
}

/** A PartnerError from a non-2xx answer (docs/vneid-partner-api.md, sections 1-5). */
export function classify(operation: string, res: { status: number; headers: AnswerHeaders }, body: unknown): PartnerError {
  const status = res.status;
  const raw = (body as ErrorBody | null)?.error;
  const common = typeof raw === 'object' && raw !== null ? raw : null;
  const code = common?.code ?? (typeof raw === 'string' ? raw : null);
  const details = common?.details ?? null;
  const requestId = common?.requestId ?? res.headers.get('x-request-id');
  const wait =
    (details && typeof (details as { retryAfterMs?: unknown }).retryAfterMs === 'number' ? (details as { retryAfterMs: number }).retryAfterMs : null) ??
    retryAfterMs(res.headers.get('retry-after'));
  const make = (kind: PartnerErrorKind, extra: Partial<ConstructorParameters<typeof PartnerError>[0]> = {}) =>
    Object.assign(new PartnerError({ kind, operation, status, code, requestId, retryAfterMs: wait, ...extra }), { details });

  if (status === 429) return make('rate_limited', { retryAfterMs: wait ?? 1000 });
  if (status >= 500) return make('transient');
  if (status === 401 || status === 403) return make('auth');
  if (status === 409 && (code === 'IDEMPOTENCY_KEY_IN_PROGRESS' || code === 'SERIAL_IN_PROGRESS')) return make('transient', { retryAfterMs: wait ?? 1000 });
  if (status === 422 && code === 'CITIZEN_NOT_FOUND') return make('rejected', { reason: 'not_found' });
  if (status === 422 && code === 'HOLDER_MISMATCH') {
    const d = (details ?? {}) as { field?: string; fields?: string[] };
    return make('rejected', { reason: 'mismatch', field: d.field ?? null, fields: d.fields ?? (d.field ? [d.field] : []) });
  }
  return make('permanent');
}
