import { Module } from '@nestjs/common';
import { ConfigModule, HealthModule } from '@hvs/platform';
import { AdminController } from './admin/admin.controller';
import { AdminGuard, PartnerAuthGuard } from './auth/guards';
import { OAuthController } from './auth/oauth.controller';
import { PartnerTokens } from './auth/partner-tokens';
import { CitizenRegistry } from './citizens/citizen-registry';
import { CitizensController } from './citizens/citizens.controller';
import { CredentialStore } from './credentials/credential-store';
import { CredentialsController } from './credentials/credentials.controller';
import { FaultInjector } from './faults/fault-injector';
import { TrafficCounters } from './faults/traffic-counters';

/**
 * Our stand-in for a VNeID-style partner API (docs/vneid-partner-api.md): OAuth2 client credentials,
 * citizen check, idempotent credential records, faults on demand and an admin surface for tests. Its
 * state is its own, in memory; it shares no database with the platform.
 */
@Module({
  imports: [ConfigModule, HealthModule.forRoot({ database: false, redis: false })],
  controllers: [OAuthController, CitizensController, CredentialsController, AdminController],
  providers: [PartnerTokens, PartnerAuthGuard, AdminGuard, CitizenRegistry, CredentialStore, FaultInjector, TrafficCounters],
})
export class VneidMockModule {}
