import { createPrivateKey, type KeyObject } from 'node:crypto';
import { parseSigningKeys, type Env, type SigningKeyJwk } from '@hvs/platform';

/** The signature algorithm of every credential: EdDSA over Ed25519 (RFC 8037). */
export const CREDENTIAL_ALG = 'EdDSA';

/** One published public key, as served at /.well-known/jwks.json. */
export interface PublicSigningJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: typeof CREDENTIAL_ALG;
  use: 'sig';
}

export interface PublicJwks {
  keys: PublicSigningJwk[];
}

/**
 * The certificate-signing keys of this deployment: every key is published (so that credentials signed
 * by a retired key still verify), the active one signs new credentials.
 */
export class SigningKeyRing {
  private constructor(
    private readonly keys: readonly SigningKeyJwk[],
    readonly activeKid: string,
  ) {}

  /** From the settings (loadEnv has checked them; this checks again for callers that did not). */
  static fromEnv(env: Pick<Env, 'CERTIFICATE_SIGNING_KEYS' | 'CERTIFICATE_SIGNING_KEY_ID'>): SigningKeyRing {
    const keys = parseSigningKeys(env.CERTIFICATE_SIGNING_KEYS);
    if (!keys.some((k) => k.kid === env.CERTIFICATE_SIGNING_KEY_ID)) {
      throw new Error(`CERTIFICATE_SIGNING_KEY_ID "${env.CERTIFICATE_SIGNING_KEY_ID}" is not among CERTIFICATE_SIGNING_KEYS`);
    }
    return new SigningKeyRing(keys, env.CERTIFICATE_SIGNING_KEY_ID);
  }

  /** True when the key that signs is the public development key (never in production: loadEnv refuses it). */
  get signsWithDevelopmentKey(): boolean {
    return this.active().development;
  }

  /** The public keys, for /.well-known/jwks.json (no private part, ever). */
  publicJwks(): PublicJwks {
    return {
      keys: this.keys.map(({ kty, crv, x, kid }) => ({ kty, crv, x, kid, alg: CREDENTIAL_ALG, use: 'sig' })),
    };
  }

  /** The private key that signs new credentials, with its kid (imported once: an import costs more than a signature). */
  signingKey(): { kid: string; key: KeyObject } {
    if (!this.imported) {
      const { kty, crv, d, x, kid } = this.active();
      this.imported = { kid, key: createPrivateKey({ key: { kty, crv, d, x }, format: 'jwk' }) };
    }
    return this.imported;
  }

  private imported?: { kid: string; key: KeyObject };

  private active(): SigningKeyJwk {
    return this.keys.find((k) => k.kid === this.activeKid) as SigningKeyJwk;
  }
}
