import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AccessScope, ApiErrors, ApiPageResponse, CurrentCaller, Public, type Caller, type Page } from '@hvs/platform';
import { ApiBearerAuth } from '@nestjs/swagger';
import { CommuneCodePipe, VillageCodePipe } from '../code-params';
import { CreateVillageBody, ListVillagesQuery, UpdateVillageBody } from '../dto/queries.dto';
import { VillageDto } from '../dto/unit.dto';
import { VillagesService } from './villages.service';

/** Who manages villages: commune officers of the commune, and the officers above them (their scope decides). */
const VILLAGE_MANAGERS = ['administrator', 'province_officer', 'area_officer', 'commune_officer'];

@ApiTags('geography')
@Controller('geo')
export class VillagesController {
  constructor(private readonly villages: VillagesService) {}

  @Get('communes/:code/villages')
  @Public()
  @ApiOperation({ summary: 'Villages and residential groups of a commune' })
  @ApiPageResponse(VillageDto)
  @ApiErrors(400, 404)
  list(@Param('code', CommuneCodePipe) code: string, @Query() query: ListVillagesQuery): Promise<Page<VillageDto>> {
    return this.villages.list(code, query, AccessScope.all());
  }

  @Post('communes/:code/villages')
  @Access(...VILLAGE_MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create a village / residential group in a commune' })
  @ApiCreatedResponse({ type: VillageDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  create(
    @Param('code', CommuneCodePipe) code: string,
    @Body() body: CreateVillageBody,
    @CurrentCaller() caller: Caller,
  ): Promise<VillageDto> {
    return this.villages.create(code, body, caller);
  }

  @Get('villages/:code')
  @Public()
  @ApiOperation({ summary: 'One village' })
  @ApiOkResponse({ type: VillageDto })
  @ApiErrors(400, 404)
  get(@Param('code', VillageCodePipe) code: string): Promise<VillageDto> {
    return this.villages.get(code, AccessScope.all());
  }

  @Patch('villages/:code')
  @Access(...VILLAGE_MANAGERS)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Rename a village or change its type' })
  @ApiOkResponse({ type: VillageDto })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @Param('code', VillageCodePipe) code: string,
    @Body() body: UpdateVillageBody,
    @CurrentCaller() caller: Caller,
  ): Promise<VillageDto> {
    return this.villages.update(code, body, caller);
  }

  @Delete('villages/:code')
  @Access(...VILLAGE_MANAGERS)
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Archive a village (its code is never reused)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  archive(@Param('code', VillageCodePipe) code: string, @CurrentCaller() caller: Caller): Promise<void> {
    return this.villages.archive(code, caller);
  }
}
