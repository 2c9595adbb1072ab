import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog, Env } from '@hvs/platform';
import type { DataSource } from 'typeorm';
import { ResidentPersonalDataCodec } from './resident-personal-data';

export interface RotationResult {
  scanned: number;
  rotated: number;
  /** SMS outbox messages under an old key whose code has expired: deleted, not re-encrypted. */
  outboxPurged: number;
}

/**
 * Re-encrypts residents' personal data written with an older key under the current one
 * (PII_ENCRYPTION_KEY_ID), batch by batch in id order, so the old key can then be removed from
 * PII_ENCRYPTION_KEYS (SMS outbox messages are purged instead, see purgeOutbox). Safe to run while the api serves: a row changed meanwhile is left alone (it was
 * written with the current key), and running it again continues where it is needed.
 */
@Injectable()
export class ResidentKeyRotation {
  constructor(
    private readonly codec: ResidentPersonalDataCodec,
    private readonly audit: AuditLog,
    private readonly env: Env,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async run(batchSize = 1000): Promise<RotationResult> {
    const result: RotationResult = { scanned: 0, rotated: 0, outboxPurged: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ id: string; personal_data: Buffer }> = await this.dataSource.query(
        `SELECT id, personal_data FROM identity_residents WHERE personal_data IS NOT NULL AND id > $1 ORDER BY id LIMIT $2`,
        [after, batchSize],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      result.scanned += rows.length;
      const stale = rows.filter((r) => this.codec.needsRotation(r.personal_data));
      if (stale.length === 0) continue;
      const fresh = stale.map((r) => this.codec.encrypt(r.id, this.codec.decrypt(r.id, r.personal_data)));
      const updated: Array<{ id: string }> = await this.dataSource.query(
        `UPDATE identity_residents r SET personal_data = v.fresh
           FROM unnest($1::uuid[], $2::bytea[], $3::bytea[]) AS v(id, old, fresh)
          WHERE r.id = v.id AND r.personal_data = v.old
          RETURNING r.id`,
        [stale.map((r) => r.id), stale.map((r) => r.personal_data), fresh],
      );
      result.rotated += updated.length;
    }
    result.outboxPurged = await this.purgeOutbox();
    await this.audit.record(
      { system: 'key-rotation' },
      { action: 'resident.key_rotation', targetType: 'resident', targetId: null, details: { ...result } },
    );
    return result;
  }

  /**
   * The SMS outbox only matters while its one-time code lives (OTP_TTL_S): messages under an old key and
   * older than that are deleted; younger ones expire within minutes, and a later run takes them.
   */
  private async purgeOutbox(): Promise<number> {
    const rows: Array<{ id: string; payload: Buffer }> = await this.dataSource.query(
      `SELECT id, payload FROM identity_sms_outbox WHERE created_at < now() - make_interval(secs => $1)`,
      [this.env.OTP_TTL_S],
    );
    const stale = rows.filter((r) => this.codec.needsRotation(r.payload)).map((r) => r.id);
    if (stale.length > 0) await this.dataSource.query(`DELETE FROM identity_sms_outbox WHERE id = ANY($1::uuid[])`, [stale]);
    return stale.length;
  }
}
