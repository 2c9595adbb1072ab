import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, ApiKeysetPageResponse, CurrentCaller, type Caller, type KeysetPage } from '@hvs/platform';
import { CERTIFICATE_FIXERS, CERTIFICATE_READERS, CERTIFICATE_REDRIVERS, CertificateIdPipe } from './certificate-access';
import { CertificateManagementService } from './certificate-management.service';
import {
  CertificateDetailView,
  CertificateSummaryQuery,
  CertificateSummaryView,
  CertificateView,
  ListCertificatesQuery,
  RedriveCertificatesBody,
  RedriveResultView,
  RevokeCertificateBody,
} from './certificates.dto';

/** Officers' certificates: lists and counts in scope, one certificate with its history, revocation and re-submission. */
@ApiTags('certificates')
@ApiBearerAuth()
@Controller('certificates')
export class CertificatesController {
  constructor(private readonly certificates: CertificateManagementService) {}

  @Get()
  @Access(...CERTIFICATE_READERS)
  @ApiOperation({ summary: 'Certificates in your scope by state, commune, village, class or holder name, with rejection reasons' })
  @ApiKeysetPageResponse(CertificateView)
  @ApiErrors(400, 401, 403, 404)
  list(@Query() query: ListCertificatesQuery, @CurrentCaller() caller: Caller): Promise<KeysetPage<CertificateView>> {
    return this.certificates.list(query, caller);
  }

  @Get('summary')
  @Access(...CERTIFICATE_READERS)
  @ApiOperation({ summary: 'How many certificates of each state in a unit of your scope (or all of it), rejections by code' })
  @ApiOkResponse({ type: CertificateSummaryView })
  @ApiErrors(400, 401, 403, 404)
  summary(@Query() query: CertificateSummaryQuery, @CurrentCaller() caller: Caller): Promise<CertificateSummaryView> {
    return this.certificates.summary(query, caller);
  }

  @Post('redrive')
  @HttpCode(200)
  @Access(...CERTIFICATE_REDRIVERS)
  @ApiOperation({ summary: 'Send failed (or rejected) certificates of your scope to the partner again, in bulk; idempotent' })
  @ApiOkResponse({ type: RedriveResultView })
  @ApiErrors(400, 401, 403, 404)
  redrive(@Body() body: RedriveCertificatesBody, @CurrentCaller() caller: Caller): Promise<RedriveResultView> {
    return this.certificates.redrive(body, caller);
  }

  @Get(':id')
  @Access(...CERTIFICATE_READERS)
  @ApiOperation({ summary: 'One certificate with its history of states' })
  @ApiOkResponse({ type: CertificateDetailView })
  @ApiErrors(400, 401, 403, 404)
  get(@Param('id', CertificateIdPipe) id: string, @CurrentCaller() caller: Caller): Promise<CertificateDetailView> {
    return this.certificates.get(id, caller);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Access(...CERTIFICATE_FIXERS)
  @ApiOperation({ summary: 'Revoke a certificate with a reason (the partner is told through the queue)' })
  @ApiOkResponse({ type: CertificateDetailView })
  @ApiErrors(400, 401, 403, 404, 409)
  revoke(@Param('id', CertificateIdPipe) id: string, @Body() body: RevokeCertificateBody, @CurrentCaller() caller: Caller): Promise<CertificateDetailView> {
    return this.certificates.revoke(id, body.reason, caller);
  }

  @Post(':id/resubmit')
  @HttpCode(200)
  @Access(...CERTIFICATE_FIXERS)
  @ApiOperation({ summary: 'Send a rejected or failed certificate to the partner again' })
  @ApiOkResponse({ type: CertificateDetailView })
  @ApiErrors(400, 401, 403, 404, 409)
  resubmit(@Param('id', CertificateIdPipe) id: string, @CurrentCaller() caller: Caller): Promise<CertificateDetailView> {
    return this.certificates.resubmit(id, caller);
  }
}
