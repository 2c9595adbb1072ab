import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Village classes and attendance (issue #5, docs/architecture.md "Inside classes"), and the course
 * completion rule they feed:
 * - a class belongs to a village or to its commune (`path`: the unit where it is held), teaches one
 *   course version, has staff (instructors, volunteers), a capacity, a schedule and a status;
 * - enrolments keep their history (withdrawal is a date, never a delete);
 * - sessions are numbered per class and day; a home visit (one-to-one guidance) is a session of its own;
 * - attendance: one current mark per (session, resident) in `classes_attendance`, every mark ever
 *   received in `classes_attendance_marks` (the id is the device's uuid: a mark sent twice is stored
 *   once), every change of a current mark in `classes_attendance_changes` (who, when, old -> new);
 * - offline sync batches are answered once and replayed from `classes_sync_batches` (Idempotency-Key);
 * - course versions get their completion rule; `learning_course_completions` holds one completion per
 *   resident and course version (the outbox event `learning.course_completed` is written with it).
 */
export class ClassesAttendance1764800000000 implements MigrationInterface {
  name = 'ClassesAttendance1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE learning_course_versions
        ADD COLUMN completion_rule jsonb NOT NULL
          DEFAULT '{"minAttendanceShare": 0.7, "requireFinalPassed": true, "selfPaced": true}'`);
    await q.query(`
      CREATE TABLE learning_course_completions (
        resident_id uuid NOT NULL REFERENCES identity_residents (id),
        version_id uuid NOT NULL REFERENCES learning_course_versions (id),
        path ltree NOT NULL,
        completed_at timestamptz NOT NULL DEFAULT now(),
        via text NOT NULL CHECK (via IN ('class', 'self_paced')),
        class_id uuid,
        PRIMARY KEY (resident_id, version_id)
      )`);
    await q.query(`CREATE INDEX learning_course_completions_path_idx ON learning_course_completions (version_id, path)`);

    await q.query(`
      CREATE TABLE classes_classes (
        id uuid PRIMARY KEY,
        commune_code varchar(5) NOT NULL REFERENCES geo_communes (code),
        village_code varchar(10) REFERENCES geo_villages (code),
        path ltree NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        course_version_id uuid NOT NULL REFERENCES learning_course_versions (id),
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 500),
        schedule text NOT NULL DEFAULT '' CHECK (length(schedule) <= 500),
        place text NOT NULL DEFAULT '' CHECK (length(place) <= 200),
        starts_on date,
        ends_on date,
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'completed', 'cancelled')),
        created_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
      )`);
    await q.query(`CREATE INDEX classes_classes_path_idx ON classes_classes (path, id)`);
    await q.query(`
      CREATE TABLE classes_staff (
        class_id uuid NOT NULL REFERENCES classes_classes (id),
        account_id uuid NOT NULL REFERENCES identity_accounts (id),
        kind text NOT NULL CHECK (kind IN ('instructor', 'volunteer')),
        added_at timestamptz NOT NULL DEFAULT now(),
        added_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        PRIMARY KEY (class_id, account_id)
      )`);
    await q.query(`CREATE INDEX classes_staff_account_idx ON classes_staff (account_id)`);
    await q.query(`
      CREATE TABLE classes_enrolments (
        id uuid PRIMARY KEY,
        class_id uuid NOT NULL REFERENCES classes_classes (id),
        resident_id uuid NOT NULL REFERENCES identity_residents (id),
        from_elsewhere boolean NOT NULL DEFAULT false,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        enrolled_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        withdrawn_at timestamptz,
        withdrawn_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        withdraw_reason text CHECK (length(withdraw_reason) <= 300)
      )`);
    await q.query(`CREATE UNIQUE INDEX classes_enrolments_current ON classes_enrolments (class_id, resident_id) WHERE withdrawn_at IS NULL`);
    await q.query(`CREATE INDEX classes_enrolments_resident_idx ON classes_enrolments (resident_id)`);
    await q.query(`
      CREATE TABLE classes_sessions (
        id uuid PRIMARY KEY,
        class_id uuid NOT NULL REFERENCES classes_classes (id),
        kind text NOT NULL DEFAULT 'class' CHECK (kind IN ('class', 'home_visit')),
        visited_resident_id uuid REFERENCES identity_residents (id),
        date date NOT NULL,
        number integer NOT NULL CHECK (number >= 1),
        starts_at time,
        ends_at time,
        place text NOT NULL DEFAULT '' CHECK (length(place) <= 200),
        lesson_ids uuid[] NOT NULL DEFAULT '{}',
        note text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        created_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        closed_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        UNIQUE (class_id, date, number),
        CHECK ((kind = 'home_visit') = (visited_resident_id IS NOT NULL)),
        CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at),
        CHECK ((status = 'closed') = (closed_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE classes_attendance (
        session_id uuid NOT NULL REFERENCES classes_sessions (id),
        resident_id uuid NOT NULL REFERENCES identity_residents (id),
        status text NOT NULL CHECK (status IN ('present', 'late', 'excused', 'absent')),
        remark text CHECK (length(remark) <= 300),
        mark_id uuid NOT NULL,
        device_time timestamptz NOT NULL,
        recorded_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (session_id, resident_id)
      )`);
    await q.query(`CREATE INDEX classes_attendance_resident_idx ON classes_attendance (resident_id)`);
    await q.query(`
      CREATE TABLE classes_attendance_marks (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES classes_sessions (id),
        resident_id uuid NOT NULL REFERENCES identity_residents (id),
        status text NOT NULL CHECK (status IN ('present', 'late', 'excused', 'absent')),
        remark text CHECK (length(remark) <= 300),
        device_time timestamptz NOT NULL,
        device_id text CHECK (length(device_id) <= 100),
        source text NOT NULL CHECK (source IN ('sync', 'roster', 'close')),
        outcome text NOT NULL CHECK (outcome IN ('accepted', 'superseded')),
        recorded_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX classes_attendance_marks_session_idx ON classes_attendance_marks (session_id, resident_id, device_time)`);
    await q.query(`
      CREATE TABLE classes_attendance_changes (
        id bigserial PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES classes_sessions (id),
        resident_id uuid NOT NULL REFERENCES identity_residents (id),
        old_status text,
        new_status text NOT NULL,
        old_remark text,
        new_remark text,
        mark_id uuid NOT NULL,
        changed_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX classes_attendance_changes_session_idx ON classes_attendance_changes (session_id, resident_id, id)`);
    await q.query(`
      CREATE TABLE classes_sync_batches (
        account_id uuid NOT NULL REFERENCES identity_accounts (id),
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 100),
        request_hash text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_id, idempotency_key)
      )`);
    // operators purge answers older than the sync window by date (docs/operations.md)
    await q.query(`CREATE INDEX classes_sync_batches_created_idx ON classes_sync_batches (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'classes_sync_batches',
      'classes_attendance_changes',
      'classes_attendance_marks',
      'classes_attendance',
      'classes_sessions',
      'classes_enrolments',
      'classes_staff',
      'classes_classes',
      'learning_course_completions',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`ALTER TABLE learning_course_versions DROP COLUMN completion_rule`);
  }
}
