/** One HTTP request of a scenario's preparation or verification (not the load): status, parsed body and text. */
export async function http<T>(baseUrl: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body: T;
  try {
    body = JSON.parse(text) as T;
  } catch {
    body = undefined as T;
  }
  return { status: res.status, body, text };
}

/** The api's default access-token lifetime (ACCESS_TOKEN_TTL_S): a run that logs in first must end well before it. */
export const ACCESS_TOKEN_TTL_S = 900;

/** Logs a staff account in (POST /api/v1/auth/login); throws, naming `who`, when it fails. */
export async function login(baseUrl: string, username: string, password: string, who = 'bench'): Promise<{ token: string; expiresIn: number }> {
  const res = await http<{ accessToken: string; expiresIn: number }>(baseUrl, '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200 || !res.body?.accessToken) throw new Error(`${who}: login of ${username} failed: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  return { token: res.body.accessToken, expiresIn: res.body.expiresIn };
}
