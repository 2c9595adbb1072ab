import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreaCommuneEntity, AreaEntity } from './areas/area.entity';
import { AreaRepository } from './areas/area.repository';
import { AreasController } from './areas/areas.controller';
import { AreasService } from './areas/areas.service';
import { CommunesController } from './catalog/communes.controller';
import { GeoCatalog } from './catalog/geo-catalog.service';
import { ProvincesController } from './catalog/provinces.controller';
import { UnitsController } from './units/units.controller';
import { UnitsService } from './units/units.service';
import { VillageEntity } from './villages/village.entity';
import { VillageRepository } from './villages/village.repository';
import { VillagesController } from './villages/villages.controller';
import { VillagesService } from './villages/villages.service';

/** Administrative geography: provinces, communes, villages, areas. */
@Module({
  imports: [TypeOrmModule.forFeature([VillageEntity, AreaEntity, AreaCommuneEntity])],
  controllers: [ProvincesController, CommunesController, VillagesController, AreasController, UnitsController],
  providers: [GeoCatalog, VillageRepository, AreaRepository, VillagesService, AreasService, UnitsService],
  exports: [GeoCatalog, VillageRepository, AreaRepository],
})
export class GeographyModule {}
