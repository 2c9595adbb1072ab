import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MAX_CREDENTIAL_JWT_LENGTH } from '../credentials/credential-signer';

/** A credential to verify offline-style: the VC-JOSE JWT as the holder received it. */
export class VerifyCredentialBody {
  @ApiProperty({ description: 'The credential: a VC-JOSE JWT (typ vc+jwt, EdDSA)', maxLength: MAX_CREDENTIAL_JWT_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_CREDENTIAL_JWT_LENGTH)
  credential!: string;
}

export class VerifiedCourseView {
  @ApiProperty({ example: 'Kỹ năng số cơ bản' }) title!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

export class VerifiedIssuerView {
  @ApiProperty({ description: 'The issuing unit', example: 'Phường Bãi Cháy' }) name!: string;
}

/** What anyone may learn of a certificate: nothing beyond the masked name, the course, the date and the issuer. */
export class CertificateVerificationView {
  @ApiProperty({ enum: ['valid', 'revoked'] }) status!: 'valid' | 'revoked';
  @ApiProperty({ example: '22-2026-0000123-4' }) serial!: string;
  @ApiProperty({ description: 'The holder\'s name, each word reduced to its first letter', example: 'N***** V** A*' }) holderName!: string;
  @ApiProperty({ type: VerifiedCourseView }) course!: VerifiedCourseView;
  @ApiProperty({ description: 'Issue date (Vietnam), YYYY-MM-DD', example: '2026-12-05' }) issuedOn!: string;
  @ApiProperty({ type: VerifiedIssuerView }) issuer!: VerifiedIssuerView;
  @ApiPropertyOptional({ description: 'Revocation date (Vietnam), only when revoked', example: '2026-12-20' }) revokedOn?: string;
}

export class CredentialProblemView {
  @ApiProperty({
    enum: ['credential_malformed', 'credential_unknown_key', 'credential_bad_signature', 'credential_not_yet_valid', 'credential_wrong_type', 'credential_not_recognised'],
  })
  code!: string;
  @ApiProperty() message!: string;
}

/** The verification of a posted credential: valid, revoked (with the summary) or invalid (with the reason). */
export class CredentialVerificationView {
  @ApiProperty({ enum: ['valid', 'revoked', 'invalid'] }) status!: 'valid' | 'revoked' | 'invalid';
  @ApiPropertyOptional({ description: 'The key that signed it (valid and revoked)' }) kid?: string;
  @ApiPropertyOptional({ type: CredentialProblemView, description: 'Why it does not verify (invalid only)' }) reason?: CredentialProblemView;
  @ApiPropertyOptional({ type: CertificateVerificationView, description: 'The certificate (valid and revoked)' }) certificate?: CertificateVerificationView;
}

export class PublicJwkView {
  @ApiProperty({ example: 'OKP' }) kty!: string;
  @ApiProperty({ example: 'Ed25519' }) crv!: string;
  @ApiProperty() x!: string;
  @ApiProperty() kid!: string;
  @ApiProperty({ example: 'EdDSA' }) alg!: string;
  @ApiProperty({ example: 'sig' }) use!: string;
}

export class JwksView {
  @ApiProperty({ type: [PublicJwkView] }) keys!: PublicJwkView[];
}
