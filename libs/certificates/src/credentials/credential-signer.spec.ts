import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { DEVELOPMENT_KEYS, loadEnv } from '@hvs/platform';
import { credentialInputFixture } from './credential-input.fixture';
import { CredentialSigner, OB_CONTEXT_V3, VC_CONTEXT_V2, verifyCredentialJwt } from './credential-signer';
import { SigningKeyRing } from './signing-keys';

const PUBLIC_URL = 'https://hocvuso.example.vn';
const seed = () => randomBytes(32).toString('base64url');
const ring = (keys: string, kid: string) => SigningKeyRing.fromEnv({ CERTIFICATE_SIGNING_KEYS: keys, CERTIFICATE_SIGNING_KEY_ID: kid });
const b64 = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('signing keys', () => {
  it('publishes every key without its private part, with kid, alg EdDSA, crv Ed25519, use sig', () => {
    const keys = ring(`old:${seed()},new:${seed()}`, 'new');
    const jwks = keys.publicJwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual(['old', 'new']);
    for (const k of jwks.keys) {
      expect(k).toEqual({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String), x: expect.stringMatching(/^[\w-]{43}$/) });
    }
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
    expect(keys.signsWithDevelopmentKey).toBe(false);
  });

  it('knows the development key, the default when nothing is set', () => {
    const env = loadEnv({});
    expect(SigningKeyRing.fromEnv(env).signsWithDevelopmentKey).toBe(true);
    expect(SigningKeyRing.fromEnv(env).publicJwks().keys[0].kid).toBe('dev');
    expect(() => ring(`c1:${seed()}`, 'c2')).toThrow(/not among CERTIFICATE_SIGNING_KEYS/);
  });

  it('is refused in production as the development key (loadEnv)', () => {
    const production = {
      NODE_ENV: 'production',
      PII_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      PII_ENCRYPTION_KEY_ID: 'k1',
      PII_INDEX_KEY: randomBytes(32).toString('base64'),
      JWT_SECRET: randomBytes(48).toString('base64'),
      METRICS_TOKEN: randomBytes(32).toString('base64url'),
    };
    expect(() => loadEnv({ ...production, CERTIFICATE_SIGNING_KEYS: DEVELOPMENT_KEYS.CERTIFICATE_SIGNING_KEYS, CERTIFICATE_SIGNING_KEY_ID: 'dev' })).toThrow(
      /CERTIFICATE_SIGNING_KEYS: must not hold the development key in production/,
    );
    expect(SigningKeyRing.fromEnv(loadEnv({ ...production, CERTIFICATE_SIGNING_KEYS: `c1:${seed()}`, CERTIFICATE_SIGNING_KEY_ID: 'c1' })).signsWithDevelopmentKey).toBe(false);
  });
});

