import { Body, Controller, Get, Headers, HttpCode, Ip, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, AppError, Public } from '@hvs/platform';
import { VerificationErrors } from './verification-errors';
import { certificatePage, prefersHtml, problemPage } from './verification-page';
import { VerificationService } from './verification.service';
import { VerificationThrottle } from './verification-throttle';
import { CertificateVerificationView, CredentialVerificationView, VerifyCredentialBody } from './verification.dto';

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * Public verification of certificates, without login and throttled per client address. GET answers a
 * browser (Accept: text/html) with a small Vietnamese page and anyone else with JSON.
 */
@ApiTags('certificates')
@Controller('verify')
export class VerificationController {
  constructor(
    private readonly verification: VerificationService,
    private readonly throttle: VerificationThrottle,
  ) {}

  @Get(':code')
  @Public()
  @ApiOperation({
    summary:
      'Verify a certificate by serial or verification code (public): valid or revoked, the holder\'s name masked, course, issue date, issuer. HTML page for browsers',
  })
  @ApiParam({ name: 'code', description: 'The serial (PP-YYYY-NNNNNNN-C) or the 16-character verification code', example: '22-2026-0000001-6' })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ type: CertificateVerificationView })
  @ApiResponse({ status: 429, description: 'Too many verifications from your address (VERIFY_TOO_MANY_REQUESTS), with Retry-After' })
  @ApiErrors(400, 404)
  async byCode(
    @Param('code') code: string,
    @Headers('accept') accept: string | undefined,
    @Ip() ip: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CertificateVerificationView | string> {
    await this.throttle.hit(ip);
    void reply.header('cache-control', 'no-cache').header('vary', 'Accept');
    if (!prefersHtml(accept)) {
      const view = await this.verification.byCode(code);
      if (!view) throw VerificationErrors.notFound();
      return view;
    }
    void reply.headers(PAGE_HEADERS);
    try {
      const view = await this.verification.byCode(code);
      if (view) return certificatePage(view);
      void reply.status(404);
      return problemPage(VerificationErrors.notFound().message);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      void reply.status(400);
      return problemPage(err.message);
    }
  }

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify a credential JWT (public): signature against /.well-known/jwks.json, type and structure, then the certificate\'s state',
  })
  @ApiOkResponse({ type: CredentialVerificationView })
  @ApiResponse({ status: 429, description: 'Too many verifications from your address (VERIFY_TOO_MANY_REQUESTS), with Retry-After' })
  @ApiErrors(400)
  async credential(@Body() body: VerifyCredentialBody, @Ip() ip: string): Promise<CredentialVerificationView> {
    await this.throttle.hit(ip);
    return this.verification.credential(body.credential);
  }
}
