import { partnerError } from '../mock-errors';

function jsonObject(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Checks that a credential is a compact JWS whose header and payload are JSON objects and whose header
 * names its algorithm; throws CREDENTIAL_MALFORMED otherwise. The signature is not verified: the mock,
 * unlike the real partner, does not fetch the issuer's keys.
 */
export function assertCompactJws(credential: string): void {
  const [header, payload] = credential.split('.');
  const h = header ? jsonObject(header) : null;
  if (!h || typeof h.alg !== 'string' || !payload || !jsonObject(payload)) throw partnerError('CREDENTIAL_MALFORMED');
}
