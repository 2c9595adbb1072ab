import { Injectable } from '@nestjs/common';
import { AppError, decodeCursor, invalidCursor, keysetPage, type Caller, type KeysetPage } from '@hvs/platform';
import { AuditEventRepository, type AuditEventKey, type AuditEventRow } from './audit-event.repository';
import type { AuditEventView, ListAuditEventsQuery } from './audit-events.dto';

export const AuditErrors = {
  badRange: () => AppError.badRequest('INVALID_TIME_RANGE', 'Thời điểm bắt đầu phải trước thời điểm kết thúc.', { fields: ['from', 'to'] }),
};

/**
 * Reading the audit trail: administrators read all of it, officers the events of the units in their
 * scope (the repository filters), newest first, page by page with an opaque keyset cursor.
 */
@Injectable()
export class AuditEventsService {
  constructor(private readonly events: AuditEventRepository) {}

  async list(query: ListAuditEventsQuery, caller: Caller): Promise<KeysetPage<AuditEventView>> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from.getTime() > to.getTime()) throw AuditErrors.badRange();
    const rows = await this.events.page(
      {
        action: query.action,
        targetType: query.targetType,
        targetId: query.targetId,
        actorAccountId: query.actorAccountId,
        from,
        to,
        after: query.cursor ? afterKey(query.cursor) : undefined,
        limit: query.limit + 1,
      },
      caller.scope,
    );
    return keysetPage(rows, query.limit, toView, (row) => [row.at, row.id]);
  }
}

function toView(row: AuditEventRow): AuditEventView {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actorAccountId: row.actorAccountId,
    actorRole: row.actorRole,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    unitPath: row.unitPath,
    requestId: row.requestId,
    ip: row.ip,
    details: row.details,
  };
}

const CURSOR_AT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$/;

/** The cursor carries the last event's exact time (microseconds) and id; clients treat it as opaque. */
/** The (at, id) after which a page starts; 400 INVALID_CURSOR unless it is a real time and event id. */
function afterKey(cursor: string): AuditEventKey {
  const [at, id] = decodeCursor(cursor, [CURSOR_AT, /^[1-9][0-9]{0,17}$/]);
  if (Number.isNaN(Date.parse(at))) throw invalidCursor();
  return { at, id };
}
