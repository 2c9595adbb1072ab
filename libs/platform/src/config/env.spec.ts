import { DEVELOPMENT_KEYS, EnvValidationError, loadEnv, parseSigningKeys } from './env';

describe('loadEnv', () => {
  it('gives working defaults for a machine with local services', () => {
    const env = loadEnv({});
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/hocvuso');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.PORT).toBe(3000);
    expect(env.VNEID_MOCK_PORT).toBe(4000);
    expect(env.MIGRATE_ON_START).toBe(true);
  });

  it('has development keys for personal data, and refuses malformed or mismatched ones without echoing them', () => {
    const env = loadEnv({});
    expect(env.PII_ENCRYPTION_KEY_ID).toBe('dev');
    const secret = 'c2VjcmV0LWJ1dC10b28tc2hvcnQ=';
    try {
      loadEnv({ PII_ENCRYPTION_KEYS: `k1:${secret}`, PII_INDEX_KEY: 'short' });
      throw new Error('expected a validation error');
    } catch (err) {
      const text = (err as EnvValidationError).problems.join('\n');
      expect(text).toMatch(/^PII_ENCRYPTION_KEYS: must be "id:base64key/m);
      expect(text).toMatch(/^PII_INDEX_KEY: must be base64/m);
      expect(text).not.toContain(secret);
    }
    const good = Buffer.alloc(32, 7).toString('base64');
    expect(() => loadEnv({ PII_ENCRYPTION_KEYS: `k1:${good}`, PII_ENCRYPTION_KEY_ID: 'k2' })).toThrow(
      /PII_ENCRYPTION_KEY_ID: must be the id of one of PII_ENCRYPTION_KEYS/,
    );
    expect(loadEnv({ PII_ENCRYPTION_KEYS: `k1:${good},k2:${good}`, PII_ENCRYPTION_KEY_ID: 'k2' }).PII_ENCRYPTION_KEY_ID).toBe('k2');
  });

  it('refuses the public development keys in production', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set in production/);
    const key = Buffer.alloc(32, 9).toString('base64');
    const env = loadEnv({
      NODE_ENV: 'production',
      PII_ENCRYPTION_KEYS: `k1:${key}`,
      PII_ENCRYPTION_KEY_ID: 'k1',
      PII_INDEX_KEY: key,
      JWT_SECRET: 'a-production-secret-of-at-least-32-chars',
      METRICS_TOKEN: 'a-production-metrics-token-of-32-chars',
      CERTIFICATE_SIGNING_KEYS: `c1:${Buffer.alloc(32, 3).toString('base64url')}`,
      CERTIFICATE_SIGNING_KEY_ID: 'c1',
    });
    expect(env.NODE_ENV).toBe('production');
  });

  it('has a development certificate-signing key, derived the same on every machine, refused in production', () => {
    const env = loadEnv({});
    expect(env.CERTIFICATE_SIGNING_KEY_ID).toBe('dev');
    const [dev] = parseSigningKeys(env.CERTIFICATE_SIGNING_KEYS);
    expect(dev).toMatchObject({ kid: 'dev', kty: 'OKP', crv: 'Ed25519', development: true });
    expect(parseSigningKeys(DEVELOPMENT_KEYS.CERTIFICATE_SIGNING_KEYS)[0].x).toBe(dev.x);
    const production = {
      NODE_ENV: 'production',
      PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
      PII_ENCRYPTION_KEY_ID: 'k1',
      PII_INDEX_KEY: Buffer.alloc(32, 9).toString('base64'),
      JWT_SECRET: 'a-production-secret-of-at-least-32-chars',
      METRICS_TOKEN: 'a-production-metrics-token-of-32-chars',
    };
    expect(() => loadEnv(production)).toThrow(/CERTIFICATE_SIGNING_KEYS: must not hold the development key in production/);
    // nor kept beside a real key, nor given as a JWK
    const real = `c1:${Buffer.alloc(32, 5).toString('base64url')}`;
    expect(() => loadEnv({ ...production, CERTIFICATE_SIGNING_KEYS: `${real},${DEVELOPMENT_KEYS.CERTIFICATE_SIGNING_KEYS}`, CERTIFICATE_SIGNING_KEY_ID: 'c1' })).toThrow(
      /development key/,
    );
    const devJwk = JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', kid: 'other', d: dev.d, x: dev.x }]);
    expect(() => loadEnv({ ...production, CERTIFICATE_SIGNING_KEYS: devJwk, CERTIFICATE_SIGNING_KEY_ID: 'other' })).toThrow(/development key/);
    expect(loadEnv({ ...production, CERTIFICATE_SIGNING_KEYS: real, CERTIFICATE_SIGNING_KEY_ID: 'c1' }).CERTIFICATE_SIGNING_KEY_ID).toBe('c1');
  });

  it('reads signing keys in the compact form and as JWKs, and refuses bad ones without echoing them', () => {
    const seed1 = Buffer.alloc(32, 1).toString('base64url');
    const seed2 = Buffer.alloc(32, 2).toString('base64url');
    const compact = parseSigningKeys(`old:${seed1}, new:${seed2}`);
    expect(compact.map((k) => k.kid)).toEqual(['old', 'new']);
    expect(compact[0].x).not.toBe(compact[1].x);
    const jwks = parseSigningKeys(JSON.stringify(compact.map(({ kty, crv, kid, d, x }) => ({ kty, crv, kid, d, x }))));
    expect(jwks).toEqual(compact);
    expect(jwks.every((k) => !k.development)).toBe(true);
    expect(loadEnv({ CERTIFICATE_SIGNING_KEYS: `old:${seed1},new:${seed2}`, CERTIFICATE_SIGNING_KEY_ID: 'old' }).CERTIFICATE_SIGNING_KEY_ID).toBe('old');
    const problems = (value: string, kid = 'c1') => {
      try {
        loadEnv({ CERTIFICATE_SIGNING_KEYS: value, CERTIFICATE_SIGNING_KEY_ID: kid });
        return '';
      } catch (err) {
        return (err as EnvValidationError).problems.join('\n');
      }
    };
    expect(problems(`c1:${seed1}`, 'c2')).toMatch(/^CERTIFICATE_SIGNING_KEY_ID: must be the kid of one of CERTIFICATE_SIGNING_KEYS$/m);
    expect(problems('c1:tooshort')).toMatch(/^CERTIFICATE_SIGNING_KEYS: key "c1": its private part must be a 32-byte seed/m);
    expect(problems(`c1:${seed1},c1:${seed2}`)).toMatch(/kid "c1" is used twice/);
    expect(problems('[{"kty":"RSA","kid":"c1","d":"x"}]')).toMatch(/must be an Ed25519 JWK/);
    expect(problems('[not json')).toMatch(/must be valid JSON/);
    expect(problems(JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', kid: 'c1', d: seed1, x: compact[1].x }]))).toMatch(/its "x" is not the public key/);
    const text = problems(`c1:${seed1.slice(0, 40)}`);
    expect(text).toMatch(/CERTIFICATE_SIGNING_KEYS/);
    expect(text).not.toContain(seed1.slice(0, 40));
  });

  it('has the public address that certificates link to', () => {
    expect(loadEnv({}).PUBLIC_URL).toBe('http://127.0.0.1:3000');
    expect(loadEnv({ PUBLIC_URL: 'https://hocvuso.example.vn' }).PUBLIC_URL).toBe('https://hocvuso.example.vn');
    expect(() => loadEnv({ PUBLIC_URL: 'https://hocvuso.example.vn/' })).toThrow(/PUBLIC_URL: must be an http\(s\) URL without a trailing slash/);
    expect(() => loadEnv({ PUBLIC_URL: 'hocvuso.example.vn' })).toThrow(/PUBLIC_URL/);
  });

  it('keeps offline batches longer than the attendance window', () => {
    expect(loadEnv({}).ATTENDANCE_SYNC_RETENTION_DAYS).toBe(60);
    expect(() => loadEnv({ ATTENDANCE_SYNC_RETENTION_DAYS: '31' })).toThrow(/ATTENDANCE_SYNC_RETENTION_DAYS: must be longer than the attendance window/);
    expect(() => loadEnv({ ATTENDANCE_SYNC_RETENTION_DAYS: '20', ATTENDANCE_PAST_WINDOW_DAYS: '7', ATTENDANCE_FUTURE_WINDOW_H: '720' })).toThrow(
      /ATTENDANCE_SYNC_RETENTION_DAYS/,
    );
    expect(() => loadEnv({ ATTENDANCE_SYNC_RETENTION_DAYS: '8', ATTENDANCE_PAST_WINDOW_DAYS: '7' })).toThrow(/ATTENDANCE_SYNC_RETENTION_DAYS/);
    expect(loadEnv({ ATTENDANCE_SYNC_RETENTION_DAYS: '32' }).ATTENDANCE_SYNC_RETENTION_DAYS).toBe(32);
    expect(loadEnv({ ATTENDANCE_SYNC_RETENTION_DAYS: '9', ATTENDANCE_PAST_WINDOW_DAYS: '7' }).ATTENDANCE_SYNC_RETENTION_DAYS).toBe(9);
  });

  it('has the VNeID partner settings, with shares between 0 and 1 that add up to at most 1', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ VNEID_CLIENT_ID: 'hocvuso', VNEID_TOKEN_TTL_SECONDS: 3600, VNEID_RATE_LIMIT_RPS: 100, VNEID_OUTAGE: false });
    const set = loadEnv({ VNEID_ERROR_RATE: '0.2', VNEID_HANG_RATE: '0.05', VNEID_OUTAGE: 'true', VNEID_TOKEN_TTL_SECONDS: '2' });
    expect([set.VNEID_ERROR_RATE, set.VNEID_HANG_RATE, set.VNEID_OUTAGE, set.VNEID_TOKEN_TTL_SECONDS]).toEqual([0.2, 0.05, true, 2]);
    expect(() => loadEnv({ VNEID_ERROR_RATE: '1.5' })).toThrow(/VNEID_ERROR_RATE: must be a number between 0 and 1 \(got "1.5"\)/);
    expect(() => loadEnv({ VNEID_ERROR_RATE: 'lots' })).toThrow(/VNEID_ERROR_RATE: must be a number between 0 and 1/);
    expect(() => loadEnv({ VNEID_ERROR_RATE: '0.6', VNEID_HANG_RATE: '0.5' })).toThrow(/VNEID_HANG_RATE: .*must not exceed 1/);
    expect(() => loadEnv({ VNEID_NOT_FOUND_RATE: '0.6', VNEID_MISMATCH_RATE: '0.5' })).toThrow(/VNEID_MISMATCH_RATE: .*must not exceed 1/);
    expect(() => loadEnv({ VNEID_TOKEN_TTL_SECONDS: '0' })).toThrow(/VNEID_TOKEN_TTL_SECONDS/);
    // the partner's address follows the mock's port unless given
    expect(env.VNEID_BASE_URL).toBe('http://127.0.0.1:4000');
    expect(loadEnv({ VNEID_MOCK_PORT: '4100' }).VNEID_BASE_URL).toBe('http://127.0.0.1:4100');
    expect(loadEnv({ VNEID_BASE_URL: 'http://vneid-mock:4000' }).VNEID_BASE_URL).toBe('http://vneid-mock:4000');
    expect(() => loadEnv({ VNEID_BASE_URL: 'vneid-mock:4000' })).toThrow(/VNEID_BASE_URL: must be an http\(s\) URL/);
    const secret = 'short secret';
    try {
      loadEnv({ VNEID_CLIENT_SECRET: secret, VNEID_ADMIN_TOKEN: 'x' });
      throw new Error('expected a validation error');
    } catch (err) {
      const text = (err as EnvValidationError).problems.join('\n');
      expect(text).toMatch(/^VNEID_CLIENT_SECRET: must be 16-200 characters/m);
      expect(text).toMatch(/^VNEID_ADMIN_TOKEN: must be 16-200 characters/m);
      expect(text).not.toContain(secret);
    }
  });

  it('converts numbers and booleans', () => {
    const env = loadEnv({ PORT: '8080', MIGRATE_ON_START: 'false', LOG_REQUESTS: '0' });
    expect(env.PORT).toBe(8080);
    expect(env.MIGRATE_ON_START).toBe(false);
    expect(env.LOG_REQUESTS).toBe(false);
  });

  it('names every bad variable with the value given', () => {
    try {
      loadEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x/y', LOG_LEVEL: 'loud', MIGRATE_ON_START: 'maybe' });
      throw new Error('expected a validation error');
    } catch (err) {
      expect(err).toBeInstanceOf(EnvValidationError);
      const problems = (err as EnvValidationError).problems.join('\n');
      expect(problems).toMatch(/^PORT: .*\(got "eighty"\)/m);
      expect(problems).toMatch(/^DATABASE_URL: must be a PostgreSQL URL.*\(got "mysql:\/\/x\/y"\)/m);
      expect(problems).toMatch(/^LOG_LEVEL: must be one of/m);
      expect(problems).toMatch(/^MIGRATE_ON_START: must be true or false/m);
      expect((err as EnvValidationError).problems).toHaveLength(4);
    }
  });
});
