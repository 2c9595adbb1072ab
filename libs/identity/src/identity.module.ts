import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GeographyModule } from '@hvs/geography';
import { AccessGuard } from './access/access.guard';
import { AccessScopeResolver } from './access/access-scope.resolver';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule, Env } from '@hvs/platform';
import { AccountEntity } from './accounts/account.entity';
import { AccountRepository } from './accounts/account.repository';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsService } from './accounts/accounts.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { LocalAuthGuard } from './auth/guards';
import { JwtStrategy } from './auth/jwt.strategy';
import { LocalStrategy } from './auth/local.strategy';
import { LoginThrottle } from './auth/login-throttle';
import { RefreshTokenEntity } from './auth/refresh-token.entity';
import { RefreshTokenRepository } from './auth/refresh-token.repository';
import { TokenService } from './auth/token.service';
import { PasswordHasher } from './passwords/password-hasher';
import { PersonalDataCipherProvider } from './personal-data/personal-data.provider';
import { PersonalDataCipher } from './personal-data/personal-data-cipher';
import { ConsentEntity, ResidentEntity } from './residents/resident.entity';
import { ResidentPersonalDataCodec } from './residents/resident-personal-data';
import { ResidentRepository } from './residents/resident.repository';
import { OwnResidentController, ResidentsController } from './residents/residents.controller';
import { ResidentsService } from './residents/residents.service';

/**
 * Identity: accounts, roles and scope, authentication (Passport local + JWT, rotating refresh tokens),
 * personal-data protection, the residents registry with consent, export and erasure.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AccountEntity, RefreshTokenEntity, ResidentEntity, ConsentEntity]),
    GeographyModule,
    AuditModule,
    PassportModule,
    JwtModule.registerAsync({ inject: [Env], useFactory: (env: Env) => ({ secret: env.JWT_SECRET }) }),
  ],
  controllers: [AuthController, AccountsController, ResidentsController, OwnResidentController],
  providers: [
    PersonalDataCipherProvider,
    PasswordHasher,
    AccountRepository,
    AccountsService,
    RefreshTokenRepository,
    TokenService,
    AuthService,
    LoginThrottle,
    LocalStrategy,
    JwtStrategy,
    LocalAuthGuard,
    AccessScopeResolver,
    ResidentPersonalDataCodec,
    ResidentRepository,
    ResidentsService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [
    PersonalDataCipher,
    PasswordHasher,
    AccountRepository,
    AccountsService,
    AccessScopeResolver,
    ResidentPersonalDataCodec,
    ResidentRepository,
    ResidentsService,
  ],
})
export class IdentityModule {}
