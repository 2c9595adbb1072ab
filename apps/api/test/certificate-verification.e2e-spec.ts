import { randomBytes } from 'node:crypto';
import { CredentialSigner, SigningKeyRing } from '@hvs/certificates';
import { Env } from '@hvs/platform';
import { createTestAppWithDemoData, issueTestCertificate, registerPerson, type TestApp } from '@hvs/testing';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { AppModule } from '../src/app.module';

/** Each test speaks from its own client address, so the per-address throttle of one never blocks another. */
let address = 0;
const fromNewAddress = () => ({ 'x-forwarded-for': `203.0.113.${++address}` });
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('certificates: public verification and the published keys', () => {
  let t: TestApp;
  let env: Env;

  beforeAll(async () => {
    t = await createTestAppWithDemoData(AppModule);
    env = t.app.get(Env);
  });
  afterAll(() => t.close());

  async function certificate(fullName: string, state?: Parameters<typeof issueTestCertificate>[3]) {
    const person = await registerPerson(t, { fullName });
    return issueTestCertificate(t, person.id, fullName, state);
  }

  it('publishes every key with its kid at the root /.well-known/jwks.json, cacheable, without private parts', async () => {
    const res = await t.http.get('/.well-known/jwks.json').expect(200);
    expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of res.body.keys) {
      expect(key).toEqual({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String), x: expect.any(String) });
    }
    expect(res.body.keys.map((k: { kid: string }) => k.kid)).toContain(env.CERTIFICATE_SIGNING_KEY_ID);
    await t.http.get('/api/v1/.well-known/jwks.json').expect(404);
  });

  it('answers a valid certificate by serial (dashes optional) and by verification code, with the name masked and nothing more', async () => {
    const cert = await certificate('Nguyễn Văn Chứng Xuân');
    const headers = fromNewAddress();
    const res = await t.http.get(`/api/v1/verify/${cert.serial}`).set(headers).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({
      status: 'valid',
      serial: cert.serial,
      holderName: 'N***** V** C**** X***',
      course: { title: expect.any(String), version: 1 },
      issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      issuer: { name: 'Phường Bãi Cháy' },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/Nguyễn|Chứng|Xuân|cccd|birth|\d{12}/i);

    const compact = await t.http.get(`/api/v1/verify/${cert.serial.replace(/-/g, '')}`).set(headers).expect(200);
    expect(compact.body).toEqual(res.body);
    const byCode = await t.http.get(`/api/v1/verify/${cert.verificationCode.toLowerCase()}`).set(headers).expect(200);
    expect(byCode.body).toEqual(res.body);
  });

  it('points the credential (and so the QR code) at the verification route it serves', async () => {
    const cert = await certificate('Trần Thị Bảy');
    const url = (decodeJwt(cert.jwt) as { credentialStatus: { id: string } }).credentialStatus.id;
    expect(url).toBe(`${env.PUBLIC_URL}/api/v1/verify/${cert.serial}`);
    const res = await t.http.get(new URL(url).pathname).set(fromNewAddress()).set('accept', HTML).expect(200);
    expect(res.text).toContain(cert.serial);
  });

  it('serves a browser a small Vietnamese HTML page: charset, lang="vi", no script, escaped, a policy that runs nothing', async () => {
    const cert = await certificate('Lê Thị Hồng');
    const res = await t.http.get(`/api/v1/verify/${cert.serial}`).set(fromNewAddress()).set('accept', HTML).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers.vary).toMatch(/Accept/);
    expect(res.text).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
    expect(res.text).toContain('<meta charset="utf-8">');
    expect(res.text).toContain('Chứng nhận hợp lệ');
    expect(res.text).toContain('L* T** H***');
    expect(res.text).toContain('Phường Bãi Cháy');
    expect(res.text).not.toMatch(/<script|Hồng/i);
  });

  it('shows a revoked certificate as revoked, in JSON and HTML', async () => {
    const cert = await certificate('Phạm Văn Đông', 'revoked');
    const headers = fromNewAddress();
    const res = await t.http.get(`/api/v1/verify/${cert.serial}`).set(headers).expect(200);
    expect(res.body).toMatchObject({ status: 'revoked', holderName: 'P*** V** Đ***', revokedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const page = await t.http.get(`/api/v1/verify/${cert.verificationCode}`).set(headers).set('accept', HTML).expect(200);
    expect(page.text).toContain('Chứng nhận đã bị thu hồi');
  });

  it('knows only recognised and revoked certificates: pending, rejected, failed and unknown codes are 404 CERTIFICATE_NOT_FOUND', async () => {
    const headers = fromNewAddress();
    for (const state of ['pending', 'rejected', 'failed'] as const) {
      const cert = await certificate('Hoàng Văn Chờ', state);
      for (const code of [cert.serial, cert.verificationCode]) {
        const res = await t.http.get(`/api/v1/verify/${code}`).set(headers).expect(404);
        expect(res.body.error.code).toBe('CERTIFICATE_NOT_FOUND');
      }
    }
    const unknownSerial = '01-2026-0000001-0'; // a well-formed serial nobody holds (check digit holds)
    expect((await t.http.get(`/api/v1/verify/${unknownSerial}`).set(headers).expect(404)).body.error.code).toBe('CERTIFICATE_NOT_FOUND');
    const page = await t.http.get(`/api/v1/verify/${unknownSerial}`).set(headers).set('accept', HTML).expect(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('Không tìm thấy chứng nhận');
    expect((await t.http.get('/api/v1/verify/ABCDEFGHJKMNPQRS').set(headers).expect(404)).body.error.code).toBe('CERTIFICATE_NOT_FOUND');
  });

  it('refuses malformed codes with 400 and a stable code (a serial whose check digit fails is named as such)', async () => {
    const headers = fromNewAddress();
    const cert = await certificate('Vũ Thị Sai');
    const wrongCheck = cert.serial.slice(0, -1) + String((Number(cert.serial.slice(-1)) + 1) % 10);
    expect((await t.http.get(`/api/v1/verify/${wrongCheck}`).set(headers).expect(400)).body.error.code).toBe('CERTIFICATE_SERIAL_CHECK_FAILED');
    const swapped = `${cert.serial.slice(0, 8)}${cert.serial[9]}${cert.serial[8]}${cert.serial.slice(10)}`;
    if (swapped !== cert.serial) expect((await t.http.get(`/api/v1/verify/${swapped}`).set(headers).expect(400)).body.error.code).toBe('CERTIFICATE_SERIAL_CHECK_FAILED');
    for (const bad of ['abc', '22-2026-12-3', 'U'.repeat(16), 'x'.repeat(80), '%3Cscript%3E']) {
      const res = await t.http.get(`/api/v1/verify/${bad}`).set(headers).expect(400);
      expect(res.body.error.code).toBe('CERTIFICATE_CODE_INVALID');
    }
    const page = await t.http.get('/api/v1/verify/%3Cscript%3E').set(headers).set('accept', HTML).expect(400);
    expect(page.text).toContain('Mã tra cứu không hợp lệ');
    expect(page.text).not.toContain('<script>');
  });

  it('lets a third party verify the credential with plain jose against the served JWKS; POST /verify says valid', async () => {
    const cert = await certificate('Đỗ Minh Khang');
    const jwks = (await t.http.get('/.well-known/jwks.json').expect(200)).body as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(cert.jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'], typ: 'vc+jwt' });
    expect(protectedHeader.kid).toBe(cert.kid);
    expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);

    const res = await t.http.post('/api/v1/verify').set(fromNewAddress()).send({ credential: cert.jwt }).expect(200);
    expect(res.body).toEqual({
      status: 'valid',
      kid: cert.kid,
      certificate: expect.objectContaining({ status: 'valid', serial: cert.serial, holderName: 'Đ* M*** K****', issuer: { name: 'Phường Bãi Cháy' } }),
    });
  });

  it('answers a posted credential invalid with the reason: tampered, unknown key, malformed, not an Open Badge; revoked when revoked', async () => {
    const headers = fromNewAddress();
    const cert = await certificate('Bùi Thị Tâm');
    const [h, p, s] = cert.jwt.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    claims.credentialSubject.identifier[0].identityHash = 'Người Khác';
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    const verify = async (credential: unknown) => (await t.http.post('/api/v1/verify').set(headers).send({ credential }).expect(200)).body;
    expect(await verify(tampered)).toMatchObject({ status: 'invalid', reason: { code: 'credential_bad_signature', message: expect.any(String) } });

    const foreign = SigningKeyRing.fromEnv({ CERTIFICATE_SIGNING_KEYS: `other:${randomBytes(32).toString('base64url')}`, CERTIFICATE_SIGNING_KEY_ID: 'other' });
    const decoded = decodeJwt(cert.jwt) as { credentialSubject: { licenseNumber: string } };
    const { jwt: foreignJwt } = await new CredentialSigner(foreign, env.PUBLIC_URL).sign({
      certificateId: cert.id,
      serial: decoded.credentialSubject.licenseNumber,
      issuedAt: new Date(Date.now() - 60_000),
      holder: { residentId: cert.id, fullName: 'Bùi Thị Tâm', birthYear: 1970 },
      course: { id: 'x', title: 'Kỹ năng số cơ bản', description: '', version: 1, criteria: '', competencies: [] },
      issuingUnit: { code: '06673', name: 'Phường Bãi Cháy' },
    });
    expect(await verify(foreignJwt)).toMatchObject({ status: 'invalid', reason: { code: 'credential_unknown_key' } });
    expect(await verify('not.a.jwt')).toMatchObject({ status: 'invalid', reason: { code: 'credential_malformed' } });
    expect(await verify('abc')).toMatchObject({ status: 'invalid', reason: { code: 'credential_malformed' } });
    expect(JSON.stringify(await verify(tampered))).not.toContain('Bùi');

    const revoked = await certificate('Ngô Văn Hủy', 'revoked');
    expect(await verify(revoked.jwt)).toMatchObject({ status: 'revoked', certificate: { status: 'revoked', serial: revoked.serial } });
  });

  it('checks the body strictly: a string credential of bounded length, no other field', async () => {
    const headers = fromNewAddress();
    const cert = await certificate('Mai Thị Lan');
    for (const body of [{}, { credential: 42 }, { credential: '' }, { credential: 'x'.repeat(20_001) }, { credential: cert.jwt, extra: 1 }]) {
      const res = await t.http.post('/api/v1/verify').set(headers).send(body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('throttles verification per client address: 429 VERIFY_TOO_MANY_REQUESTS with Retry-After, other addresses unaffected', async () => {
    const cert = await certificate('Tạ Văn Nhanh');
    const headers = fromNewAddress();
    let limited: { status: number; body: { error: { code: string } }; headers: Record<string, string> } | undefined;
    for (let i = 0; i < 70 && !limited; i++) {
      const res = await t.http.get(`/api/v1/verify/${cert.serial}`).set(headers);
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited?.body.error.code).toBe('VERIFY_TOO_MANY_REQUESTS');
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    await t.http.post('/api/v1/verify').set(headers).send({ credential: cert.jwt }).expect(429);
    await t.http.get(`/api/v1/verify/${cert.serial}`).set(fromNewAddress()).expect(200);
  });
});
