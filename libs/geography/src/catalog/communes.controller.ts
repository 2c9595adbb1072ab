import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPageResponse, mapPage, slicePage, type Page } from '@hvs/platform';
import { CommuneCodePipe } from '../code-params';
import { ListCommunesQuery } from '../dto/queries.dto';
import { CommuneDto } from '../dto/unit.dto';
import { GeoErrors } from '../geo-errors';
import { GeoCatalog } from './geo-catalog.service';
import { toCommuneDto } from './geo-mappers';

@ApiTags('geography')
@Controller('geo/communes')
export class CommunesController {
  constructor(private readonly catalog: GeoCatalog) {}

  @Get()
  @ApiOperation({
    summary: 'Communes, wards and special zones (3,321): filter by province and type, search by name',
    description:
      'Without `q`, ordered by code. With `q`, best match first (exact name, name prefix, other word, former name), then by code.',
  })
  @ApiPageResponse(CommuneDto)
  @ApiErrors(400)
  list(@Query() query: ListCommunesQuery): Page<CommuneDto> {
    const list = this.catalog.findCommunes({ q: query.q, provinceCode: query.province, type: query.type });
    return mapPage(slicePage(list, query), toCommuneDto);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One commune' })
  @ApiOkResponse({ type: CommuneDto })
  @ApiErrors(400, 404)
  get(@Param('code', CommuneCodePipe) code: string): CommuneDto {
    const c = this.catalog.commune(code);
    if (!c) throw GeoErrors.communeNotFound(code);
    return toCommuneDto(c);
  }
}
