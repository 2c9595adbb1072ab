import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type AccountScope, type Role } from '../accounts/roles';

export class LoginBody {
  @ApiProperty({ example: 'admin', description: 'A staff username, or a resident\'s phone number ("0912345678", "+84912345678")' })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  username!: string;

  @ApiProperty({ example: 'hocvuso-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class RefreshBody {
  @ApiProperty({ description: 'The refresh token of the last token pair' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken!: string;
}

export class AccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ nullable: true, type: String }) username!: string | null;
  @ApiProperty() displayName!: string;
  @ApiProperty({
    description: '{ kind: "country" } | { kind: "province", provinceCode } | { kind: "area", areaId } | { kind: "commune", communeCode } | { kind: "self" }',
    type: Object,
  })
  scope!: AccountScope;
}

export class TokenPair {
  @ApiProperty({ description: 'JWT, valid for expiresIn seconds; send as "Authorization: Bearer …"' }) accessToken!: string;
  @ApiProperty({ description: 'Opaque, single use: exchange it at /auth/refresh for a new pair' }) refreshToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ example: 900 }) expiresIn!: number;
  @ApiProperty({ type: AccountView }) account!: AccountView;
}

export class ChangePasswordBody {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({ minLength: 10, maxLength: 200, description: 'At least 10 characters; not the same as the current one' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}
