import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, commonError, Env, Public } from '@hvs/platform';
import { normalizePhone } from '../residents/resident-personal-data';
import { OtpErrors } from './one-time-codes.service';
import { SmsOutboxQuery, SmsOutboxView } from './resident-accounts.dto';
import { SmsOutbox } from './sms-outbox';

/**
 * The SMS outbox as the demo's phone: the latest messages to a number. Only with SMS_OUTBOX_VISIBLE
 * (default in development and demo, off with NODE_ENV=production); otherwise 404 like an unknown route.
 */
@ApiTags('dev')
@Controller('dev/sms-outbox')
export class SmsOutboxController {
  constructor(
    private readonly outbox: SmsOutbox,
    private readonly env: Env,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Development and demo only: the latest SMS sent to a phone (404 when SMS_OUTBOX_VISIBLE=false, as in production)' })
  @ApiOkResponse({ type: SmsOutboxView })
  @ApiErrors(400, 404)
  async list(@Query() query: SmsOutboxQuery): Promise<SmsOutboxView> {
    if (!this.env.SMS_OUTBOX_VISIBLE) throw commonError(404, 'ROUTE_NOT_FOUND');
    const phone = normalizePhone(query.phone);
    if (!phone) throw OtpErrors.invalidPhone();
    const messages = await this.outbox.latest(phone);
    return {
      items: messages.map((m) => ({ id: m.id, phone: m.phone, text: m.text, purpose: m.purpose, status: m.status, createdAt: m.createdAt.toISOString() })),
    };
  }
}
