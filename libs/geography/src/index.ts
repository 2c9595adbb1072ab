export * from './geography.module';
export * from './catalog/geo-catalog.service';
export * from './catalog/catalog.routes';
export * from './catalog/catalog.schemas';
export * from './dto/unit.dto';
export * from './geo-errors';
export * from './reference-data/geo-reference-import';
export * from './demo/geo-demo-data';
