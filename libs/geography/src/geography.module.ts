import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@hvs/platform';
import { AreaCommuneEntity } from './areas/area-commune.entity';
import { AreaEntity } from './areas/area.entity';
import { AreaRepository } from './areas/area.repository';
import { AreasController } from './areas/areas.controller';
import { AreasService } from './areas/areas.service';
import { CatalogRoutes } from './catalog/catalog.routes';
import { GeoCatalog } from './catalog/geo-catalog.service';
import { UnitsController } from './units/units.controller';
import { UnitsInScope } from './units/units-in-scope';
import { UnitsService } from './units/units.service';
import { VillageEntity } from './villages/village.entity';
import { VillageRepository } from './villages/village.repository';
import { VillagesController } from './villages/villages.controller';
import { VillagesService } from './villages/villages.service';

/** Administrative geography: provinces, communes, villages, areas. */
@Module({
  imports: [TypeOrmModule.forFeature([VillageEntity, AreaEntity, AreaCommuneEntity]), AuditModule],
  controllers: [VillagesController, AreasController, UnitsController],
  providers: [GeoCatalog, CatalogRoutes, VillageRepository, AreaRepository, VillagesService, AreasService, UnitsService, UnitsInScope],
  exports: [GeoCatalog, VillageRepository, AreaRepository, UnitsInScope],
})
export class GeographyModule {}
