import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay's sweep pages through the pending certificates relayed a while ago by (relayed_at, id),
 * so each page is a range of this index instead of a walk of the primary key filtered row by row
 * (which read every certificate in id order: seconds per sweep at millions of certificates).
 */
export class CertificateSweepIndex1765030000000 implements MigrationInterface {
  name = 'CertificateSweepIndex1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX certificates_pending_relayed_idx`);
    await q.query(`CREATE INDEX certificates_pending_relayed_idx ON certificates_certificates (relayed_at, id) WHERE state = 'pending' AND relayed_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX certificates_pending_relayed_idx`);
    await q.query(`CREATE INDEX certificates_pending_relayed_idx ON certificates_certificates (relayed_at) WHERE state = 'pending' AND relayed_at IS NOT NULL`);
  }
}
