import { Global, Module } from '@nestjs/common';
import { Outbox } from './outbox';
import { OutboxDispatcher, OutboxHandlers } from './outbox-dispatcher';

/** The transactional outbox writer, its consumers' registry and the dispatcher, available to every capability module. */
@Global()
@Module({ providers: [Outbox, OutboxHandlers, OutboxDispatcher], exports: [Outbox, OutboxHandlers, OutboxDispatcher] })
export class OutboxModule {}
