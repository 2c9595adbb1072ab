import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { commonError, errorBody, QueueName, type AppError } from '@hvs/platform';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AdministratorGate, DASHBOARD_BASE, DASHBOARD_LOGIN } from './administrator-gate';

/** The queues the dashboard shows: every queue of the platform. */
export const DASHBOARD_QUEUES: QueueName[] = Object.values(QueueName);

/**
 * Bull Board at /admin/queues, for administrators only: its routes (pages, JSON API, static files) are
 * Fastify's, registered in their own scope whose onRequest hook lets through an administrator's bearer
 * token or dashboard session and answers everyone else: 401/403 (the API's error body) to a program,
 * a redirect to the login page to a browser without a session.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  constructor(
    private readonly gate: AdministratorGate,
    private readonly moduleRef: ModuleRef,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const board = new FastifyAdapter();
    board.setBasePath(DASHBOARD_BASE);
    createBullBoard({
      queues: DASHBOARD_QUEUES.map((name) => new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }))),
      // @bull-board/fastify carries its own copy of @bull-board/api's types: the same interface
      serverAdapter: board as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
      options: { uiConfig: { boardTitle: 'Học Vụ Số' } },
    });
    void fastify.register(
      async (scope) => {
        scope.addHook('onRequest', (request, reply) => this.guard(request, reply));
        await scope.register(board.registerPlugin());
      },
      { prefix: DASHBOARD_BASE },
    );
  }

  private async guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const outcome = await this.gate.dashboard(request);
    if ('error' in outcome) return this.refuse(request, reply, outcome.error);
    if (outcome.account) return;
    const browser = request.method === 'GET' && /text\/html/.test(request.headers.accept ?? '');
    if (browser) {
      await reply.redirect(`${DASHBOARD_LOGIN}?next=${encodeURIComponent(request.url)}`, 302);
      return;
    }
    return this.refuse(request, reply, commonError(401, 'UNAUTHORIZED'));
  }

  private async refuse(request: FastifyRequest, reply: FastifyReply, error: AppError): Promise<void> {
    await reply.status(error.status).header('content-type', 'application/json; charset=utf-8').send(errorBody(error, request.id));
  }
}
