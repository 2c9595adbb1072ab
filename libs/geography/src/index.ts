// The public API of @hvs/geography: the catalog and scope rules of units, the village and area repositories other capabilities use, the published SQL, the module and its data loaders.
// Named exports only; everything else is internal (libs/testing/src/architecture/public-api.spec.ts).
export { AreaRepository } from './areas/area.repository';
export { CATALOG_ROUTES } from './catalog/catalog.routes';
export { AreaIdPipe, CommuneCodePipe, ProvinceCodePipe, VillageCodePipe } from './code-params';
export { GeoCatalog } from './catalog/geo-catalog.service';
export { DEMO_COMMUNE_CODE, DEMO_PROVINCE_CODE, seedGeoDemoData } from './demo/geo-demo-data';
export { UnitKeysetQuery } from './dto/queries.dto';
export { VILLAGE_CODE } from './dto/unit.dto';
export { GeographyModule } from './geography.module';
export { COMMUNES_SQL, VILLAGES_SQL } from './published-sql';
export { importGeoReferenceData } from './reference-data/geo-reference-import';
export { preReformProvinces } from './reference-data/pre-reform-provinces';
export { provinceCodeOfPath } from './units/unit-path';
export { UnitsInScope } from './units/units-in-scope';
export { VillageRepository } from './villages/village.repository';
