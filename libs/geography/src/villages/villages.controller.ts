import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessScope, ApiErrors, ApiPageResponse, type Page } from '@hvs/platform';
import { CommuneCodePipe, VillageCodePipe } from '../code-params';
import { CreateVillageBody, ListVillagesQuery, UpdateVillageBody } from '../dto/queries.dto';
import { VillageDto } from '../dto/unit.dto';
import { VillagesService } from './villages.service';

// Until accounts exist (identity issue) every caller has the whole country in scope; the services
// already take the scope, so protecting these routes is a change of this one line.
const callerScope = (): AccessScope => AccessScope.all();

@ApiTags('geography')
@Controller('geo')
export class VillagesController {
  constructor(private readonly villages: VillagesService) {}

  @Get('communes/:code/villages')
  @ApiOperation({ summary: 'Villages and residential groups of a commune' })
  @ApiPageResponse(VillageDto)
  @ApiErrors(400, 404)
  list(@Param('code', CommuneCodePipe) code: string, @Query() query: ListVillagesQuery): Promise<Page<VillageDto>> {
    return this.villages.list(code, query, callerScope());
  }

  @Post('communes/:code/villages')
  @ApiOperation({ summary: 'Create a village / residential group in a commune' })
  @ApiCreatedResponse({ type: VillageDto })
  @ApiErrors(400, 404, 409, 422)
  create(@Param('code', CommuneCodePipe) code: string, @Body() body: CreateVillageBody): Promise<VillageDto> {
    return this.villages.create(code, body, callerScope());
  }

  @Get('villages/:code')
  @ApiOperation({ summary: 'One village' })
  @ApiOkResponse({ type: VillageDto })
  @ApiErrors(400, 404)
  get(@Param('code', VillageCodePipe) code: string): Promise<VillageDto> {
    return this.villages.get(code, callerScope());
  }

  @Patch('villages/:code')
  @ApiOperation({ summary: 'Rename a village or change its type' })
  @ApiOkResponse({ type: VillageDto })
  @ApiErrors(400, 404, 409)
  update(@Param('code', VillageCodePipe) code: string, @Body() body: UpdateVillageBody): Promise<VillageDto> {
    return this.villages.update(code, body, callerScope());
  }

  @Delete('villages/:code')
  @HttpCode(204)
  @ApiOperation({ summary: 'Archive a village (its code is never reused)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  archive(@Param('code', VillageCodePipe) code: string): Promise<void> {
    return this.villages.archive(code, callerScope());
  }
}
