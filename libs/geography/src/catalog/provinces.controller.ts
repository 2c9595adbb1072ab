import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPageResponse, mapPage, slicePage, type Page } from '@hvs/platform';
import { GeoCatalog } from './geo-catalog.service';
import { toCommuneDto, toProvinceDto } from './geo-mappers';
import { ProvinceCodePipe } from '../code-params';
import { ListProvinceCommunesQuery, NameSearchQuery } from '../dto/queries.dto';
import { CommuneDto, ProvinceDto } from '../dto/unit.dto';
import { GeoErrors } from '../geo-errors';

@ApiTags('geography')
@Controller('geo/provinces')
export class ProvincesController {
  constructor(private readonly catalog: GeoCatalog) {}

  @Get()
  @ApiOperation({ summary: 'Provinces and centrally-run cities (34), by code or by name search' })
  @ApiPageResponse(ProvinceDto)
  @ApiErrors(400)
  list(@Query() query: NameSearchQuery): Page<ProvinceDto> {
    return mapPage(slicePage(this.catalog.findProvinces(query.q), query), toProvinceDto);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One province' })
  @ApiOkResponse({ type: ProvinceDto })
  @ApiErrors(400, 404)
  get(@Param('code', ProvinceCodePipe) code: string): ProvinceDto {
    const p = this.catalog.province(code);
    if (!p) throw GeoErrors.provinceNotFound(code);
    return toProvinceDto(p);
  }

  @Get(':code/communes')
  @ApiOperation({ summary: 'Communes of a province' })
  @ApiPageResponse(CommuneDto)
  @ApiErrors(400, 404)
  communes(@Param('code', ProvinceCodePipe) code: string, @Query() query: ListProvinceCommunesQuery): Page<CommuneDto> {
    if (!this.catalog.province(code)) throw GeoErrors.provinceNotFound(code);
    const list = this.catalog.findCommunes({ q: query.q, provinceCode: code, type: query.type });
    return mapPage(slicePage(list, query), toCommuneDto);
  }
}
