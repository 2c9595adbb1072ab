import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { outboxInsertFrom, preparedIn, preparedQuery, subtreeRangesCondition, type OutboxEvent } from '@hvs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { RESIDENTS_SQL } from '@hvs/identity';
import { completionLockKey } from '../completion/completion.repository';
import type { DeadlinePolicy, QuizKind } from '../courses/quiz.entity';
import { finalAttemptUpsertFrom } from '../progress/progress.repository';
import type { AttemptQuestion, AttemptQuestionResult, AttemptStatus } from './attempt.entity';

/** An attempt with what every use of it needs of its quiz, version and resident, read in one query. */
export interface AttemptRow {
  id: string;
  quizId: string;
  versionId: string;
  residentId: string;
  path: string;
  number: number;
  questions: AttemptQuestion[];
  answers: Record<string, string[]>;
  status: AttemptStatus;
  startedAt: Date;
  deadlineAt: Date | null;
  submittedAt: Date | null;
  autoSubmitted: boolean;
  questionCount: number;
  correctCount: number | null;
  scorePercent: string | null;
  passed: boolean | null;
  results: AttemptQuestionResult[] | null;
  assistedBy: string | null;
  /** of the quiz */
  kind: QuizKind;
  passPercent: number;
  onDeadline: DeadlinePolicy;
  /** of the version */
  courseId: string;
  /** The resident's login account (null when they have none): who the resident caller must be. */
  residentAccountId: string | null;
  /** The database's clock when read (the transaction's start inside one): deadlines are judged by it. */
  now: Date;
}

/** A resident's attempts at one quiz, summed up for the start rules. */
export interface QuizStanding {
  submitted: number;
  lastNumber: number;
  lastSubmittedAt: Date | null;
  passed: boolean;
  /** Any attempt of the resident at any quiz of the version. */
  attemptedVersion: boolean;
  now: Date;
}

export interface NewAttempt {
  id: string;
  quizId: string;
  versionId: string;
  residentId: string;
  path: string;
  number: number;
  seed: number;
  questions: AttemptQuestion[];
  timeLimitS: number | null;
  assistedBy: string | null;
}

export interface AttemptScoreFields {
  answers: Record<string, string[]>;
  submittedAt: Date;
  autoSubmitted: boolean;
  correctCount: number;
  scorePercent: number;
  passed: boolean;
  results: AttemptQuestionResult[];
}

export interface OwnAttemptRow {
  id: string;
  quizId: string;
  number: number;
  status: AttemptStatus;
  scorePercent: string | null;
  passed: boolean | null;
  startedAt: Date;
  submittedAt: Date | null;
}

export interface QuestionStatRow {
  questionId: string;
  answered: number;
  wrong: number;
}

const ATTEMPT_COLUMNS = `
  a.id, a.quiz_id AS "quizId", a.version_id AS "versionId", a.resident_id AS "residentId", a.path::text AS path,
  a.number, a.questions, a.answers, a.status, a.started_at AS "startedAt", a.deadline_at AS "deadlineAt",
  a.submitted_at AS "submittedAt", a.auto_submitted AS "autoSubmitted", a.question_count AS "questionCount",
  a.correct_count AS "correctCount", a.score_percent AS "scorePercent", a.passed, a.results, a.assisted_by AS "assistedBy",
  q.kind, q.pass_percent AS "passPercent", q.on_deadline AS "onDeadline", v.course_id AS "courseId",
  r.account_id AS "residentAccountId", now() AS now`;

const ATTEMPT_FROM = `
  FROM learning_attempts a
  JOIN learning_quizzes q ON q.id = a.quiz_id
  JOIN learning_course_versions v ON v.id = a.version_id
  JOIN ${RESIDENTS_SQL} r ON r.id = a.resident_id`;

