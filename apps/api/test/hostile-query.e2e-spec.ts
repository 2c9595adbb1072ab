import { randomUUID } from 'node:crypto';
import { bearer, createTestAppWithDemoData, registerTestResident, TEST_PASSWORD, type TestApp } from '@hvs/testing';
import type { Response } from 'supertest';
import { AppModule } from '../src/app.module';
import { API_OPENAPI_INFO } from '../src/openapi';

/**
 * Every query parameter of every route in the served OpenAPI document (the fast lane's included) gets
 * hostile values: each must answer 400 with a stable code, never a 500 and never a success. A route
 * that takes no query parameter rejects an unknown one the same way.
 */
interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  schema?: { type?: string; enum?: unknown[]; example?: unknown; format?: string; minimum?: number; maximum?: number };
  example?: unknown;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
}
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

/** Values no integer parameter may accept: other notations, and just past its bounds. */
const hostileNumbers = (schema: Parameter['schema'] & { minimum?: number; maximum?: number } = {}): string[] => [
  '1e309', '1e2', 'NaN', 'Infinity', '1.5', '0x10', '', ' ', '+1', '12abc', '9'.repeat(400),
  String((schema.minimum ?? 0) - 1),
  ...(schema.maximum !== undefined ? [String(schema.maximum + 1), '9999999'.padEnd(String(schema.maximum).length + 1, '9')] : []),
];
const HOSTILE_ANY = ['x'.repeat(5000), '\u0000', 'a\nb'];

const pathValue = (p: Parameter): string => {
  const example = p.example ?? p.schema?.example;
  if (example !== undefined) return String(example);
  if (p.schema?.format === 'uuid' || /id$/i.test(p.name)) return randomUUID();
  if (/code/i.test(p.name)) return '06673';
  return 'x';
};

describe('hostile query values on every route of the OpenAPI document', () => {
  let t: TestApp;
  let staff: { authorization: string };
  /** Callers tried in turn until one may call the route: its query is then what decides. */
  let callers: Array<{ authorization: string }>;
  let operations: Array<{ method: Method; path: string; op: Operation }>;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule, { openApi: API_OPENAPI_INFO });
    staff = await bearer(t.http, 'admin');
    const learner = await registerTestResident(t, staff);
    if (!learner.auth) throw new Error('the test resident has no account');
    callers = [staff, await bearer(t.http, 'xa.baichay'), await bearer(t.http, 'gv.baichay'), learner.auth];
    const doc = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, Partial<Record<Method, Operation>>> };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as Operation })),
    );
  });
  afterAll(() => t.close());

  const send = async (method: Method, url: string): Promise<Response> => {
    let res: Response | undefined;
    // logging in is authenticated by its body: the right one, so that the query is what decides
    const body = url.startsWith('/api/v1/auth/login?') ? { username: 'admin', password: TEST_PASSWORD } : undefined;
    for (const caller of callers) {
      res = await t.http[method](url).set(caller).set('accept', 'application/json').send(body);
      if (!(res.status === 403 && res.body?.error?.code === 'FORBIDDEN')) break;
    }
    return res as Response;
  };
  const urlOf = (path: string, op: Operation, query: string): string => {
    const params = (op.parameters ?? []).filter((p) => p.in === 'path');
    const filled = params.reduce((acc, p) => acc.replace(`{${p.name}}`, encodeURIComponent(pathValue(p))), path);
    return `${filled}?${query}`;
  };
  const expectRejected = (res: Response, label: string) => {
    const summary = `${label} -> ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
    expect({ summary, status: res.status }).toEqual({ summary, status: 400 });
    expect(typeof res.body?.error?.code).toBe('string');
    expect(res.body.error.message).toMatch(/[ăâđêôơưáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ]/i);
  };

  it('finds routes with query parameters, fast lane and Nest alike', () => {
    const withQuery = operations.filter(({ op }) => (op.parameters ?? []).some((p) => p.in === 'query'));
    expect(withQuery.length).toBeGreaterThan(10);
    expect(withQuery.map(({ op }) => op.operationId)).toEqual(expect.arrayContaining(['Communes_list', 'Provinces_list']));
  });

  it('answers 400 with a code to a hostile value in each query parameter', async () => {
    let sent = 0;
    for (const { method, path, op } of operations) {
      for (const p of (op.parameters ?? []).filter((x) => x.in === 'query')) {
        const numeric = p.schema?.type === 'integer' || p.schema?.type === 'number';
        const values = [...(numeric ? hostileNumbers(p.schema) : p.schema?.enum ? ['not-a-value'] : []), ...HOSTILE_ANY];
        for (const value of values) {
          const res = await send(method, urlOf(path, op, `${p.name}=${encodeURIComponent(value)}`));
          expectRejected(res, `${method.toUpperCase()} ${path} ${p.name}=${JSON.stringify(value.slice(0, 20))}`);
          sent += 1;
        }
        // a parameter given twice is an array, which no parameter accepts
        const twice = await send(method, urlOf(path, op, `${p.name}=1&${p.name}=2`));
        expectRejected(twice, `${method.toUpperCase()} ${path} ${p.name} twice`);
      }
    }
    expect(sent).toBeGreaterThan(50);
  });

  it('answers 400 with a code to an unknown query parameter on every route', async () => {
    for (const { method, path, op } of operations) {
      if (path.startsWith('/health') || path.startsWith('/docs')) continue;
      const res = await send(method, urlOf(path, op, 'unexpected=1'));
      expectRejected(res, `${method.toUpperCase()} ${path} ?unexpected=1`);
    }
  });
});
