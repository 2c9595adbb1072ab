import { Module } from '@nestjs/common';
import { GeographyModule } from '@hvs/geography';
import { ConfigModule, DatabaseModule, HealthModule, QueueModule } from '@hvs/platform';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    QueueModule,
    HealthModule.forRoot({ database: true, redis: true }),
    GeographyModule,
  ],
})
export class AppModule {}
