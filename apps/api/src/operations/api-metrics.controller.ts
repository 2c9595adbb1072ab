import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { metricsExposition, Public } from '@hvs/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdministratorGate } from './administrator-gate';

/**
 * GET /metrics (outside /api/v1), for Prometheus: `Authorization: Bearer $METRICS_TOKEN`, or an
 * administrator's access token. 401 without (or with an invalid token), 403 for another role.
 * Public for the access guard: the gate below is the check.
 */
@ApiExcludeController()
@Controller('metrics')
export class ApiMetricsController {
  constructor(private readonly gate: AdministratorGate) {}

  @Get()
  @Public()
  @Header('cache-control', 'no-store')
  async metrics(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const outcome = await this.gate.metrics(request);
    if ('error' in outcome) throw outcome.error;
    const { contentType, body } = await metricsExposition();
    await reply.header('content-type', contentType).send(body);
  }
}
