import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AccessScope, ApiErrors, ApiPageResponse, CurrentCaller, Public, type Caller, type Page } from '@hvs/platform';
import { ApiBearerAuth } from '@nestjs/swagger';
import { AreaIdPipe } from '../code-params';
import { CreateAreaBody, ListAreasQuery, UpdateAreaBody } from '../dto/queries.dto';
import { AreaDto } from '../dto/unit.dto';
import { AreasService } from './areas.service';

/** Areas are set up by province officers for their province (and administrators). */
const AREA_MANAGERS = ['administrator', 'province_officer'];

@ApiTags('geography')
@Controller('geo/areas')
export class AreasController {
  constructor(private readonly areas: AreasService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Areas (groups of communes inside a province)' })
  @ApiPageResponse(AreaDto)
  @ApiErrors(400)
  list(@Query() query: ListAreasQuery): Promise<Page<AreaDto>> {
    return this.areas.list(query, AccessScope.all());
  }

  @Post()
  @Access(...AREA_MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an area from communes of one province' })
  @ApiCreatedResponse({ type: AreaDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  create(@Body() body: CreateAreaBody, @CurrentCaller() caller: Caller): Promise<AreaDto> {
    return this.areas.create(body, caller);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One area with its communes' })
  @ApiOkResponse({ type: AreaDto })
  @ApiErrors(400, 404)
  get(@Param('id', AreaIdPipe) id: string): Promise<AreaDto> {
    return this.areas.get(id, AccessScope.all());
  }

  @Patch(':id')
  @Access(...AREA_MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Rename an area or replace its communes' })
  @ApiOkResponse({ type: AreaDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(@Param('id', AreaIdPipe) id: string, @Body() body: UpdateAreaBody, @CurrentCaller() caller: Caller): Promise<AreaDto> {
    return this.areas.update(id, body, caller);
  }

  @Delete(':id')
  @Access(...AREA_MANAGERS)
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an area' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  delete(@Param('id', AreaIdPipe) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.areas.delete(id, caller);
  }
}
