import { Module } from '@nestjs/common';
import { GeographyModule } from '@hvs/geography';
import { IdentityModule } from '@hvs/identity';
import { AuditModule, ConfigModule, DatabaseModule, HealthModule, QueueModule } from '@hvs/platform';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    AuditModule,
    QueueModule,
    HealthModule.forRoot({ database: true, redis: true }),
    GeographyModule,
    IdentityModule,
  ],
})
export class AppModule {}
