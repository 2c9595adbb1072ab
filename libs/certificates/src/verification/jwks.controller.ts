import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@hvs/platform';
import { SigningKeyRing, type PublicJwks } from '../credentials/signing-keys';
import { JwksView } from './verification.dto';

/**
 * The public keys that verify certificates' credentials, at the root (`/.well-known/jwks.json`, not
 * under /api/v1: where JOSE libraries and verifiers look). Every key of the ring, retired ones too, so
 * that credentials signed before a rotation still verify; each with its kid.
 */
@ApiTags('certificates')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeyRing) {}

  @Get('jwks.json')
  @Public()
  @Header('cache-control', 'public, max-age=3600')
  @ApiOperation({ summary: 'The public keys (JWKS) that verify certificate credentials (EdDSA, Ed25519), each with its kid (public)' })
  @ApiOkResponse({ type: JwksView })
  jwks(): PublicJwks {
    return this.keys.publicJwks();
  }
}
