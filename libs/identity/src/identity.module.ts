import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GeographyModule } from '@hvs/geography';
import { AccessGuard } from './access/access.guard';
import { AccessScopeResolver } from './access/access-scope.resolver';
import { AccountCache } from './access/account-cache';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule, Env, TabularBodyParser } from '@hvs/platform';
import { AccountEntity } from './accounts/account.entity';
import { AccountRepository } from './accounts/account.repository';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsService } from './accounts/accounts.service';
import { AuditEventRepository } from './audit/audit-event.repository';
import { AuditEventsController } from './audit/audit-events.controller';
import { AuditEventsService } from './audit/audit-events.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { StaffCredentials } from './auth/staff-credentials';
import { LocalAuthGuard } from './auth/guards';
import { JwtStrategy } from './auth/jwt.strategy';
import { LocalStrategy } from './auth/local.strategy';
import { LoginThrottle } from './auth/login-throttle';
import { RefreshTokenEntity } from './auth/refresh-token.entity';
import { RefreshTokenRepository } from './auth/refresh-token.repository';
import { TokenService } from './auth/token.service';
import { PasswordHasher } from './passwords/password-hasher';
import { OneTimeCodesService } from './resident-accounts/one-time-codes.service';
import { OtpThrottle } from './resident-accounts/otp-throttle';
import { ResidentAccountLinker } from './resident-accounts/resident-account-linker';
import { ResidentAccountRepository } from './resident-accounts/resident-account.repository';
import { OneTimeCodesController } from './resident-accounts/one-time-codes.controller';
import { SmsOutboxController } from './resident-accounts/sms-outbox.controller';
import { SmsOutbox } from './resident-accounts/sms-outbox';
import { PersonalDataCipherProvider } from './personal-data/personal-data.provider';
import { PersonalDataCipher } from './personal-data/personal-data-cipher';
import { ConsentEntity } from './residents/consent.entity';
import { ResidentEntity } from './residents/resident.entity';
import { ResidentPersonalDataCodec } from './residents/resident-personal-data';
import { ResidentRepository } from './residents/resident.repository';
import { ResidentKeyRotation } from './residents/resident-key-rotation';
import { ResidentRecordCache } from './residents/resident-record-cache';
import { OwnResidentController } from './residents/own-resident.controller';
import { ResidentsController } from './residents/residents.controller';
import { ResidentImportRepository } from './residents/import/resident-import.repository';
import { ResidentImportWriter } from './residents/import/resident-import.writer';
import { ResidentImportsController } from './residents/import/resident-imports.controller';
import { ResidentImportsService } from './residents/import/resident-imports.service';
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
  controllers: [AuthController, AccountsController, ResidentImportsController, ResidentsController, OwnResidentController, AuditEventsController, OneTimeCodesController, SmsOutboxController],
  providers: [
    PersonalDataCipherProvider,
    PasswordHasher,
    AccountRepository,
    AccountsService,
    RefreshTokenRepository,
    TokenService,
    AuthService,
    StaffCredentials,
    LoginThrottle,
    LocalStrategy,
    JwtStrategy,
    LocalAuthGuard,
    AccessScopeResolver,
    AccountCache,
    ResidentPersonalDataCodec,
    ResidentRepository,
    ResidentsService,
    ResidentImportRepository,
    ResidentImportWriter,
    ResidentImportsService,
    TabularBodyParser,
    ResidentAccountRepository,
    ResidentAccountLinker,
    SmsOutbox,
    OtpThrottle,
    OneTimeCodesService,
    ResidentKeyRotation,
    ResidentRecordCache,
    AuditEventRepository,
    AuditEventsService,
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
    ResidentKeyRotation,
    StaffCredentials,
  ],
})
export class IdentityModule {}
