/**
 * The SQL platform publishes for capabilities' reads of its tables. Platform owns outbox_events and
 * audit_events: capabilities write them only through `Outbox` / `outboxInsertFrom` and `AuditLog`, and
 * read the audit trail through the relation below (docs/architecture.md, "Rules").
 */

/** The audit trail as capabilities may read it (the audit query endpoint, a resident's access log). */
export const AUDIT_EVENTS_SQL = '(SELECT id, at, actor_account_id, actor_role, action, target_type, target_id, unit_path, request_id, ip, details FROM audit_events)';
