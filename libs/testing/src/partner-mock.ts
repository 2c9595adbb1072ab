import { DEVELOPMENT_KEYS } from '@hvs/platform';
import { CompiledSystem, ServiceProcess } from './service-process';

/** A JSON answer of the partner mock. */
export interface MockAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** The VNeID partner mock, running as its own process (the compiled app, as `npm start` runs it). */
export interface PartnerMock {
  url: string;
  /** A call to /admin/... with the admin token. */
  admin(method: string, path: string, body?: unknown): Promise<MockAnswer>;
  /** A partner call (/v1/...) with a token of its own. */
  partner(method: string, path: string, body?: unknown): Promise<MockAnswer>;
  stop(): Promise<void>;
}

/** Quiet, instant and unlimited unless a test says otherwise (the same defaults as the mock's own tests). */
const MOCK_TEST_DEFAULTS = { VNEID_LATENCY_MS: '0', VNEID_LATENCY_JITTER_MS: '0', VNEID_RATE_LIMIT_RPS: '0' };

/**
 * Compiles the system and starts apps/vneid-mock as a process on a free port, for tests of the
 * platform's side of the partner (the worker, the partner client). Its client id and secret are the
 * development ones, as the platform's defaults.
 */
export async function startPartnerMock(env: Record<string, string> = {}): Promise<PartnerMock> {
  const system = await CompiledSystem.build();
  let mock: ServiceProcess;
  try {
    mock = await ServiceProcess.start('vneid-mock', system, { ...MOCK_TEST_DEFAULTS, ...env });
  } catch (err) {
    await system.remove();
    throw err;
  }
  const call = async (method: string, path: string, token: string, body?: unknown): Promise<MockAnswer> => {
    const res = await fetch(mock.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  let token: Promise<string> | undefined;
  const partnerToken = async (): Promise<string> => {
    const res = await fetch(`${mock.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'hocvuso', client_secret: DEVELOPMENT_KEYS.VNEID_CLIENT_SECRET }).toString(),
    });
    const body = (await res.json()) as { access_token: string };
    return body.access_token;
  };
  return {
    url: mock.url,
    admin: (method, path, body) => call(method, path, DEVELOPMENT_KEYS.VNEID_ADMIN_TOKEN, body),
    partner: async (method, path, body) => call(method, path, await (token ??= partnerToken()), body),
    stop: async () => {
      await mock.stop();
      await system.remove();
    },
  };
}
