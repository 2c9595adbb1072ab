import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { AttemptsService } from './attempts.service';
import { OwnAttemptsQuery, OwnAttemptsView } from './quizzes.dto';

/** A resident's own attempts. */
@ApiTags('learning')
@ApiBearerAuth()
@Controller('me/learning')
export class OwnAttemptsController {
  constructor(private readonly attempts: AttemptsService) {}

  @Get('attempts')
  @Access('resident')
  @ApiOperation({ summary: 'Your quiz attempts, newest first' })
  @ApiOkResponse({ type: OwnAttemptsView })
  @ApiErrors(400, 401, 403, 404)
  list(@Query() query: OwnAttemptsQuery, @CurrentCaller() caller: Caller): Promise<OwnAttemptsView> {
    return this.attempts.listOwn(query, caller);
  }
}
