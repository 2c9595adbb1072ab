import { Module } from '@nestjs/common';
import { ConfigModule, HealthModule } from '@hvs/platform';

/**
 * Our stand-in for a VNeID-style partner API. Its partner behaviour (tokens, verify, record, revoke,
 * latency, rate limits, failures, idempotency) arrives with the certificates capability; it has its own
 * state and shares no database with the platform.
 */
@Module({
  imports: [ConfigModule, HealthModule.forRoot({ database: false, redis: false })],
})
export class VneidMockModule {}
