import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RegisterResidentBody, ResidentIdPipe } from '@hvs/identity';
import { Access, ApiErrors, CurrentCaller, type Caller } from '@hvs/platform';
import { CLASS_WORKERS, ClassIdPipe } from './class-access';
import { EnrolBody, EnrolmentResultView, EnrolmentView, RegisterAndEnrolView, WithdrawBody } from './enrolments.dto';
import { EnrolmentsService } from './enrolments.service';

@ApiTags('classes')
@ApiBearerAuth()
@Controller('classes/:classId/enrolments')
export class EnrolmentsController {
  constructor(private readonly enrolments: EnrolmentsService) {}

  @Post()
  @HttpCode(200)
  @Access(...CLASS_WORKERS)
  @ApiOperation({
    summary: 'Enrol residents by id (in your scope) and/or by CCCD (registered anywhere): 1..200 items, one outcome each (enrolled, already_enrolled, rejected + code)',
  })
  @ApiOkResponse({ type: EnrolmentResultView })
  @ApiErrors(400, 401, 403, 404, 409)
  enrol(@Param('classId', ClassIdPipe) id: string, @Body() body: EnrolBody, @CurrentCaller() caller: Caller): Promise<EnrolmentResultView> {
    return this.enrolments.enrol(id, body, caller);
  }

  @Post('register')
  @Access(...CLASS_WORKERS)
  @ApiOperation({ summary: 'Register a resident door to door (as POST /residents) and enrol them; a CCCD already registered enrols that person instead' })
  @ApiCreatedResponse({ type: RegisterAndEnrolView })
  @ApiErrors(400, 401, 403, 404, 409)
  register(@Param('classId', ClassIdPipe) id: string, @Body() body: RegisterResidentBody, @CurrentCaller() caller: Caller): Promise<RegisterAndEnrolView> {
    return this.enrolments.registerAndEnrol(id, body, caller);
  }

  @Delete(':residentId')
  @Access(...CLASS_WORKERS)
  @ApiOperation({ summary: 'Withdraw a resident from the class (the enrolment is kept with its withdrawal; enrolling again makes a new one)' })
  @ApiOkResponse({ type: EnrolmentView })
  @ApiErrors(400, 401, 403, 404, 409)
  withdraw(
    @Param('classId', ClassIdPipe) id: string,
    @Param('residentId', ResidentIdPipe) residentId: string,
    @Body() body: WithdrawBody,
    @CurrentCaller() caller: Caller,
  ): Promise<EnrolmentView> {
    return this.enrolments.withdraw(id, residentId, body ?? {}, caller);
  }
}
