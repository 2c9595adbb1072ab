import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Public } from '@hvs/platform';
import type { FastifyRequest } from 'fastify';
import { TokenPair } from '../auth/auth.dto';
import { OneTimeCodesService, type OtpRequestAccepted } from './one-time-codes.service';
import { OtpRequestAcceptedView, OtpRequestBody, OtpVerifyBody } from './resident-accounts.dto';

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
