import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../access/caller';

/** One fact for the audit trail: what was done to which record, in which unit. */
export interface AuditEntry {
  /** Dotted verb, e.g. "resident.create", "resident.read_unmasked", "village.update". */
  action: string;
  targetType: string;
  targetId: string | null;
  /** The tree path of the unit the target belongs to, so officers can read the trail of their scope. */
  unitPath?: string | null;
  /** Non-personal details (field names changed, counts); never personal values. */
  details?: Record<string, unknown>;
}

/** Who acted: a caller of the api, or a named system process (CLI seeding, worker). */
export type AuditActor = Caller | { system: string };

/**
 * Writes the append-only audit trail (table `audit_events`; a trigger refuses UPDATE, DELETE and
 * TRUNCATE). Pass the transaction's entity manager so the entry commits or rolls back with the write
 * it describes.
 */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(actor: AuditActor, entries: AuditEntry | readonly AuditEntry[], manager?: EntityManager): Promise<void> {
    const list = Array.isArray(entries) ? (entries as readonly AuditEntry[]) : [entries as AuditEntry];
    if (list.length === 0) return;
    const who =
      'system' in actor
        ? { id: null, role: `system:${actor.system}`, requestId: null, ip: null }
        : { id: actor.account.id, role: actor.account.role, requestId: actor.requestId ?? null, ip: actor.ip ?? null };
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO audit_events (actor_account_id, actor_role, action, target_type, target_id, unit_path, request_id, ip, details)
       SELECT $1, $2, e.action, e.target_type, e.target_id, e.unit_path::ltree, $3, $4::inet, e.details
         FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[]) AS e(action, target_type, target_id, unit_path, details)`,
      [
        who.id,
        who.role,
        who.requestId,
        who.ip,
        list.map((e) => e.action),
        list.map((e) => e.targetType),
        list.map((e) => e.targetId),
        list.map((e) => e.unitPath ?? null),
        list.map((e) => (e.details ? JSON.stringify(e.details) : null)),
      ],
    );
  }
}
