import { ADMIN_TOKEN, CLIENT_ID, CLIENT_SECRET, startMock, type MockServer } from '@hvs/testing';

const VERIFY = { cccd: '022062912001', fullName: 'Trần Văn Bảy', birthDate: '1962-05-20' };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('vneid-mock: OAuth2 client credentials and bearer tokens', () => {
  let m: MockServer;
  beforeAll(async () => {
    m = await startMock({ VNEID_TOKEN_TTL_SECONDS: '1' });
  });
  afterAll(() => m.close());

  it('issues a bearer token for the configured client, by form with Basic or with the secret in the body, or by JSON', async () => {
    const answers = [
      await m.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials' }, headers: { authorization: basic(CLIENT_ID, CLIENT_SECRET) } }),
      await m.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET } }),
      await m.call('POST', '/oauth/token', { body: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: 'x' } }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ access_token: expect.stringMatching(/^v1\./), token_type: 'Bearer', expires_in: 1, scope: 'partner' });
      expect(res.headers.get('cache-control')).toBe('no-store');
      const use = await m.call('POST', '/v1/citizens/verify', { token: res.body.access_token, body: VERIFY });
      expect(use.body).toEqual({ result: 'match' });
    }
    expect(new Set(answers.map((a) => a.body.access_token)).size).toBe(3);
  });

  it('refuses bad clients and bad requests with RFC 6749 error bodies', async () => {
    const cases: Array<[string, Parameters<MockServer['call']>[2], number, string]> = [
      ['wrong secret', { form: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'not-the-secret-at-all' } }, 401, 'invalid_client'],
      ['unknown client', { form: { grant_type: 'client_credentials' }, headers: { authorization: basic('someone', CLIENT_SECRET) } }, 401, 'invalid_client'],
      ['no credentials', { form: { grant_type: 'client_credentials' } }, 401, 'invalid_client'],
      ['no grant type', { form: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET } }, 400, 'invalid_request'],
      ['credentials twice', { form: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }, headers: { authorization: basic(CLIENT_ID, CLIENT_SECRET) } }, 400, 'invalid_request'],
      ['malformed Basic', { form: { grant_type: 'client_credentials' }, headers: { authorization: 'Basic bm9jb2xvbg==' } }, 400, 'invalid_request'],
      ['repeated parameter', { body: 'grant_type=client_credentials&grant_type=password', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 400, 'invalid_request'],
      ['password grant', { form: { grant_type: 'password', client_id: CLIENT_ID, client_secret: CLIENT_SECRET } }, 400, 'unsupported_grant_type'],
    ];
    for (const [what, options, status, error] of cases) {
      const res = await m.call('POST', '/oauth/token', options);
      expect({ what, status: res.status, body: res.body }).toEqual({ what, status, body: { error, error_description: expect.any(String) } });
      if (error === 'invalid_client') expect(res.headers.get('www-authenticate')).toBe('Basic realm="vneid-partner"');
    }
  });

  it('lets a token expire after its lifetime; a new token works again (refresh)', async () => {
    const token = await m.token();
    expect((await m.call('POST', '/v1/citizens/verify', { token, body: VERIFY })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const expired = await m.call('POST', '/v1/citizens/verify', { token, body: VERIFY });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('TOKEN_EXPIRED');
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer realm="vneid-partner", error="invalid_token", error_description="[^"]+"$/);
    const fresh = await m.token();
    expect((await m.call('POST', '/v1/citizens/verify', { token: fresh, body: VERIFY })).body).toEqual({ result: 'match' });
  });

  it('refuses every /v1 call without a valid token, and tokens of a partner with another secret', async () => {
    const token = await m.token();
    const other = await startMock({ VNEID_CLIENT_SECRET: 'another-secret-of-the-partner' });
    let foreign: string;
    try {
      foreign = (
        await other.call('POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'another-secret-of-the-partner' } })
      ).body.access_token;
    } finally {
      await other.close();
    }
    const [prefix, payload, mac] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const extended = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 3_600_000 })).toString('base64url');
    const cases: Array<[string | null, string]> = [
      [null, 'TOKEN_MISSING'],
      ['garbage', 'TOKEN_INVALID'],
      [`${prefix}.${extended}.${mac}`, 'TOKEN_INVALID'], // a longer life, forged
      [foreign, 'TOKEN_INVALID'],
      [ADMIN_TOKEN, 'TOKEN_INVALID'],
    ];
    for (const [bad, code] of cases) {
      for (const [method, path, body] of [['POST', '/v1/citizens/verify', VERIFY], ['GET', '/v1/credentials', undefined], ['POST', '/v1/credentials', {}]] as const) {
        const res = await m.call(method, path, { token: bad, body });
        expect({ path, code: res.status === 401 ? res.body.error.code : res.status }).toEqual({ path, code });
        expect(res.headers.get('www-authenticate')).toMatch(code === 'TOKEN_MISSING' ? /^Bearer realm="vneid-partner"$/ : /error="invalid_token"/);
      }
    }
  });

  it('guards every admin endpoint with the admin token, not with a partner token', async () => {
    const token = await m.token();
    const routes = [
      ['GET', '/admin/faults'],
      ['PUT', '/admin/faults'],
      ['POST', '/admin/reset'],
      ['GET', '/admin/inspection'],
      ['POST', '/admin/citizens'],
      ['GET', '/admin/citizens?expected=match'],
      ['GET', '/admin/citizens/022062912001'],
    ] as const;
    for (const [method, path] of routes) {
      for (const bad of [null, token, `${ADMIN_TOKEN}x`]) {
        const res = await m.call(method, path, { token: bad, body: method === 'GET' ? undefined : {} });
        expect({ path, status: res.status, code: res.body.error.code }).toEqual({ path, status: 401, code: 'ADMIN_UNAUTHORIZED' });
      }
    }
    expect((await m.admin('GET', '/admin/faults')).status).toBe(200);
  });
});
