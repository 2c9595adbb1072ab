import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { CertificateCredentialView, CertificateIdPipe } from './certificate-documents.dto';
import { CertificateDocumentsService } from './certificate-documents.service';
import { sendCredential, sendPdf, VC_JWT_MEDIA_TYPE } from './document-replies';

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('me/certificates')
export class OwnCertificateDocumentsController {
  constructor(private readonly documents: CertificateDocumentsService) {}

  @Get(':id/pdf')
  @Access('resident')
  @ApiOperation({ summary: 'Your certificate as a printable A4 PDF in Vietnamese, with a QR code to its verification page (recognised only)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 401, 403, 404, 409)
  async pdf(@Param('id', CertificateIdPipe) id: string, @CurrentCaller() caller: Caller, @Res() reply: FastifyReply): Promise<void> {
    await sendPdf(reply, await this.documents.pdf(caller, id, 'own'));
  }

  @Get(':id/credential')
  @Access('resident')
  @ApiOperation({ summary: 'Your certificate\'s signed credential (VC-JOSE JWT): application/vc+jwt when asked for, else JSON (recognised only)' })
  @ApiProduces('application/json', VC_JWT_MEDIA_TYPE)
  @ApiOkResponse({ type: CertificateCredentialView })
  @ApiErrors(400, 401, 403, 404, 409)
  async credential(
    @Param('id', CertificateIdPipe) id: string,
    @Headers('accept') accept: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendCredential(reply, accept, await this.documents.credential(caller, id, 'own'));
  }
}
