import { createTestApp, type TestApp } from '@hvs/testing';
import { VneidMockModule } from '../src/vneid-mock.module';

describe('vneid-mock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(VneidMockModule, { apiPrefix: false });
  });
  afterAll(() => t.close());

  it('is live and ready without PostgreSQL or Redis of ours', async () => {
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    await t.http.get('/health/ready').expect(200);
  });

  it('answers unknown routes with the common error body', async () => {
    const res = await t.http.get('/nothing').expect(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});
