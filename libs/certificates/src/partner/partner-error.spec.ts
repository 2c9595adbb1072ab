import { classify } from './partner-client';
import { retryAfterMs } from './partner-error';

const answer = (status: number, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers) });
const body = (code: string, details?: unknown) => ({ error: { code, message: '…', details, requestId: 'r-1' } });

describe('partner errors', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
    expect(retryAfterMs('soon')).toBeNull();
  });

  it('classifies answers by status and code', () => {
    expect(classify('x', answer(429, { 'retry-after': '1' }), body('RATE_LIMITED', { retryAfterMs: 1500 }))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1500 });
    expect(classify('x', answer(429, { 'retry-after': '2' }), null)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 2000 });
    expect(classify('x', answer(503, { 'retry-after': '5' }), body('PARTNER_UNAVAILABLE'))).toMatchObject({ kind: 'transient', retryAfterMs: 5000, retryable: true });
    expect(classify('x', answer(500), body('PARTNER_INTERNAL_ERROR'))).toMatchObject({ kind: 'transient', requestId: 'r-1' });
    expect(classify('x', answer(401), body('TOKEN_EXPIRED'))).toMatchObject({ kind: 'auth', retryable: false });
    expect(classify('token', answer(401), { error: 'invalid_client' })).toMatchObject({ kind: 'auth', code: 'invalid_client' });
    expect(classify('x', answer(409, { 'retry-after': '1' }), body('IDEMPOTENCY_KEY_IN_PROGRESS'))).toMatchObject({ kind: 'transient', retryAfterMs: 1000 });
    expect(classify('x', answer(422), body('HOLDER_MISMATCH', { field: 'birthDate', fields: ['birthDate'] }))).toMatchObject({
      kind: 'rejected',
      reason: 'mismatch',
      field: 'birthDate',
      fields: ['birthDate'],
    });
    expect(classify('x', answer(422), body('CITIZEN_NOT_FOUND'))).toMatchObject({ kind: 'rejected', reason: 'not_found' });
    expect(classify('x', answer(422), body('IDEMPOTENCY_KEY_REUSED'))).toMatchObject({ kind: 'permanent' });
    expect(classify('x', answer(400), body('VALIDATION_FAILED'))).toMatchObject({ kind: 'permanent' });
  });
});
