import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GeographyModule } from '@hvs/geography';
import { AccessGuard } from './access/access.guard';
import { AccessScopeResolver } from './access/access-scope.resolver';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Env } from '@hvs/platform';
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

/**
 * Identity: accounts, roles and scope, authentication (Passport local + JWT, rotating refresh tokens),
 * personal-data protection. Being built (issue #3): residents, consent, audit and scoped access next.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AccountEntity, RefreshTokenEntity]),
    GeographyModule,
    PassportModule,
    JwtModule.registerAsync({ inject: [Env], useFactory: (env: Env) => ({ secret: env.JWT_SECRET }) }),
  ],
  controllers: [AuthController, AccountsController],
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
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [PersonalDataCipher, PasswordHasher, AccountRepository, AccountsService, AccessScopeResolver],
})
export class IdentityModule {}
