import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { mapPage, slicePage, type FastRouteSpec } from '@hvs/platform';
import type { FastifyInstance } from 'fastify';
import { CommuneCodePipe, ProvinceCodePipe } from '../code-params';
import { GeoErrors } from '../geo-errors';
import {
  CommuneSchema,
  CommunesQuery,
  NoQuery,
  PageSchema,
  ProvinceCommunesQuery,
  ProvinceSchema,
  ProvincesQuery,
} from './catalog.schemas';
import { GeoCatalog } from './geo-catalog.service';
import { toCommuneDto, toProvinceDto } from './geo-mappers';

const tags = ['geography'];
const provinceParam = { code: { description: 'Province code (2 digits)', example: '24' } };
const communeParam = { code: { description: 'Commune code (5 digits)', example: '06673' } };

/** The catalog's routes: public reads of the official provinces and communes, served from memory. */
export const CATALOG_ROUTES = {
  listProvinces: {
    operationId: 'Provinces_list',
    path: '/geo/provinces',
    summary: 'Provinces and centrally-run cities (34), by code or by name search',
    tags,
    querystring: ProvincesQuery,
    response: PageSchema(ProvinceSchema),
    errors: [400],
  },
  getProvince: {
    operationId: 'Provinces_get',
    path: '/geo/provinces/:code',
    summary: 'One province',
    tags,
    params: provinceParam,
    querystring: NoQuery,
    response: ProvinceSchema,
    errors: [400, 404],
  },
  listProvinceCommunes: {
    operationId: 'Provinces_communes',
    path: '/geo/provinces/:code/communes',
    summary: 'Communes of a province',
    tags,
    params: provinceParam,
    querystring: ProvinceCommunesQuery,
    response: PageSchema(CommuneSchema),
    errors: [400, 404],
  },
  listCommunes: {
    operationId: 'Communes_list',
    path: '/geo/communes',
    summary: 'Communes, wards and special zones (3,321): filter by province and type, search by name',
    description:
      'Without `q`, ordered by code. With `q`, best match first (exact name, name prefix, other word, former name), then by code.',
    tags,
    querystring: CommunesQuery,
    response: PageSchema(CommuneSchema),
    errors: [400],
  },
  getCommune: {
    operationId: 'Communes_get',
    path: '/geo/communes/:code',
    summary: 'One commune',
    tags,
    params: communeParam,
    querystring: NoQuery,
    response: CommuneSchema,
    errors: [400, 404],
  },
} satisfies Record<string, FastRouteSpec>;

@Injectable()
export class CatalogRoutes implements OnModuleInit {
  constructor(
    private readonly catalog: GeoCatalog,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter || adapter.getType() !== 'fastify') return; // e.g. the CLI's application context
    const lane = adapter.getInstance<FastifyInstance>().fastLane;
    if (!lane) throw new Error('the catalog routes need the fast lane (build the app with createHttpApp)');
    const c = this.catalog;
    const R = CATALOG_ROUTES;

    lane.get(R.listProvinces, ({ query }) =>
      mapPage(slicePage(c.findProvinces(query.q?.normalize('NFC')), query), toProvinceDto),
    );
    lane.get(R.getProvince, ({ params }) => {
      const code = ProvinceCodePipe.transform(params.code);
      const p = c.province(code);
      if (!p) throw GeoErrors.provinceNotFound(code);
      return toProvinceDto(p);
    });
    lane.get(R.listProvinceCommunes, ({ params, query }) => {
      const code = ProvinceCodePipe.transform(params.code);
      if (!c.province(code)) throw GeoErrors.provinceNotFound(code);
      const list = c.findCommunes({ q: query.q, provinceCode: code, type: query.type });
      return mapPage(slicePage(list, query), toCommuneDto);
    });
    lane.get(
      R.listCommunes,
      ({ query }) =>
        mapPage(slicePage(c.findCommunes({ q: query.q, provinceCode: query.province, type: query.type }), query), toCommuneDto),
      {
        // autocomplete traffic repeats the same prefixes: answers are kept until the catalog reloads
        // (keyed on the text as typed: no normalisation on a hit)
        key: ({ query }) => `${query.q ?? ''}|${query.province ?? ''}|${query.type ?? ''}|${query.limit}|${query.offset}`,
        generation: () => c.generation,
        maxBytes: 64 * 1024 * 1024,
      },
    );
    lane.get(R.getCommune, ({ params }) => {
      const code = CommuneCodePipe.transform(params.code);
      const commune = c.commune(code);
      if (!commune) throw GeoErrors.communeNotFound(code);
      return toCommuneDto(commune);
    });
  }
}
