import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Certificates keep the signed credential (VC-JOSE JWT) recorded at the partner, the key that signed
 * it, and when the partner was told of a revocation.
 */
export class CertificateCredentials1764920000000 implements MigrationInterface {
  name = 'CertificateCredentials1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificates_certificates
      ADD COLUMN credential_jwt text,
      ADD COLUMN credential_key_id text,
      ADD COLUMN partner_revoked_at timestamptz,
      ADD CONSTRAINT certificates_recognised_credential CHECK (state <> 'recognised' OR credential_jwt IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificates_certificates
      DROP CONSTRAINT certificates_recognised_credential,
      DROP COLUMN partner_revoked_at, DROP COLUMN credential_key_id, DROP COLUMN credential_jwt`);
  }
}
