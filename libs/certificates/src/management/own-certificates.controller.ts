import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { CertificateManagementService } from './certificate-management.service';
import { OwnCertificatesView } from './certificates.dto';

/** A resident's own certificates. */
@ApiTags('certificates')
@ApiBearerAuth()
@Controller('me/certificates')
export class OwnCertificatesController {
  constructor(private readonly certificates: CertificateManagementService) {}

  @Get()
  @Access('resident')
  @ApiOperation({ summary: 'Your certificates: state, serial, course, dates, why one was rejected' })
  @ApiOkResponse({ type: OwnCertificatesView })
  @ApiErrors(401, 403)
  list(@CurrentCaller() caller: Caller): Promise<OwnCertificatesView> {
    return this.certificates.own(caller);
  }
}
