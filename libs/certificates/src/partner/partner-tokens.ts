/** An access token and when it must be replaced. */
interface CachedToken {
  value: string;
  /** When to get a new one: before it runs out (a tenth of its life, at most 30 s, ahead). */
  refreshAt: number;
}

/**
 * The partner's access token, cached and shared by concurrent callers: at most one token request in
 * flight; a new one before the current runs out, and when a call says it is invalid.
 */
export class PartnerTokens {
  private current: CachedToken | null = null;
  private inFlight: Promise<CachedToken> | null = null;

  constructor(private readonly fetchToken: () => Promise<{ accessToken: string; expiresInS: number }>) {}

  async get(): Promise<string> {
    const c = this.current;
    if (c && Date.now() < c.refreshAt) return c.value;
    return (await this.refresh()).value;
  }

  /** Forgets `token` (a call answered 401 with it); a newer token fetched meanwhile is kept. */
  invalidate(token: string): void {
    if (this.current?.value === token) this.current = null;
  }

  private refresh(): Promise<CachedToken> {
    this.inFlight ??= (async () => {
      try {
        const started = Date.now();
        const { accessToken, expiresInS } = await this.fetchToken();
        const lifeMs = Math.max(0, expiresInS * 1000);
        const token = { value: accessToken, refreshAt: started + lifeMs - Math.min(30_000, lifeMs / 10) };
        this.current = token;
        return token;
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }
}
