import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Public } from '@hvs/platform';
import { UnitCodePipe } from '../code-params';
import { UnitDetailDto } from '../dto/unit.dto';
import { UnitsService } from './units.service';

@ApiTags('geography')
@Controller('geo/units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get(':code')
  @Public()
  @ApiOperation({ summary: 'Any unit (province 2 digits, commune 5 digits, village 12345-0001) with its ancestors' })
  @ApiOkResponse({ type: UnitDetailDto })
  @ApiErrors(400, 404)
  get(@Param('code', UnitCodePipe) code: string): Promise<UnitDetailDto> {
    return this.units.get(code);
  }
}
