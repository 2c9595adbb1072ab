import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, DEVELOPMENT_KEYS } from '@hvs/platform';
// The partner mock is an app, which libraries never import: libs/testing alone runs it in-process, behind
// a real HTTP port, for the tests of the code that calls the partner (type:testing -> type:partner-mock).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { VneidMockModule } from '@hvs/vneid-mock';
import { CompiledSystem, ServiceProcess } from './service-process';

export const CLIENT_ID = 'hocvuso';
export const CLIENT_SECRET = DEVELOPMENT_KEYS.VNEID_CLIENT_SECRET;
export const ADMIN_TOKEN = DEVELOPMENT_KEYS.VNEID_ADMIN_TOKEN;

/** A parsed JSON body, read by tests the way supertest's `res.body` is. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface Answer<T = Json> {
  status: number;
  headers: Headers;
  body: T;
  ms: number;
}

export interface CallOptions {
  body?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Bearer token; `null` sends none. */
  token?: string | null;
  timeoutMs?: number;
}

/** The calls a test makes to the partner mock, over HTTP, wherever it runs (in this process or its own). */
export interface MockClient {
  url: string;
  call<T = Json>(method: string, path: string, options?: CallOptions): Promise<Answer<T>>;
  /** A fresh partner access token. */
  token(): Promise<string>;
  /** A call with the admin token. */
  admin<T = Json>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
  /** A partner call with a token of its own (fetched once per client). */
  partner<T = Json>(method: string, path: string, options?: Omit<CallOptions, 'token'>): Promise<Answer<T>>;
}

/** The mock running in the test's process (the production app factory, on a real port). */
export interface MockServer extends MockClient {
  app: NestFastifyApplication;
  close(): Promise<void>;
}

/** The mock running as its own process (the compiled app, as `npm start` runs it). */
export interface PartnerMock extends MockClient {
  stop(): Promise<void>;
}

/** Quiet, instant and unlimited unless a test says otherwise. */
const TEST_DEFAULTS = {
  VNEID_LATENCY_MS: '0',
  VNEID_LATENCY_JITTER_MS: '0',
  VNEID_RATE_LIMIT_RPS: '0',
};

/** Starts the real mock (the production app factory) on a free port in this process. */
export async function startMock(env: Record<string, string> = {}): Promise<MockServer> {
  for (const key of Object.keys(process.env)) if (key.startsWith('VNEID_')) delete process.env[key];
  Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }, TEST_DEFAULTS, env);
  const { app } = await createHttpApp(VneidMockModule, { apiPrefix: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return { app, ...mockClient(url), close: () => app.close() };
}

/**
 * Compiles the system and starts apps/vneid-mock as a process on a free port, for tests of the
 * platform's side of the partner (the worker, the partner client). Its client id and secret are the
 * development ones, as the platform's defaults.
 */
export async function startPartnerMock(env: Record<string, string> = {}): Promise<PartnerMock> {
  const system = await CompiledSystem.build();
  let mock: ServiceProcess;
  try {
    mock = await ServiceProcess.start('vneid-mock', system, { ...TEST_DEFAULTS, ...env });
  } catch (err) {
    await system.remove();
    throw err;
  }
  return {
    ...mockClient(mock.url),
    stop: async () => {
      await mock.stop();
      await system.remove();
    },
  };
}

/** Talks to the mock at `url`: JSON or form bodies, bearer tokens, the time each answer took. */
export function mockClient(url: string): MockClient {
  const call = async <T>(method: string, path: string, o: CallOptions = {}): Promise<Answer<T>> => {
    const headers: Record<string, string> = { ...o.headers };
    let body: string | undefined;
    if (o.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(o.form).toString();
    } else if (o.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    }
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const started = performance.now();
    const res = await fetch(url + path, { method, headers, body, signal: AbortSignal.timeout(o.timeoutMs ?? 10_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed as T, ms: performance.now() - started };
  };

  const token = async () => {
    const res = await call<{ access_token: string }>('POST', '/oauth/token', {
      form: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET },
    });
    if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.access_token;
  };
  let cached: Promise<string> | undefined;
  return {
    url,
    call,
    token,
    admin: (method, path, body) => call(method, path, { body, token: ADMIN_TOKEN }),
    partner: async (method, path, options = {}) => call(method, path, { ...options, token: await (cached ??= token()) }),
  };
}

/** A well-formed compact JWS (not signed by anyone): what the partner checks is its shape. */
export function fakeCredential(claims: Record<string, unknown> = {}): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'EdDSA', kid: 'test-1' })}.${part({ vc: { type: ['VerifiableCredential', 'OpenBadgeCredential'] }, ...claims })}.c2lnbmF0dXJl`;
}

/** The demo resident the mock knows (apps/vneid-mock/src/citizens/known-citizens.ts). */
export const BAY = { cccd: '022062912001', fullName: 'Trần Văn Bảy', birthDate: '1962-05-20' };

/** A credential body for the demo resident, with the given serial. */
export function credentialBody(serial: string, overrides: Record<string, unknown> = {}) {
  return {
    serial,
    courseCode: 'KNS-CB',
    courseVersion: 1,
    issuedAt: '2026-03-01',
    issuingUnitCode: '06673',
    holder: BAY,
    credential: fakeCredential({ serial }),
    ...overrides,
  };
}
