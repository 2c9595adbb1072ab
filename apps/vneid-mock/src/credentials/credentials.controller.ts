import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { AppError } from '@hvs/platform';
import type { FastifyReply } from 'fastify';
import { CLIENT_ID, PartnerAuthGuard, type AuthenticatedRequest } from '../auth/guards';
import { CitizenRegistry } from '../citizens/citizen-registry';
import { FaultInjector } from '../faults/fault-injector';
import { partnerError } from '../mock-errors';
import { assertCompactJws } from './compact-jws';
import { ListCredentialsQuery, RecordCredentialBody, RevokeCredentialBody } from './credential.dto';
import { CredentialStore, type RecordedAnswer } from './credential-store';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,255}$/;
const clientOf = (request: AuthenticatedRequest) => request[CLIENT_ID] as string;

/** Record, list, read and revoke digital-skills credentials (docs/vneid-partner-api.md, 4). */
@Controller('v1/credentials')
@UseGuards(PartnerAuthGuard)
export class CredentialsController {
  constructor(
    private readonly store: CredentialStore,
    private readonly registry: CitizenRegistry,
    private readonly faults: FaultInjector,
  ) {}

  @Post()
  async record(
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: RecordCredentialBody,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordedAnswer> {
    if (key === undefined || key === '') throw partnerError('IDEMPOTENCY_KEY_MISSING');
    if (!IDEMPOTENCY_KEY.test(key)) throw partnerError('IDEMPOTENCY_KEY_INVALID');
    assertCompactJws(body.credential);
    try {
      const { answer, replayed } = await this.store.record({
        clientId: clientOf(request),
        key,
        body: JSON.parse(JSON.stringify(body)) as RecordCredentialBody,
        processingMs: this.faults.settings.processingMs,
        checkHolder: (holder) => {
          const check = this.registry.verify(holder);
          if (check.result === 'not_found') throw partnerError('CITIZEN_NOT_FOUND');
          if (check.result === 'mismatch') throw partnerError('HOLDER_MISMATCH', { field: check.field, fields: check.fields });
        },
      });
      void reply.status(201).header('location', `/v1/credentials/${answer.reference}`);
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return answer;
    } catch (err) {
      if (err instanceof AppError && (err.code === 'IDEMPOTENCY_KEY_IN_PROGRESS' || err.code === 'SERIAL_IN_PROGRESS')) {
        void reply.header('retry-after', '1');
      }
      throw err;
    }
  }

  @Get()
  list(@Query() query: ListCredentialsQuery, @Req() request: AuthenticatedRequest) {
    return this.store.list(clientOf(request), query);
  }

  @Get(':reference')
  get(@Param('reference') reference: string, @Req() request: AuthenticatedRequest) {
    return this.store.get(clientOf(request), reference);
  }

  @Post(':reference/revoke')
  @HttpCode(200)
  revoke(@Param('reference') reference: string, @Body() body: RevokeCredentialBody, @Req() request: AuthenticatedRequest) {
    return this.store.revoke(clientOf(request), reference, body.reason);
  }
}
