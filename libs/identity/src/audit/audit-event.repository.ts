import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessScope, AUDIT_EVENTS_SQL, whereInScope } from '@hvs/platform';
import type { DataSource } from 'typeorm';

export interface AuditEventFilter {
  action?: string;
  targetType?: string;
  targetId?: string;
  actorAccountId?: string;
  /** Events at or after this time. */
  from?: Date;
  /** Events before this time. */
  to?: Date;
  /** Keyset: events strictly after this one in (at DESC, id DESC) order. */
  after?: AuditEventKey;
  limit: number;
}

/** Where an event sits in the trail's order: its time to the microsecond (ISO, UTC) and its id. */
export interface AuditEventKey {
  at: string;
  id: string;
}

/** One row of the trail as read (ids and the exact time as text, so nothing is rounded). */
export interface AuditEventRow {
  id: string;
  at: string;
  actorAccountId: string | null;
  actorRole: string;
  action: string;
  targetType: string;
  targetId: string | null;
  unitPath: string | null;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

/**
 * Reads of the audit trail (written only by `AuditLog`; the table refuses updates and deletes). Every
 * read takes the caller's scope: with the whole country it sees every event, otherwise only events whose
 * unit lies in the scope, so events without a unit are for administrators only.
 */
@Injectable()
export class AuditEventRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of events, newest first (at DESC, id DESC). */
  page(filter: AuditEventFilter, scope: AccessScope): Promise<AuditEventRow[]> {
    const qb = this.dataSource
      .createQueryBuilder()
      .from(AUDIT_EVENTS_SQL, 'e')
      .select('e.id::text', 'id')
      .addSelect(`to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'at')
      .addSelect('e.actor_account_id', 'actorAccountId')
      .addSelect('e.actor_role', 'actorRole')
      .addSelect('e.action', 'action')
      .addSelect('e.target_type', 'targetType')
      .addSelect('e.target_id', 'targetId')
      .addSelect('e.unit_path::text', 'unitPath')
      .addSelect('e.request_id', 'requestId')
      .addSelect('host(e.ip)', 'ip')
      .addSelect('e.details', 'details')
      .where('TRUE');
    whereInScope(qb, 'e.unit_path', scope);
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.targetType) qb.andWhere('e.target_type = :targetType', { targetType: filter.targetType });
    if (filter.targetId) qb.andWhere('e.target_id = :targetId', { targetId: filter.targetId });
    if (filter.actorAccountId) qb.andWhere('e.actor_account_id = :actorAccountId', { actorAccountId: filter.actorAccountId });
    if (filter.from) qb.andWhere('e.at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.at < :to', { to: filter.to });
    if (filter.after) {
      qb.andWhere('(e.at, e.id) < (:afterAt::timestamptz, :afterId::bigint)', { afterAt: filter.after.at, afterId: filter.after.id });
    }
    return qb.orderBy('e.at', 'DESC').addOrderBy('e.id', 'DESC').limit(filter.limit).getRawMany<AuditEventRow>();
  }
}