describe('CredentialSigner', () => {
  const keys = ring(`c1:${seed()}`, 'c1');
  const signer = new CredentialSigner(keys, PUBLIC_URL);

  it('makes an Open Badges 3.0 credential secured as a VC-JOSE JWT', async () => {
    const input = credentialInputFixture();
    const { jwt, kid } = await signer.sign(input);
    const [header, payload] = jwt.split('.').map((p, i) => (i < 2 ? b64(p) : p));
    expect(header).toEqual({ alg: 'EdDSA', kid: 'c1', typ: 'vc+jwt', cty: 'vc' });
    expect(kid).toBe('c1');
    expect(payload['@context']).toEqual([VC_CONTEXT_V2, OB_CONTEXT_V3]);
    expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(payload.id).toBe(`urn:uuid:${input.certificateId}`);
    expect(payload.jti).toBe(payload.id);
    expect(payload.issuer).toEqual({ id: 'urn:hocvuso:unit:00004', type: ['Profile'], name: 'Học Vụ Số — UBND phường Ba Đình' });
    expect(payload.iss).toBe(payload.issuer.id);
    expect(payload.validFrom).toBe('2026-12-05T03:15:00Z');
    expect(payload.iat).toBe(Date.parse('2026-12-05T03:15:00Z') / 1000);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.credentialStatus.id).toBe(`${PUBLIC_URL}/api/v1/verify/HN-2026-000123-K`);
    const subject = payload.credentialSubject;
    expect(subject.type).toEqual(['AchievementSubject']);
    expect(subject.licenseNumber).toBe(input.serial);
    expect(subject.identifier[0]).toMatchObject({ identityType: 'name', hashed: false, identityHash: 'Trần Văn Bảy' });
    expect(subject.identifier[1]).toMatchObject({ identityType: 'systemId', hashed: true, identityHash: expect.stringMatching(/^sha256\$[0-9a-f]{64}$/) });
    expect(subject.achievement).toMatchObject({ type: ['Achievement'], name: 'Kỹ năng số cơ bản', version: '2', criteria: { narrative: input.course.criteria } });
    expect(subject.achievement.alignment.map((a: { targetCode: string }) => a.targetCode)).toEqual(['KNS-01', 'KNS-02']);
    // no raw personal identifiers: neither the resident's id nor the birth year
    expect(jwt).not.toContain(input.holder.residentId);
    expect(JSON.stringify(payload)).not.toContain(String(input.holder.birthYear));
  });

  it('signs the same certificate the same way twice (a retried submission carries the same body)', async () => {
    const input = credentialInputFixture();
    expect((await signer.sign(input)).jwt).toBe((await signer.sign(input)).jwt);
    expect((await signer.sign(credentialInputFixture({ serial: 'HN-2026-000124-M' }))).jwt).not.toBe((await signer.sign(input)).jwt);
  });

  it('verifies with a standard JOSE library and the published JWKS alone', async () => {
    const { jwt } = await signer.sign(credentialInputFixture());
    const jwks = JSON.parse(JSON.stringify(keys.publicJwks())); // as fetched from /.well-known/jwks.json
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'], typ: 'vc+jwt' });
    expect(protectedHeader.kid).toBe('c1');
    expect((payload.credentialSubject as { licenseNumber: string }).licenseNumber).toBe('HN-2026-000123-K');
  });

  it('says valid with the serial and certificate id, and why not when tampered with or unknown', async () => {
    const input = credentialInputFixture();
    const { jwt } = await signer.sign(input);
    const jwks = keys.publicJwks();
    const ok = await verifyCredentialJwt(jwt, jwks);
    expect(ok).toMatchObject({ valid: true, kid: 'c1', serial: input.serial, certificateId: input.certificateId });

    const [h, p, s] = jwt.split('.');
    const forged = b64(p);
    forged.credentialSubject.identifier[0].identityHash = 'Nguyễn Văn Khác';
    const tampered = `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`;
    expect(await verifyCredentialJwt(tampered, jwks)).toMatchObject({ valid: false, code: 'credential_bad_signature' });
    await expect(jwtVerify(tampered, createLocalJWKSet(jwks))).rejects.toThrow();

    const stranger = new CredentialSigner(ring(`c1:${seed()}`, 'c1'), PUBLIC_URL);
    expect(await verifyCredentialJwt((await stranger.sign(input)).jwt, jwks)).toMatchObject({ valid: false, code: 'credential_bad_signature' });
    const otherKid = new CredentialSigner(ring(`zz:${seed()}`, 'zz'), PUBLIC_URL);
    expect(await verifyCredentialJwt((await otherKid.sign(input)).jwt, jwks)).toMatchObject({ valid: false, code: 'credential_unknown_key' });

    for (const junk of ['', 'abc', 'a.b.c', 42, null, `${h}.${p}`, 'x'.repeat(30_000)]) {
      const result = await verifyCredentialJwt(junk, jwks);
      expect(result).toMatchObject({ valid: false, code: 'credential_malformed', message: expect.stringMatching(/JWT/) });
    }
    expect(await verifyCredentialJwt(jwt, jwks, new Date('2026-12-01T00:00:00Z'))).toMatchObject({ valid: false, code: 'credential_not_yet_valid' });
  });

  it('keeps verifying credentials signed by a retired key after rotation', async () => {
    const oldSeed = seed();
    const before = ring(`k2026:${oldSeed}`, 'k2026');
    const { jwt: oldJwt } = await new CredentialSigner(before, PUBLIC_URL).sign(credentialInputFixture());
    const after = ring(`k2026:${oldSeed},k2027:${seed()}`, 'k2027');
    const { jwt: newJwt } = await new CredentialSigner(after, PUBLIC_URL).sign(credentialInputFixture());
    expect(decodeProtectedHeader(newJwt).kid).toBe('k2027');
    const jwks = after.publicJwks();
    expect(await verifyCredentialJwt(oldJwt, jwks)).toMatchObject({ valid: true, kid: 'k2026' });
    expect(await verifyCredentialJwt(newJwt, jwks)).toMatchObject({ valid: true, kid: 'k2027' });
    await expect(jwtVerify(oldJwt, createLocalJWKSet(jwks))).resolves.toBeTruthy();
    // once the old key is dropped from the published set, its credentials no longer verify
    expect(await verifyCredentialJwt(oldJwt, ring(`k2027:${seed()}`, 'k2027').publicJwks())).toMatchObject({ valid: false, code: 'credential_unknown_key' });
  });

  it('refuses a JWT that is signed by a published key but is not an Open Badges credential', async () => {
    const { key, kid } = keys.signingKey();
    const { SignJWT } = await import('jose');
    const plain = await new SignJWT({ hello: 'world' }).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'vc+jwt' }).sign(key);
    expect(await verifyCredentialJwt(plain, keys.publicJwks())).toMatchObject({ valid: false, code: 'credential_wrong_type' });
    const wrongTyp = await new SignJWT({ hello: 'world' }).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' }).sign(key);
    expect(await verifyCredentialJwt(wrongTyp, keys.publicJwks())).toMatchObject({ valid: false, code: 'credential_wrong_type' });
  });
});
