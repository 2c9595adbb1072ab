import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors } from '@hvs/platform';
import { CourseCatalogService } from './course-catalog.service';
import { FrameworkView } from './courses.dto';
import { SIGNED_IN } from './id-params';

@ApiTags('learning')
@ApiBearerAuth()
@Controller('learning/competencies')
export class CompetenciesController {
  constructor(private readonly catalog: CourseCatalogService) {}

  @Get()
  @Access(...SIGNED_IN)
  @ApiOperation({ summary: 'The digital competency framework: domains and their competencies' })
  @ApiOkResponse({ type: FrameworkView })
  @ApiErrors(401)
  framework(): Promise<FrameworkView> {
    return this.catalog.framework();
  }
}
