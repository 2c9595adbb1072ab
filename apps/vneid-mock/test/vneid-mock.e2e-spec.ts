import { startMock, type MockServer } from '@hvs/testing';

describe('vneid-mock: a process of its own', () => {
  let m: MockServer;
  beforeAll(async () => {
    m = await startMock();
  });
  afterAll(() => m.close());

  it('is live and ready without PostgreSQL or Redis of ours', async () => {
    expect((await m.call('GET', '/health/live')).body).toEqual({ status: 'ok' });
    expect((await m.call('GET', '/health/ready')).status).toBe(200);
  });

  it('answers unknown routes with the common error body', async () => {
    const res = await m.call('GET', '/nothing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('keeps health and admin out of the faults: an outage stops partner calls only', async () => {
    await m.admin('PUT', '/admin/faults', { outage: true });
    try {
      expect((await m.call('GET', '/health/ready')).status).toBe(200);
      expect((await m.admin('GET', '/admin/faults')).status).toBe(200);
      expect((await m.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials' } })).status).toBe(503);
    } finally {
      await m.admin('PUT', '/admin/faults', { outage: false });
    }
  });
});
