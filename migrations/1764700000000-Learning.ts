import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Learning (issue #4, docs/architecture.md "Inside learning"): the competency framework, courses and
 * their versions (a published version is immutable; learners, attempts and certificates point at the
 * exact version), ordered lessons, the question bank, quiz definitions, lesson progress and quiz
 * attempts. Progress and attempts carry the resident's unit path so scoped reads (a commune's
 * difficulty figures) are one indexed predicate.
 */
export class Learning1764700000000 implements MigrationInterface {
  name = 'Learning1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE learning_domains (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{1,2}$'),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        position integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE learning_competencies (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{1,2}\\.[0-9]{1,2}$'),
        domain_code text NOT NULL REFERENCES learning_domains (code),
        name text NOT NULL,
        position integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE learning_courses (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,29}$'),
        offered_by_province varchar(2) REFERENCES geo_provinces (code),
        created_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE learning_course_versions (
        id uuid PRIMARY KEY,
        course_id uuid NOT NULL REFERENCES learning_courses (id),
        number integer NOT NULL CHECK (number >= 1),
        status text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
        title text NOT NULL,
        summary text NOT NULL DEFAULT '',
        sequential boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        published_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        UNIQUE (course_id, number),
        CHECK ((status = 'draft') = (published_at IS NULL))
      )`);
    // one draft and one current published version per course at a time; older ones are 'retired'
    await q.query(`CREATE UNIQUE INDEX learning_course_versions_one_draft ON learning_course_versions (course_id) WHERE status = 'draft'`);
    await q.query(`CREATE UNIQUE INDEX learning_course_versions_one_current ON learning_course_versions (course_id) WHERE status = 'published'`);
    await q.query(`
      CREATE TABLE learning_lessons (
        id uuid PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES learning_course_versions (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 1),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        title text NOT NULL,
        content_md text NOT NULL,
        estimated_minutes integer NOT NULL CHECK (estimated_minutes BETWEEN 1 AND 240),
        content_hash text NOT NULL,
        CONSTRAINT learning_lessons_position_unique UNIQUE (version_id, position) DEFERRABLE INITIALLY DEFERRED,
        UNIQUE (version_id, slug)
      )`);
    await q.query(`
      CREATE TABLE learning_lesson_competencies (
        lesson_id uuid NOT NULL REFERENCES learning_lessons (id) ON DELETE CASCADE,
        competency_code text NOT NULL REFERENCES learning_competencies (code),
        PRIMARY KEY (lesson_id, competency_code)
      )`);
    await q.query(`
      CREATE TABLE learning_questions (
        id uuid PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES learning_course_versions (id) ON DELETE CASCADE,
        key text NOT NULL CHECK (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        lesson_id uuid NOT NULL REFERENCES learning_lessons (id) ON DELETE CASCADE,
        competency_code text NOT NULL REFERENCES learning_competencies (code),
        type text NOT NULL CHECK (type IN ('single', 'multiple', 'true_false')),
        prompt text NOT NULL,
        options jsonb NOT NULL,
        correct_keys text[] NOT NULL CHECK (cardinality(correct_keys) >= 1),
        explanation text NOT NULL,
        UNIQUE (version_id, key)
      )`);
    await q.query(`CREATE INDEX learning_questions_version_idx ON learning_questions (version_id, lesson_id)`);
    await q.query(`
      CREATE TABLE learning_quizzes (
        id uuid PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES learning_course_versions (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('lesson_check', 'final')),
        lesson_id uuid REFERENCES learning_lessons (id) ON DELETE CASCADE,
        title text NOT NULL,
        question_count integer NOT NULL CHECK (question_count BETWEEN 1 AND 100),
        per_competency jsonb,
        time_limit_s integer CHECK (time_limit_s BETWEEN 60 AND 14400),
        max_attempts integer CHECK (max_attempts BETWEEN 1 AND 100),
        cooldown_s integer NOT NULL DEFAULT 0 CHECK (cooldown_s BETWEEN 0 AND 2592000),
        pass_percent integer NOT NULL CHECK (pass_percent BETWEEN 1 AND 100),
        on_deadline text NOT NULL DEFAULT 'auto_submit' CHECK (on_deadline IN ('refuse', 'auto_submit')),
        CHECK ((kind = 'final') = (lesson_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX learning_quizzes_one_final ON learning_quizzes (version_id) WHERE kind = 'final'`);
    await q.query(`CREATE UNIQUE INDEX learning_quizzes_one_check ON learning_quizzes (lesson_id) WHERE kind = 'lesson_check'`);
    await q.query(`
      CREATE TABLE learning_progress (
        resident_id uuid NOT NULL REFERENCES identity_residents (id),
        lesson_id uuid NOT NULL REFERENCES learning_lessons (id),
        version_id uuid NOT NULL REFERENCES learning_course_versions (id),
        path ltree NOT NULL,
        status text NOT NULL CHECK (status IN ('in_progress', 'completed')),
        time_spent_s integer NOT NULL DEFAULT 0 CHECK (time_spent_s >= 0),
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (resident_id, lesson_id),
        CHECK ((status = 'completed') = (completed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX learning_progress_version_idx ON learning_progress (version_id, path)`);
    // a resident's standing in a course version: started, final assessment attempts, best score, passed
    await q.query(`
      CREATE TABLE learning_course_progress (
        resident_id uuid NOT NULL REFERENCES identity_residents (id),
        version_id uuid NOT NULL REFERENCES learning_course_versions (id),
        path ltree NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        lessons_completed integer NOT NULL DEFAULT 0,
        final_attempts integer NOT NULL DEFAULT 0,
        best_score_percent numeric(5, 2),
        final_passed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (resident_id, version_id)
      )`);
    await q.query(`CREATE INDEX learning_course_progress_version_idx ON learning_course_progress (version_id, path)`);
    await q.query(`
      CREATE TABLE learning_attempts (
        id uuid PRIMARY KEY,
        quiz_id uuid NOT NULL REFERENCES learning_quizzes (id),
        version_id uuid NOT NULL REFERENCES learning_course_versions (id),
        resident_id uuid NOT NULL REFERENCES identity_residents (id),
        path ltree NOT NULL,
        number integer NOT NULL CHECK (number >= 1),
        seed integer NOT NULL,
        questions jsonb NOT NULL,
        answers jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('in_progress', 'submitted')),
        started_at timestamptz NOT NULL DEFAULT now(),
        deadline_at timestamptz,
        submitted_at timestamptz,
        auto_submitted boolean NOT NULL DEFAULT false,
        question_count integer NOT NULL,
        correct_count integer,
        score_percent numeric(5, 2),
        passed boolean,
        results jsonb,
        assisted_by uuid REFERENCES identity_accounts (id) ON DELETE SET NULL,
        UNIQUE (quiz_id, resident_id, number),
        CHECK ((status = 'submitted') = (submitted_at IS NOT NULL AND passed IS NOT NULL))
      )`);
    // An attempt row is ~3.3 KB once submitted (drawn questions, answers, results): over the default
    // 2 KB target, PostgreSQL would compress its jsonb at every submission (pglz, the database's main
    // CPU cost of a submission). Rows up to a page stay inline and uncompressed.
    await q.query(`ALTER TABLE learning_attempts SET (toast_tuple_target = 8160)`);
    // one open attempt per resident and quiz; difficulty figures by quiz within a scope
    await q.query(`CREATE UNIQUE INDEX learning_attempts_one_open ON learning_attempts (quiz_id, resident_id) WHERE status = 'in_progress'`);
    await q.query(`CREATE INDEX learning_attempts_quiz_path_idx ON learning_attempts (quiz_id, path) WHERE status = 'submitted'`);
    await q.query(`CREATE INDEX learning_attempts_resident_idx ON learning_attempts (resident_id, version_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'learning_attempts',
      'learning_course_progress',
      'learning_progress',
      'learning_quizzes',
      'learning_questions',
      'learning_lesson_competencies',
      'learning_lessons',
      'learning_course_versions',
      'learning_courses',
      'learning_competencies',
      'learning_domains',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
