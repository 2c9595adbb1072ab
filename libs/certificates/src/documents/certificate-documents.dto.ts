import { ApiProperty } from '@nestjs/swagger';
import { CodeParamPipe, UUID_FORMAT } from '@hvs/platform';

export const CertificateIdPipe = new CodeParamPipe(UUID_FORMAT, 'INVALID_CERTIFICATE_ID', 'Mã chứng nhận phải là một UUID.');

/** A certificate's signed credential, for a wallet or a verifier (JSON form of application/vc+jwt). */
export class CertificateCredentialView {
  @ApiProperty({ description: 'The credential: a VC-JOSE JWT (typ vc+jwt, EdDSA); verify it against /.well-known/jwks.json' })
  credential!: string;
  @ApiProperty({ description: 'The kid of the key that signed it' }) keyId!: string;
  @ApiProperty({ example: '22-2026-0000123-4' }) serial!: string;
  @ApiProperty({ description: 'The public verification page' }) verificationUrl!: string;
}
