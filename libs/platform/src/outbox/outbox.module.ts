import { Global, Module } from '@nestjs/common';
import { Outbox } from './outbox';

/** The transactional outbox writer, available to every capability module. */
@Global()
@Module({ providers: [Outbox], exports: [Outbox] })
export class OutboxModule {}
