import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class OtpRequestBody {
  @ApiProperty({ example: '0912000001', description: 'Vietnamese mobile number ("0912000001", "+84912000001")' })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  phone!: string;
}

export class OtpVerifyBody extends OtpRequestBody {
  @ApiProperty({ example: '123456', description: 'The 6-digit code of the SMS' })
  @IsString()
  @Matches(/^[0-9]{6}$/, { message: 'phải gồm 6 chữ số' })
  code!: string;

  @ApiProperty({ minLength: 10, maxLength: 200, description: 'The password to log in with from now on: at least 10 characters' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}

export class OtpRequestAcceptedView {
  @ApiProperty({ description: 'The same whether or not the phone has an account' }) message!: string;
  @ApiProperty({ example: 600, description: 'How long a code sent now stays valid' }) expiresInSeconds!: number;
}

export class SmsOutboxQuery {
  @ApiProperty({ example: '0912000001' })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  phone!: string;
}

export class SmsMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '0912000001' }) phone!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ enum: ['first_login', 'password_reset'] }) purpose!: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed'], description: 'pending until a real SMS gateway sends it' }) status!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SmsOutboxView {
  @ApiProperty({ type: SmsMessageView, isArray: true, description: 'Newest first, at most 10' }) items!: SmsMessageView[];
}
