import { Injectable } from '@nestjs/common';
import { AppError, type Caller } from '@hvs/platform';
import { AuditEventRepository, type AuditEventKey, type AuditEventRow } from './audit-event.repository';
import type { AuditEventPageView, AuditEventView, ListAuditEventsQuery } from './audit-events.dto';

export const AuditErrors = {
  badCursor: () => AppError.badRequest('INVALID_CURSOR', 'Con trỏ trang không hợp lệ. Hãy tải lại trang đầu.', { field: 'cursor' }),
  badRange: () => AppError.badRequest('INVALID_TIME_RANGE', 'Thời điểm bắt đầu phải trước thời điểm kết thúc.', { fields: ['from', 'to'] }),
};

/**
 * Reading the audit trail: administrators read all of it, officers the events of the units in their
 * scope (the repository filters), newest first, page by page with an opaque keyset cursor.
 */
@Injectable()
export class AuditEventsService {
  constructor(private readonly events: AuditEventRepository) {}

  async list(query: ListAuditEventsQuery, caller: Caller): Promise<AuditEventPageView> {
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
        after: query.cursor ? decodeCursor(query.cursor) : undefined,
        limit: query.limit + 1,
      },
      caller.scope,
    );
    const more = rows.length > query.limit;
    const page = more ? rows.slice(0, query.limit) : rows;
    const last = page[page.length - 1];
    return { items: page.map(toView), nextCursor: more && last ? encodeCursor(last) : null, limit: query.limit };
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
function encodeCursor(row: AuditEventKey): string {
  return Buffer.from(`${row.at}|${row.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): AuditEventKey {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length || !at || !id || !CURSOR_AT.test(at) || Number.isNaN(Date.parse(at)) || !/^[1-9][0-9]{0,17}$/.test(id)) {
    throw AuditErrors.badCursor();
  }
  return { at, id };
}
