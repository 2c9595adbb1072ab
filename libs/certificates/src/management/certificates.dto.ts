import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { UnitKeysetQuery } from '@hvs/geography';
import type { CertificateState } from '../certificates/certificate.repository';

export const CERTIFICATE_STATES: readonly CertificateState[] = ['pending', 'recognised', 'rejected', 'failed', 'revoked'];
/** States a bulk re-drive takes back to pending. */
export const REDRIVE_STATES = ['failed', 'rejected'] as const;
export type RedriveState = (typeof REDRIVE_STATES)[number];
/** Most certificates one re-drive request names. */
export const MAX_REDRIVE_IDS = 1000;

const nfcTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : value);

export class ListCertificatesQuery extends UnitKeysetQuery {
  @ApiPropertyOptional({ enum: CERTIFICATE_STATES })
  @IsOptional()
  @IsIn(CERTIFICATE_STATES, { message: `phải là một trong: ${CERTIFICATE_STATES.join(', ')}` })
  state?: CertificateState;

  @ApiPropertyOptional({ format: 'uuid', description: 'The class whose attendance counted for the certificate' })
  @IsOptional()
  @IsUUID('all', { message: 'phải là một UUID' })
  classId?: string;

  @ApiPropertyOptional({ description: 'Holder name, ignoring case and diacritics ("nguyen van a"); every word must start a word of the name' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  q?: string;
}

export class CertificateSummaryQuery {
  @ApiPropertyOptional({ description: 'A province (2 digits), commune (5 digits) or village (06673-0001) code; default: the whole of your scope' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  unit?: string;
}

export class RevokeCertificateBody {
  @ApiProperty({ example: 'Cấp nhầm người, hồ sơ trùng lặp', minLength: 3, maxLength: 500 })
  @IsString()
  @Transform(nfcTrim)
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}

export class RedriveCertificatesBody {
  @ApiProperty({ enum: REDRIVE_STATES, description: 'Which certificates go back to pending' })
  @IsIn(REDRIVE_STATES, { message: `phải là một trong: ${REDRIVE_STATES.join(', ')}` })
  state!: RedriveState;

  @ApiPropertyOptional({ description: 'Only this commune (5 digits); default: the whole of your scope' })
  @IsOptional()
  @Matches(/^[0-9]{5}$/, { message: 'phải là mã xã/phường (5 chữ số)' })
  communeCode?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true, maxItems: MAX_REDRIVE_IDS, description: 'Only these certificates' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_REDRIVE_IDS)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'mỗi phần tử phải là một UUID' })
  ids?: string[];
}

export class CertificateHolderView {
  @ApiProperty({ format: 'uuid' }) residentId!: string;
  @ApiProperty({ example: 'Nguyễn Thị Hoa', description: 'The holder\'s name; "(Đã xóa dữ liệu cá nhân)" once erased' }) fullName!: string;
  @ApiProperty({ example: 1958 }) birthYear!: number;
}

export class CertificateView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '22-2026-0000123-4' }) serial!: string;
  @ApiProperty({ enum: CERTIFICATE_STATES }) state!: CertificateState;
  @ApiProperty({ type: CertificateHolderView }) holder!: CertificateHolderView;
  @ApiProperty({ example: 'KNS-CB' }) courseCode!: string;
  @ApiProperty({ example: 1 }) courseVersionNumber!: number;
  @ApiProperty({ nullable: true, type: String }) courseTitle!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) classId!: string | null;
  @ApiProperty({ example: '06673' }) communeCode!: string;
  @ApiProperty({ nullable: true, type: String }) communeName!: string | null;
  @ApiProperty({ nullable: true, type: String }) villageCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) villageName!: string | null;
  @ApiProperty({ description: 'How many times it has been sent to the partner' }) submission!: number;
  @ApiProperty({ description: 'Attempts of the current submission' }) attempts!: number;
  @ApiProperty({ nullable: true, type: String, example: 'CITIZEN_MISMATCH' }) rejectionCode!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the partner rejected it, in Vietnamese' }) rejectionReason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The last error of a failed or retried submission' }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) issuedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) recognisedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revocationReason!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CertificateStateChangeView {
  @ApiProperty({ nullable: true, enum: CERTIFICATE_STATES }) fromState!: CertificateState | null;
  @ApiProperty({ enum: CERTIFICATE_STATES }) toState!: CertificateState;
  @ApiProperty() submission!: number;
  @ApiProperty({ nullable: true, type: String }) code!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ description: 'An account id, or a system process ("system:…")' }) actor!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The account\'s display name' }) actorName!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class CertificateDetailView extends CertificateView {
  @ApiProperty({ type: CertificateStateChangeView, isArray: true, description: 'Every change of state, oldest first' })
  history!: CertificateStateChangeView[];
}

export class StateCountsView {
  @ApiProperty() pending!: number;
  @ApiProperty() recognised!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() revoked!: number;
}

export class RejectionCountView {
  @ApiProperty({ example: 'CITIZEN_MISMATCH' }) code!: string;
  @ApiProperty() count!: number;
}

export class CertificateSummaryView {
  @ApiProperty({ nullable: true, type: String, description: 'The unit counted; null: the whole of your scope' }) unit!: string | null;
  @ApiProperty({ nullable: true, enum: ['province', 'commune', 'village'] }) level!: 'province' | 'commune' | 'village' | null;
  @ApiProperty() total!: number;
  @ApiProperty({ type: StateCountsView }) byState!: StateCountsView;
  @ApiProperty({ type: RejectionCountView, isArray: true, description: 'Rejected certificates by rejection code, most first' })
  rejectedByCode!: RejectionCountView[];
}

export class RedriveResultView {
  @ApiProperty({ enum: REDRIVE_STATES }) state!: RedriveState;
  @ApiProperty({ description: 'How many certificates went back to pending' }) moved!: number;
  @ApiProperty({ description: 'True when more certificates in that state remain (call again)' }) more!: boolean;
}

export class OwnCertificateView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '22-2026-0000123-4' }) serial!: string;
  @ApiProperty({ enum: CERTIFICATE_STATES }) state!: CertificateState;
  @ApiProperty({ example: 'KNS-CB' }) courseCode!: string;
  @ApiProperty() courseVersionNumber!: number;
  @ApiProperty({ nullable: true, type: String }) courseTitle!: string | null;
  @ApiProperty({ format: 'date-time' }) completedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) issuedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) recognisedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revocationReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectionReason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The public verification code, once recognised' }) verificationCode!: string | null;
}

export class OwnCertificatesView {
  @ApiProperty({ type: OwnCertificateView, isArray: true }) items!: OwnCertificateView[];
}
