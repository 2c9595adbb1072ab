import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { bearerTokenOf, commonError, Env, isMetricsToken, metricsExposition, Public } from '@hvs/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** GET /metrics on the worker's port, for Prometheus: `Authorization: Bearer $METRICS_TOKEN` only. */
@ApiExcludeController()
@Controller('metrics')
export class WorkerMetricsController {
  constructor(private readonly env: Env) {}

  @Get()
  @Public()
  @Header('cache-control', 'no-store')
  async metrics(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const token = bearerTokenOf(request.headers.authorization);
    // a missing or wrong token: 401 alike (the worker has no accounts)
    if (!isMetricsToken(token, this.env.METRICS_TOKEN)) throw commonError(401, 'UNAUTHORIZED');
    const { contentType, body } = await metricsExposition();
    await reply.header('content-type', contentType).send(body);
  }
}
