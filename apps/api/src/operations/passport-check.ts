import passport from 'passport';

/** An account as identity's strategies return it (the fields the operations routes read). */
export interface AuthenticatedAccount {
  id: string;
  role: string;
  status: string;
  sessionEpoch: number;
  scopePath: string | null;
}

/**
 * Runs one of identity's Passport strategies ('jwt': the bearer access token, with every check of the
 * access guard; 'local': username and password behind the login throttle) on a request outside a
 * guarded Nest route, the way @nestjs/passport's AuthGuard does. Resolves the account, or the error.
 */
export function runStrategy(strategy: 'jwt' | 'local', request: unknown): Promise<{ account?: AuthenticatedAccount; error?: unknown }> {
  return new Promise((resolve) => {
    const done = (error: unknown, account?: AuthenticatedAccount | false) =>
      resolve({ error: error ?? undefined, account: account || undefined });
    passport.authenticate(strategy, { session: false }, done)(request, {}, (error: unknown) => resolve({ error }));
  });
}
