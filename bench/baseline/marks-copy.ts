/**
 * The table the attendance-sync baselines write into, and their one multi-row INSERT: a copy of
 * classes_attendance_marks with its columns, defaults, checks, indexes AND foreign keys (the same
 * table, so the same rows cost what they cost there; `LIKE` copies no foreign key, so they are added).
 * Shared by the HTTP route (pg-marks-insert-server.ts) and the direct pg baseline (bench/lib/baselines.ts).
 */

/** A mark as the sync body carries it. */
export interface SyncBodyMark {
  id: string;
  sessionId: string;
  residentId: string;
  status: string;
  remark?: string | null;
  deviceTime: string;
}

/** The sync body: `{ deviceId?, marks }`. */
export interface SyncBody {
  deviceId?: string;
  marks: SyncBodyMark[];
}

const COLUMNS = 7;

/** SQL creating (anew) the copy `table` of classes_attendance_marks, foreign keys included. */
export function createMarksCopySql(table: string): string {
  return `DROP TABLE IF EXISTS ${table};
     CREATE TABLE ${table} (LIKE classes_attendance_marks INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
     ALTER TABLE ${table}
       ADD FOREIGN KEY (session_id) REFERENCES classes_sessions (id),
       ADD FOREIGN KEY (resident_id) REFERENCES identity_residents (id),
       ADD FOREIGN KEY (recorded_by) REFERENCES identity_accounts (id) ON DELETE SET NULL`;
}

/** The prepared INSERT of `rows` marks into `table` (its text and name), ON CONFLICT (id) DO NOTHING for re-sent batches. */
export class MarksInsert {
  private readonly texts = new Map<number, string>();

  constructor(private readonly table: string) {}

  /** A named prepared statement per row count, with the body's values in order. */
  query(body: SyncBody): { name: string; text: string; values: unknown[] } {
    const values: unknown[] = [];
    for (const m of body.marks) values.push(m.id, m.sessionId, m.residentId, m.status, m.remark ?? null, m.deviceTime, body.deviceId ?? null);
    return { name: `${this.table}_insert_${body.marks.length}`, text: this.text(body.marks.length), values };
  }

  private text(rows: number): string {
    let text = this.texts.get(rows);
    if (!text) {
      const tuples: string[] = [];
      for (let r = 0; r < rows; r++) {
        const p = (k: number) => `$${r * COLUMNS + k + 1}`;
        tuples.push(`(${p(0)}::uuid, ${p(1)}::uuid, ${p(2)}::uuid, ${p(3)}, ${p(4)}, ${p(5)}::timestamptz, ${p(6)}, 'sync', 'accepted')`);
      }
      text = `INSERT INTO ${this.table} (id, session_id, resident_id, status, remark, device_time, device_id, source, outcome)
              VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING`;
      this.texts.set(rows, text);
    }
    return text;
  }
}
