import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessScope, ApiErrors, ApiPageResponse, type Page } from '@hvs/platform';
import { AreaIdPipe } from '../code-params';
import { CreateAreaBody, ListAreasQuery, UpdateAreaBody } from '../dto/queries.dto';
import { AreaDto } from '../dto/unit.dto';
import { AreasService } from './areas.service';

// See villages.controller.ts: scoped by the caller once accounts exist.
const callerScope = (): AccessScope => AccessScope.all();

@ApiTags('geography')
@Controller('geo/areas')
export class AreasController {
  constructor(private readonly areas: AreasService) {}

  @Get()
  @ApiOperation({ summary: 'Areas (groups of communes inside a province)' })
  @ApiPageResponse(AreaDto)
  @ApiErrors(400)
  list(@Query() query: ListAreasQuery): Promise<Page<AreaDto>> {
    return this.areas.list(query, callerScope());
  }

  @Post()
  @ApiOperation({ summary: 'Create an area from communes of one province' })
  @ApiCreatedResponse({ type: AreaDto })
  @ApiErrors(400, 404, 409, 422)
  create(@Body() body: CreateAreaBody): Promise<AreaDto> {
    return this.areas.create(body, callerScope());
  }

  @Get(':id')
  @ApiOperation({ summary: 'One area with its communes' })
  @ApiOkResponse({ type: AreaDto })
  @ApiErrors(400, 404)
  get(@Param('id', AreaIdPipe) id: string): Promise<AreaDto> {
    return this.areas.get(id, callerScope());
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename an area or replace its communes' })
  @ApiOkResponse({ type: AreaDto })
  @ApiErrors(400, 404, 409, 422)
  update(@Param('id', AreaIdPipe) id: string, @Body() body: UpdateAreaBody): Promise<AreaDto> {
    return this.areas.update(id, body, callerScope());
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an area' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  delete(@Param('id', AreaIdPipe) id: string): Promise<void> {
    return this.areas.delete(id, callerScope());
  }
}
