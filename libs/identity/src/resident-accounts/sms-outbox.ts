import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Env } from '@hvs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { maskPhone } from '../personal-data/masking';
import { PersonalDataCipher } from '../personal-data/personal-data-cipher';
import { ResidentPersonalDataCodec } from '../residents/resident-personal-data';
import type { OneTimeCodePurpose } from './resident-account.repository';

/** A message of the outbox, decrypted. */
export interface SmsMessage {
  id: string;
  phone: string;
  text: string;
  purpose: OneTimeCodePurpose;
  status: 'pending' | 'sent' | 'failed';
  createdAt: Date;
  sentAt: Date | null;
}

const PURPOSE = 'identity.sms_outbox';

/**
 * The SMS gateway of the platform: an outbox table (`identity_sms_outbox`) that a real gateway worker
 * will send from (status, sent_at). There is no real gateway yet: in development and demo the outbox is
 * the phone (GET /dev/sms-outbox, SMS_OUTBOX_VISIBLE) and each message is also logged. Phone and text
 * are stored encrypted together, bound to the row id (the text carries a live one-time code);
 * `phone_index` finds a phone's messages.
 */
@Injectable()
export class SmsOutbox {
  private readonly logger = new Logger('SmsOutbox');

  constructor(
    private readonly cipher: PersonalDataCipher,
    private readonly codec: ResidentPersonalDataCodec,
    private readonly env: Env,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Queues a text message to a phone (normalised, "0912345678"), in the caller's transaction. */
  async enqueue(tx: EntityManager, message: { accountId: string | null; phone: string; text: string; purpose: OneTimeCodePurpose }): Promise<string> {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO identity_sms_outbox (id, account_id, phone_index, payload, purpose) VALUES ($1, $2, $3, $4, $5)`,
      [
        id,
        message.accountId,
        this.codec.phoneIndex(message.phone),
        this.cipher.encrypt(JSON.stringify({ phone: message.phone, text: message.text }), `${PURPOSE}/${id}`),
        message.purpose,
      ],
    );
    if (this.env.NODE_ENV === 'development' && this.env.SMS_OUTBOX_VISIBLE) {
      this.logger.log(`SMS to ${maskPhone(message.phone)} (outbox ${id}): ${message.text}`);
    }
    return id;
  }

  /** The latest messages to a phone, newest first. */
  async latest(phone: string, limit = 10): Promise<SmsMessage[]> {
    const rows: Array<{ id: string; payload: Buffer; purpose: OneTimeCodePurpose; status: SmsMessage['status']; created_at: Date; sent_at: Date | null }> =
      await this.dataSource.query(
        `SELECT id, payload, purpose, status, created_at, sent_at FROM identity_sms_outbox
          WHERE phone_index = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
        [this.codec.phoneIndex(phone), limit],
      );
    return rows.map((r) => {
      const { phone: to, text } = JSON.parse(this.cipher.decrypt(r.payload, `${PURPOSE}/${r.id}`)) as { phone: string; text: string };
      return { id: r.id, phone: to, text, purpose: r.purpose, status: r.status, createdAt: new Date(r.created_at), sentAt: r.sent_at ? new Date(r.sent_at) : null };
    });
  }
}
