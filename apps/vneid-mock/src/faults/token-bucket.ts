/**
 * A token bucket: refilled at `ratePerSecond`, holding at most one second's worth. `take()` answers
 * null when a request may pass (and uses up one token), or how many milliseconds until one could.
 * A client that never sends more than the rate in any one-second window always finds a token.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = ratePerSecond;
    this.last = this.now();
  }

  take(): number | null {
    if (this.ratePerSecond <= 0) return null;
    const now = this.now();
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return null;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }
}
