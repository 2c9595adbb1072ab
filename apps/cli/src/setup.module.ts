import { Module } from '@nestjs/common';
import { GeographyModule } from '@hvs/geography';
import { IdentityModule } from '@hvs/identity';
import { ConfigModule, DatabaseModule } from '@hvs/platform';

/** What the seeding commands need: the capabilities whose services write demo data, without HTTP or queues. */
@Module({ imports: [ConfigModule, DatabaseModule, GeographyModule, IdentityModule] })
export class SetupModule {}
