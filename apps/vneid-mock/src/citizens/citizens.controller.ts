import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { PartnerAuthGuard } from '../auth/guards';
import { TrafficCounters } from '../faults/traffic-counters';
import { CitizenRegistry } from './citizen-registry';
import { CitizenClaim } from './citizen.dto';
import type { VerifyResult } from './registry';

/** `POST /v1/citizens/verify`: does the registry know this number with this name and birth date? */
@Controller('v1/citizens')
@UseGuards(PartnerAuthGuard)
export class CitizensController {
  constructor(
    private readonly registry: CitizenRegistry,
    private readonly counters: TrafficCounters,
  ) {}

  @Post('verify')
  @HttpCode(200)
  verify(@Body() body: CitizenClaim): VerifyResult {
    const result = this.registry.verify(body);
    this.counters.current.verifications[result.result]++;
    return result;
  }
}
