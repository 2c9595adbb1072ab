import { backoffMs, RETRY_CAP_MS } from './certificate-issue.processor';

describe('certificate retries: exponential backoff with full jitter', () => {
  it('waits between 0 and base × 2^(attempt-1), capped', () => {
    expect(backoffMs(1, () => 1)).toBe(1000);
    expect(backoffMs(3, () => 1)).toBe(4000);
    expect(backoffMs(3, () => 0)).toBe(0);
    expect(backoffMs(3, () => 0.5)).toBe(2000);
    expect(backoffMs(40, () => 1)).toBe(RETRY_CAP_MS);
  });
});
