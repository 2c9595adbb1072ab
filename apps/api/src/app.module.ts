import { Module } from '@nestjs/common';
import { GeographyModule } from '@hvs/geography';
import { ConfigModule, DatabaseModule, HealthModule, LoggingModule, QueueModule } from '@hvs/platform';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    HealthModule.forRoot({ database: true, redis: true }),
    GeographyModule,
  ],
})
export class AppModule {}
