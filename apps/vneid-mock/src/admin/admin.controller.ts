import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { AdminGuard } from '../auth/guards';
import { CitizenRegistry } from '../citizens/citizen-registry';
import { AddCitizensBody, CccdParam, CitizenSampleQuery } from '../citizens/citizen.dto';
import { CredentialStore } from '../credentials/credential-store';
import { FaultInjector } from '../faults/fault-injector';
import { TrafficCounters } from '../faults/traffic-counters';
import { FaultsPatch } from './admin.dto';

/** Run-time control of the mock for tests and benchmarks (docs/vneid-partner-api.md, 7). */
@Controller('admin')
@UseGuards(AdminGuard)
export class AdminController {
  constructor(
    private readonly faults: FaultInjector,
    private readonly counters: TrafficCounters,
    private readonly store: CredentialStore,
    private readonly registry: CitizenRegistry,
  ) {}

  @Get('faults')
  getFaults() {
    return this.faults.settings;
  }

  @Put('faults')
  setFaults(@Body() patch: FaultsPatch) {
    return this.faults.update(JSON.parse(JSON.stringify(patch)) as FaultsPatch);
  }

  @Post('reset')
  @HttpCode(200)
  reset() {
    this.store.reset();
    this.counters.reset();
    this.registry.reset();
    this.faults.reset();
    return { reset: true, faults: this.faults.settings };
  }

  @Get('inspection')
  inspection() {
    return { faults: this.faults.settings, counters: this.counters.current, ...this.store.inspection() };
  }

  @Post('citizens')
  @HttpCode(200)
  addCitizens(@Body() body: AddCitizensBody) {
    return { added: this.registry.add(body.citizens) };
  }

  @Get('citizens')
  sampleCitizens(@Query() query: CitizenSampleQuery) {
    return { items: this.registry.sample(query.expected, query.count, query.offset) };
  }

  @Get('citizens/:cccd')
  citizen(@Param() params: CccdParam) {
    return this.registry.describe(params.cccd);
  }
}