/**
 * All data access of attempts (learning_attempts). The attempt is read with its quiz rules, its course
 * and its resident's account in one query, locked for update when written, so the submission is one
 * transaction of few round trips: lock+read, one UPDATE, the progress upsert and the outbox insert.
 */
@Injectable()
export class AttemptRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** One attempt (no lock); outside a transaction as a prepared statement (the submission's first round trip). */
  async find(id: string, manager?: EntityManager): Promise<AttemptRow | null> {
    const sql = ATTEMPT_SUBMISSION_SQL.find;
    const rows = manager ? ((await manager.query(sql, [id])) as AttemptRow[]) : await preparedQuery<AttemptRow>(this.dataSource, 'learning_attempt_find', sql, [id]);
    return rows[0] ?? null;
  }

  /** One attempt, its row locked until the transaction ends (answers, submission, finalisation). */
  async lock(manager: EntityManager, id: string): Promise<AttemptRow | null> {
    const rows: AttemptRow[] = await manager.query(`SELECT ${ATTEMPT_COLUMNS} ${ATTEMPT_FROM} WHERE a.id = $1 FOR UPDATE OF a`, [id]);
    return rows[0] ?? null;
  }

  /** The resident's attempt in progress at the quiz, if any. */
  async findOpen(quizId: string, residentId: string, manager?: EntityManager): Promise<AttemptRow | null> {
    const rows: AttemptRow[] = await this.m(manager).query(
      `SELECT ${ATTEMPT_COLUMNS} ${ATTEMPT_FROM} WHERE a.quiz_id = $1 AND a.resident_id = $2 AND a.status = 'in_progress'`,
      [quizId, residentId],
    );
    return rows[0] ?? null;
  }

  async standing(manager: EntityManager, quizId: string, residentId: string, versionId: string): Promise<QuizStanding> {
    const [row] = await manager.query(
      `SELECT count(*) FILTER (WHERE a.status = 'submitted')::int AS submitted,
              coalesce(max(a.number), 0)::int AS "lastNumber",
              max(a.submitted_at) AS "lastSubmittedAt",
              coalesce(bool_or(a.passed), false) AS passed,
              EXISTS (SELECT 1 FROM learning_attempts x WHERE x.resident_id = $2 AND x.version_id = $3) AS "attemptedVersion",
              now() AS now
         FROM learning_attempts a WHERE a.quiz_id = $1 AND a.resident_id = $2`,
      [quizId, residentId, versionId],
    );
    return row as QuizStanding;
  }

  /**
   * Inserts an attempt unless the resident has one open at the quiz already, or the number is taken
   * (two starts at once): returns null then, and the caller reads the open one.
   */
  async insert(manager: EntityManager, a: NewAttempt): Promise<{ startedAt: Date; deadlineAt: Date | null; now: Date } | null> {
    const rows: Array<{ startedAt: Date; deadlineAt: Date | null; now: Date }> = await manager.query(
      `INSERT INTO learning_attempts (id, quiz_id, version_id, resident_id, path, number, seed, questions, status, started_at, deadline_at, question_count, assisted_by)
       VALUES ($1, $2, $3, $4, $5::ltree, $6, $7, $8::jsonb, 'in_progress', now(), now() + make_interval(secs => $9::int), $10, $11)
       ON CONFLICT DO NOTHING RETURNING started_at AS "startedAt", deadline_at AS "deadlineAt", now() AS now`,
      [a.id, a.quizId, a.versionId, a.residentId, a.path, a.number, a.seed, JSON.stringify(a.questions), a.timeLimitS, a.questions.length, a.assistedBy],
    );
    return rows[0] ?? null;
  }

  /** Merges answers into the saved ones (per question, the latest wins); returns all of them. */
  async mergeAnswers(manager: EntityManager, id: string, answers: Record<string, string[]>): Promise<Record<string, string[]>> {
    // TypeORM answers an UPDATE with [rows, affected]
    const [rows]: [Array<{ answers: Record<string, string[]> }>, number] = await manager.query(
      `UPDATE learning_attempts SET answers = answers || $2::jsonb WHERE id = $1 RETURNING answers`,
      [id, JSON.stringify(answers)],
    );
    return rows[0].answers;
  }

  /** Stores the score and closes the attempt (in the submission's transaction, on a locked row). */
  async finalise(manager: EntityManager, id: string, s: AttemptScoreFields): Promise<void> {
    await manager.query(
      `UPDATE learning_attempts
          SET answers = $2::jsonb, status = 'submitted', submitted_at = $3, auto_submitted = $4,
              correct_count = $5, score_percent = $6, passed = $7, results = $8::jsonb
        WHERE id = $1`,
      [id, JSON.stringify(s.answers), s.submittedAt, s.autoSubmitted, s.correctCount, s.scorePercent, s.passed, JSON.stringify(s.results)],
    );
  }

  /**
   * Scores and closes an open attempt in ONE statement, as atomic as a transaction and three round
   * trips shorter: the UPDATE (only while the attempt is still open), then, from its returned row, the
   * course-standing upsert of a final (`finalAttemptUpsertFrom`) and the outbox event of a pass
   * (`outboxInsertFrom`). False when the attempt was no longer open (a concurrent submission closed it
   * first): nothing is written then.
   */
  async finaliseInOneStatement(
    id: string,
    s: AttemptScoreFields,
    follow: { finalStanding: boolean; event: OutboxEvent | null },
  ): Promise<boolean> {
    const rows = await preparedQuery<{ closed: number }>(this.dataSource, 'learning_attempt_submit', FINALISE_SQL, finaliseValues(id, s, follow));
    return rows[0].closed === 1;
  }

  /**
   * The same statement for a final, inside the caller's transaction, which also takes the
   * course-completion lock of the attempt's (resident, version) (completionLockKey): a passed final can
   * complete the course, and the rule must then be evaluated, in a later statement of the same
   * transaction, under that lock (CourseCompletion). Row locks first, the advisory lock last, as every
   * writer of completion facts does (a lesson report locks the same standing row, then the completion
   * lock): the lock is taken from the rows the standing upsert returned, so only once the attempt row
   * and the standing row are locked. In the other order a lesson report and this submission at the same
   * moment each waited for the other (a deadlock, course-completion-race.e2e-spec.ts).
   */
  async finaliseAndLockCompletion(
    tx: EntityManager,
    id: string,
    s: AttemptScoreFields,
    follow: { finalStanding: boolean; event: OutboxEvent | null },
  ): Promise<boolean> {
    if (!follow.finalStanding) throw new Error('finaliseAndLockCompletion is for finals: the completion lock follows the standing row');
    const rows = await preparedIn<{ closed: number; locked: number }>(tx, 'learning_attempt_submit_locked', FINALISE_LOCKED_SQL, finaliseValues(id, s, follow));
    if (rows[0].closed !== rows[0].locked) throw new Error('the completion lock was not taken for the closed attempt');
    return rows[0].closed === 1;
  }

  /** A resident's attempts, newest first (optionally at one quiz). */
  listOfResident(residentId: string, quizId?: string): Promise<OwnAttemptRow[]> {
    return this.m().query(
      `SELECT a.id, a.quiz_id AS "quizId", a.number, a.status, a.score_percent AS "scorePercent", a.passed,
              a.started_at AS "startedAt", a.submitted_at AS "submittedAt"
         FROM learning_attempts a
        WHERE a.resident_id = $1 AND ($2::uuid IS NULL OR a.quiz_id = $2)
        ORDER BY a.started_at DESC, a.number DESC
        LIMIT 500`,
      [residentId, quizId ?? null],
    );
  }

  /**
   * Per question: in how many submitted attempts at the quizzes it was drawn, and how many of those got it
   * wrong, over the attempts whose resident unit lies under one of `paths` (null: everywhere). Reads the
   * stored per-question results (jsonb), through the (quiz_id, path) index of submitted attempts.
   */
  questionStats(quizIds: readonly string[], paths: readonly string[] | null, residentIds: readonly string[] | null = null): Promise<QuestionStatRow[]> {
    if (quizIds.length === 0 || (paths && paths.length === 0) || (residentIds && residentIds.length === 0)) return Promise.resolve([]);
    const values: unknown[] = [quizIds];
    let inPaths = paths
      ? `AND ${subtreeRangesCondition('a.path', paths, (value) => {
          values.push(value);
          return `$${values.length}`;
        })}`
      : '';
    if (residentIds) {
      values.push(residentIds);
      inPaths += ` AND a.resident_id = ANY($${values.length}::uuid[])`;
    }
    return this.m().query(
      `SELECT r.id AS "questionId", count(*)::int AS answered, (count(*) FILTER (WHERE NOT r.correct))::int AS wrong
         FROM learning_attempts a
        CROSS JOIN LATERAL jsonb_to_recordset(a.results) AS r(id uuid, correct boolean)
        WHERE a.quiz_id = ANY($1::uuid[]) AND a.status = 'submitted' ${inPaths}
        GROUP BY r.id`,
      values,
    );
  }
}

