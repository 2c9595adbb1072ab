import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, commonError, Env, Public } from '@hvs/platform';
import type { FastifyRequest } from 'fastify';
import { TokenPair } from '../auth/auth.dto';
import { normalizePhone } from '../residents/resident-personal-data';
import { OneTimeCodesService, OtpErrors, type OtpRequestAccepted } from './one-time-codes.service';
import { OtpRequestAcceptedView, OtpRequestBody, OtpVerifyBody, SmsOutboxQuery, SmsOutboxView } from './resident-accounts.dto';
import { SmsOutbox } from './sms-outbox';

const client = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id });

/** First login of a resident (and forgotten password) by a one-time code sent to their phone. */
@ApiTags('auth')
@Controller('auth/otp')
export class OneTimeCodesController {
  constructor(private readonly codes: OneTimeCodesService) {}

  @Post('request')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a one-time code by SMS to a resident account\'s phone; the same answer whether or not the phone has an account',
  })
  @ApiAcceptedResponse({ type: OtpRequestAcceptedView })
  @ApiErrors(400, 429)
  request(@Body() body: OtpRequestBody, @Req() req: FastifyRequest): Promise<OtpRequestAccepted> {
    return this.codes.request(body.phone, client(req));
  }

  @Post('verify')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the code, set the password, and log in: the same token pair as /auth/login' })
  @ApiOkResponse({ type: TokenPair })
  @ApiErrors(400, 401, 429)
  verify(@Body() body: OtpVerifyBody, @Req() req: FastifyRequest): Promise<TokenPair> {
    return this.codes.verify(body, client(req));
  }
}

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
