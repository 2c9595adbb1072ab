import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log';

/** The audit-trail writer, available to every capability module. */
@Global()
@Module({ providers: [AuditLog], exports: [AuditLog] })
export class AuditModule {}