/**
 * The one statement closing an open attempt (see finaliseInOneStatement), optionally with the completion
 * lock. Data-modifying CTEs run in no promised order unless one reads another's output: `locked` reads
 * the rows `standing` returned, so the advisory lock comes after the standing row's lock.
 */
function finaliseStatement(completionLock: boolean): string {
  return `WITH closed AS (
       UPDATE learning_attempts
          SET answers = $2::jsonb, status = 'submitted', submitted_at = $3, auto_submitted = $4,
              correct_count = $5, score_percent = $6, passed = $7, results = $8::jsonb
        WHERE id = $1 AND status = 'in_progress'
        RETURNING resident_id, version_id, path, submitted_at, score_percent, passed
     ), standing AS (
       ${finalAttemptUpsertFrom('SELECT resident_id, version_id, path, submitted_at, score_percent, passed FROM closed WHERE $9::boolean')}
       RETURNING p.resident_id, p.version_id
     ), event AS (
       ${outboxInsertFrom('SELECT $10::text, $11::text, $12::jsonb FROM closed WHERE $10::text IS NOT NULL')}
     )${
       completionLock
         ? `, locked AS (SELECT pg_advisory_xact_lock(${completionLockKey('resident_id', 'version_id')}) FROM standing)
     SELECT (SELECT count(*) FROM closed)::int AS closed, (SELECT count(*) FROM locked)::int AS locked`
         : `
     SELECT count(*)::int AS closed FROM closed`
     }`;
}

const FINALISE_SQL = finaliseStatement(false);
const FINALISE_LOCKED_SQL = finaliseStatement(true);

/**
 * The two round trips of a resident's own submission (AttemptRepository.find, then
 * finaliseInOneStatement with finaliseValues): the benchmark's quiz-submit baseline runs the same.
 */
export const ATTEMPT_SUBMISSION_SQL = {
  find: `SELECT ${ATTEMPT_COLUMNS} ${ATTEMPT_FROM} WHERE a.id = $1`,
  finalise: FINALISE_SQL,
} as const;

export function finaliseValues(id: string, s: AttemptScoreFields, follow: { finalStanding: boolean; event: OutboxEvent | null }): unknown[] {
  return [
    id,
    JSON.stringify(s.answers),
    s.submittedAt,
    s.autoSubmitted,
    s.correctCount,
    s.scorePercent,
    s.passed,
    JSON.stringify(s.results),
    follow.finalStanding,
    follow.event?.topic ?? null,
    follow.event?.dedupeKey ?? null,
    follow.event ? JSON.stringify(follow.event.payload) : null,
  ];
}
