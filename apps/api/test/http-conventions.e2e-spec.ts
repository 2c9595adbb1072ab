import { bearer, createTestAppWithDemoData, type TestApp } from '@hvs/testing';
import { AppModule } from '../src/app.module';
import { API_OPENAPI_INFO } from '../src/openapi';

describe('HTTP conventions shared by every endpoint', () => {
  let t: TestApp;
  let admin: { authorization: string };
  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule, { openApi: API_OPENAPI_INFO });
    admin = await bearer(t.http, 'admin');
  });
  afterAll(() => t.close());

  const expectErrorBody = (body: unknown, code: string) => {
    expect(body).toEqual({
      error: expect.objectContaining({ code, message: expect.any(String), requestId: expect.any(String) }),
    });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // never a stack trace
  };

  it('answers an unknown route with 404 ROUTE_NOT_FOUND in the one error body', async () => {
    const res = await t.http.get('/api/v1/nothing-here').expect(404);
    expectErrorBody(res.body, 'ROUTE_NOT_FOUND');
    expect(res.body.error.message).toBe('Không tìm thấy đường dẫn được yêu cầu.');
  });

  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    const res = await t.http
      .post('/api/v1/geo/communes/06673/villages')
      .set('content-type', 'application/json')
      .send('{"name": "Thôn A", ')
      .expect(400);
    expectErrorBody(res.body, 'INVALID_JSON');
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await t.http
      .post('/api/v1/geo/communes/06673/villages')
      .set('content-type', 'application/xml')
      .send('<village/>')
      .expect(415);
    expectErrorBody(res.body, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await t.http
      .post('/api/v1/geo/communes/06673/villages')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(1_100_000), type: 'thon' }))
      .expect(413);
    expectErrorBody(res.body, 'PAYLOAD_TOO_LARGE');
  });

  it('rejects an array or a scalar where an object is expected', async () => {
    const res = await t.http.post('/api/v1/geo/areas').set(admin).send([1, 2]).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('gives Vietnamese messages for each bad field', async () => {
    const res = await t.http.post('/api/v1/geo/areas').set(admin).send({ provinceCode: '22', kind: 'x', extra: 1 }).expect(400);
    const byField = Object.fromEntries(
      res.body.error.details.map((d: { field: string; message: string }) => [d.field, d.message]),
    );
    expect(byField.extra).toBe('trường này không được phép');
    expect(byField.kind).toMatch(/^phải là một trong các giá trị cho phép/);
    expect(byField.name).toBeDefined();
  });

  it('echoes a valid X-Request-Id and makes one up otherwise', async () => {
    const given = await t.http.get('/api/v1/geo/provinces/99').set('x-request-id', 'abc-123').expect(404);
    expect(given.headers['x-request-id']).toBe('abc-123');
    expect(given.body.error.requestId).toBe('abc-123');
    const bad = await t.http.get('/api/v1/geo/provinces').set('x-request-id', 'bad id with spaces <script>').expect(200);
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document with every geography endpoint and the error body', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/api/v1/geo/provinces',
      '/api/v1/geo/provinces/{code}/communes',
      '/api/v1/geo/communes',
      '/api/v1/geo/communes/{code}/villages',
      '/api/v1/geo/units/{code}',
      '/api/v1/geo/areas',
      '/api/v1/geo/areas/{id}',
      '/health/ready',
    ]) {
      expect(paths).toContain(p);
    }
    expect(res.body.components.schemas.ErrorResponse).toBeDefined();
    const ui = await t.http.get('/docs').redirects(1).expect(200);
    expect(ui.text).toMatch(/swagger/i);
  });
});
