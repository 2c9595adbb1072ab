import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessScope, AuditLog, commonError, Outbox, transactionWithRetry, type Caller, type OutboxEvent } from '@hvs/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CourseCompletion } from '../completion/course-completion.service';
import type { QuestionEntity } from '../courses/question.entity';
import { QuizRepository } from '../courses/quiz.repository';
import { courseVisibleToResident } from '../courses/course-visibility';
import { ASSISTING_ROLES, Learners } from '../learners/learners';
import { ProgressRepository } from '../progress/progress.repository';
import { AttemptRepository, type AttemptRow } from './attempt.repository';
import { drawAttempt } from './draw';
import { QuestionBank, type VersionBank } from './question-bank';
import { QuizErrors } from './quiz-errors';
import type { AnswerInput, AttemptResultView, AttemptView, OwnAttemptsQuery, OwnAttemptsView, SavedAnswersView, SubmitAttemptBody } from './quizzes.dto';
import { scoreAttempt } from './scoring';

/**
 * How late a request may come after the deadline and still count (the answer was on its way). An
 * attempt counts as expired, and is closed by whoever touches it next, only after this.
 */
export const DEADLINE_GRACE_MS = 5_000;

const ASSISTING: ReadonlySet<string> = new Set(ASSISTING_ROLES);

/** What starting gave: a new attempt (201) or the one in progress (200). */
export interface StartOutcome {
  created: boolean;
  attempt: AttemptView;
}

/**
 * Quiz attempts: start (draw, rules on attempts, cooldown, resume), saving answers, submission and
 * scoring on the server, the result with what to study next, the resident's own list.
 *
 * Deadlines: an attempt whose time ran out is closed with the answers saved before the deadline, as of
 * the deadline, by whichever request touches it next (a start, a read, a save or a submission), so an
 * expired attempt never blocks a new one and counts toward the attempt limit. With `on_deadline =
 * 'refuse'` a late save or submission answers 409 ATTEMPT_DEADLINE_PASSED; with 'auto_submit' a late
 * submission gets the result (autoSubmitted) and a late save 409 ATTEMPT_ALREADY_SUBMITTED.
 */
@Injectable()
export class AttemptsService {
  constructor(
    private readonly attempts: AttemptRepository,
    private readonly quizzes: QuizRepository,
    private readonly progress: ProgressRepository,
    private readonly bank: QuestionBank,
    private readonly learners: Learners,
    private readonly outbox: Outbox,
    private readonly completion: CourseCompletion,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  // ---- start ----

  async start(quizId: string, residentId: string | undefined, caller: Caller): Promise<StartOutcome> {
    const learner = await this.learners.resolve(caller, residentId);
    const ctx = await this.quizzes.findQuizInContext(quizId);
    // a draft is invisible, like a course of another province
    if (!ctx || ctx.version.status === 'draft' || !courseVisibleToResident(ctx.course.offeredByProvince, learner.provinceCode)) {
      throw QuizErrors.quizNotFound(quizId);
    }
    const { quiz, version, course } = ctx;

    const open = await this.attempts.findOpen(quizId, learner.residentId);
    if (open && !this.expired(open)) return { created: false, attempt: this.view(open, await this.bank.of(open.versionId)) };
    if (open) await this.closeExpired(open.id);

    const bank = await this.bank.of(version.id);
    const pool = quiz.kind === 'final' ? bank.questions : bank.questions.filter((q) => q.lessonId === quiz.lessonId);
    if (pool.length === 0) throw QuizErrors.quizEmpty();
    const seed = randomInt(-0x8000_0000, 0x8000_0000);
    const questions = drawAttempt(pool, quiz, seed);
    const id = uuidv7();

    const inserted = await this.dataSource.transaction(async (tx) => {
      const standing = await this.attempts.standing(tx, quizId, learner.residentId, version.id);
      if (version.status === 'retired' && !standing.attemptedVersion && !(await this.startedVersion(tx, learner.residentId, version.id))) {
        throw QuizErrors.versionRetired(version.id);
      }
      if (quiz.kind === 'final' && standing.passed) throw QuizErrors.alreadyPassed();
      if (quiz.maxAttempts !== null && standing.submitted >= quiz.maxAttempts) throw QuizErrors.attemptsExhausted(quiz.maxAttempts);
      if (quiz.cooldownS > 0 && standing.lastSubmittedAt) {
        const waitMs = standing.lastSubmittedAt.getTime() + quiz.cooldownS * 1000 - standing.now.getTime();
        if (waitMs > 0) throw QuizErrors.cooldown(Math.ceil(waitMs / 1000));
      }
      const number = standing.lastNumber + 1;
      const row = await this.attempts.insert(tx, {
        id,
        quizId,
        versionId: version.id,
        residentId: learner.residentId,
        path: learner.path,
        number,
        seed,
        questions,
        timeLimitS: quiz.timeLimitS,
        assistedBy: learner.assistedBy,
      });
      if (row && learner.assistedBy) {
        await this.audit.record(
          caller,
          {
            action: 'learning.attempt_start',
            targetType: 'learning_attempt',
            targetId: id,
            unitPath: learner.path,
            details: { quizId, residentId: learner.residentId, number },
          },
          tx,
        );
      }
      return row ? { ...row, number } : null;
    });

    if (!inserted) {
      // another start for the same resident and quiz won the race: theirs is the attempt
      const winner = await this.attempts.findOpen(quizId, learner.residentId);
      if (!winner) throw commonError(409, 'CONFLICT');
      return { created: false, attempt: this.view(winner, await this.bank.of(winner.versionId)) };
    }
    const row: AttemptRow = {
      id,
      quizId,
      versionId: version.id,
      residentId: learner.residentId,
      path: learner.path,
      number: inserted.number,
      questions,
      answers: {},
      status: 'in_progress',
      startedAt: inserted.startedAt,
      deadlineAt: inserted.deadlineAt,
      submittedAt: null,
      autoSubmitted: false,
      questionCount: questions.length,
      correctCount: null,
      scorePercent: null,
      passed: null,
      results: null,
      assistedBy: learner.assistedBy,
      kind: quiz.kind,
      passPercent: quiz.passPercent,
      onDeadline: quiz.onDeadline,
      courseId: course.id,
      residentAccountId: null,
      now: inserted.now,
    };
    return { created: true, attempt: this.view(row, bank) };
  }

  // ---- reads ----

  /** One attempt: the resident's own, one the caller assisted, or (staff) one of a resident in their scope. */
  async get(attemptId: string, caller: Caller): Promise<AttemptView> {
    let row = await this.attempts.find(attemptId);
    if (!row || !this.mayRead(row, caller)) throw QuizErrors.attemptNotFound(attemptId);
    if (this.expired(row)) row = (await this.closeExpired(row.id)) ?? row;
    return this.view(row, await this.bank.of(row.versionId));
  }

  /** The calling resident's attempts, newest first. */
  async listOwn(query: OwnAttemptsQuery, caller: Caller): Promise<OwnAttemptsView> {
    const learner = await this.learners.resolve(caller);
    const rows = await this.attempts.listOfResident(learner.residentId, query.quizId);
    return {
      items: rows.map((r) => ({
        id: r.id,
        quizId: r.quizId,
        number: r.number,
        status: r.status,
        scorePercent: r.scorePercent === null ? null : Number(r.scorePercent),
        passed: r.passed,
        startedAt: r.startedAt.toISOString(),
        submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
      })),
    };
  }

  // ---- answers and submission ----

  /** Saves (merges) answers while the attempt is open; all of them are checked before anything is stored. */
  async saveAnswers(attemptId: string, inputs: readonly AnswerInput[], caller: Caller): Promise<SavedAnswersView> {
    const outcome = await this.dataSource.transaction(async (tx) => {
      const row = await this.attempts.lock(tx, attemptId);
      if (!row || !this.mayWrite(row, caller)) throw QuizErrors.attemptNotFound(attemptId);
      if (row.status === 'submitted') return { refused: QuizErrors.alreadySubmitted() };
      const bank = await this.bank.of(row.versionId, tx);
      if (this.expired(row)) {
        // closed as of the deadline (committed), and the late answers are not taken
        await this.finalise(tx, row, row.answers, row.deadlineAt as Date, true, bank);
        return { refused: row.onDeadline === 'refuse' ? QuizErrors.deadlinePassed() : QuizErrors.alreadySubmitted() };
      }
      const answers = await this.attempts.mergeAnswers(tx, row.id, this.checkedAnswers(row, bank, inputs));
      await this.auditStaff(caller, row, 'learning.attempt_answers', tx, { count: inputs.length });
      return { saved: { attemptId: row.id, answers, deadlineAt: row.deadlineAt ? row.deadlineAt.toISOString() : null } };
    });
    if (outcome.refused) throw outcome.refused;
    return outcome.saved as SavedAnswersView;
  }

  /**
   * Scores the attempt on the server and closes it, in one transaction on the locked attempt row with
   * the course standing (finals) and the `learning.final_passed` event (a pass). Repeated or concurrent
   * submissions get the stored result.
   */
  async submit(attemptId: string, body: SubmitAttemptBody, caller: Caller): Promise<AttemptResultView> {
    if (caller.account.role === 'resident') {
      const done = await this.submitOpenOwn(attemptId, body, caller);
      if (done) return done;
    }
    const outcome = await transactionWithRetry(this.dataSource, async (tx) => {
      const row = await this.attempts.lock(tx, attemptId);
      if (!row || !this.mayWrite(row, caller)) throw QuizErrors.attemptNotFound(attemptId);
      const bank = await this.bank.of(row.versionId, tx);
      if (row.status === 'submitted') {
        // idempotent: the stored result (an attempt closed at the deadline of a 'refuse' quiz stays refused)
        return { row, bank, refused: row.autoSubmitted && row.onDeadline === 'refuse' };
      }
      if (this.expired(row)) {
        const closed = await this.finalise(tx, row, row.answers, row.deadlineAt as Date, true, bank);
        await this.auditStaff(caller, row, 'learning.attempt_submit', tx, { late: true });
        return { row: closed, bank, refused: row.onDeadline === 'refuse' };
      }
      const answers = body.answers?.length ? { ...row.answers, ...this.checkedAnswers(row, bank, body.answers) } : row.answers;
      const done = await this.finalise(tx, row, answers, row.now, false, bank);
      await this.auditStaff(caller, row, 'learning.attempt_submit', tx);
      return { row: done, bank, refused: false };
    }, { name: 'attempt submission' });
    if (outcome.refused) throw QuizErrors.deadlinePassed();
    return this.result(outcome.row, outcome.bank);
  }

  /**
   * The common case, a resident submitting their own open attempt in time, in two round trips: read
   * the attempt, then score and close it in one statement with its standing and outbox event
   * (AttemptRepository.finaliseInOneStatement). A PASSED final can complete the course, so it is closed
   * in a transaction instead: the same statement also takes the completion lock of (resident,
   * version), then the rule is evaluated under it (CourseCompletion): read, BEGIN, close + lock,
   * evaluate, COMMIT. Null when another path must answer: already submitted (the stored result),
   * expired (deadline rules), or closed by a concurrent submission meanwhile; staff submissions go the
   * transactional path too, for their audit entry.
   */
  private async submitOpenOwn(attemptId: string, body: SubmitAttemptBody, caller: Caller): Promise<AttemptResultView | null> {
    const row = await this.attempts.find(attemptId);
    if (!row || !this.mayWrite(row, caller)) throw QuizErrors.attemptNotFound(attemptId);
    if (row.status !== 'in_progress' || this.expired(row)) return null;
    const bank = await this.bank.of(row.versionId);
    const answers = body.answers?.length ? { ...row.answers, ...this.checkedAnswers(row, bank, body.answers) } : row.answers;
    const score = this.score(row, answers, bank);
    const fields = { answers, submittedAt: row.now, autoSubmitted: false, ...score };
    const finalPassed = row.kind === 'final' && score.passed;
    const follow = { finalStanding: row.kind === 'final', event: finalPassed ? this.finalPassed(row, score.scorePercent, row.now) : null };
    const closed = finalPassed
      ? await transactionWithRetry(
          this.dataSource,
          async (tx) => {
            if (!(await this.attempts.finaliseAndLockCompletion(tx, row.id, fields, follow))) return false;
            await this.completion.evaluate(tx, [{ residentId: row.residentId, versionId: row.versionId }], { alreadyLocked: true });
            return true;
          },
          { name: 'attempt submission' },
        )
      : await this.attempts.finaliseInOneStatement(row.id, fields, follow);
    return closed ? this.result(this.closedRow(row, answers, row.now, false, score), bank) : null;
  }

  // ---- rules ----

  private expired(row: AttemptRow): boolean {
    return row.status === 'in_progress' && row.deadlineAt !== null && row.now.getTime() > row.deadlineAt.getTime() + DEADLINE_GRACE_MS;
  }

  /** The resident, or staff who assisted the attempt, or staff whose scope holds the resident's unit. */
  private mayRead(row: AttemptRow, caller: Caller): boolean {
    if (caller.account.role === 'resident') return row.residentAccountId === caller.account.id;
    return row.assistedBy === caller.account.id || AccessScope.includes(caller.scope, row.path);
  }

  /** The resident, or a commune officer / instructor who assisted it or has the resident in scope. */
  private mayWrite(row: AttemptRow, caller: Caller): boolean {
    if (caller.account.role === 'resident') return row.residentAccountId === caller.account.id;
    return ASSISTING.has(caller.account.role) && (row.assistedBy === caller.account.id || AccessScope.includes(caller.scope, row.path));
  }

  /** A retired version is open only to residents who had begun it (an attempt or lesson progress). */
  private async startedVersion(tx: EntityManager, residentId: string, versionId: string): Promise<boolean> {
    if (await this.progress.courseProgressOf(residentId, versionId, tx)) return true;
    return (await this.progress.lessonProgressOf(residentId, versionId, tx)).length > 0;
  }

  /** Checks answers against the attempt: its questions, their shown options, one choice unless multiple. */
  private checkedAnswers(row: AttemptRow, bank: VersionBank, inputs: readonly AnswerInput[]): Record<string, string[]> {
    const shown = new Map(row.questions.map((q) => [q.id, q.options]));
    const out: Record<string, string[]> = {};
    for (const input of inputs) {
      const options = shown.get(input.questionId);
      if (!options) throw QuizErrors.unknownQuestion(input.questionId);
      if (input.questionId in out) throw QuizErrors.duplicateQuestion(input.questionId);
      const max = bank.byId.get(input.questionId)?.type === 'multiple' ? options.length : 1;
      if (input.choices.length > max) throw QuizErrors.tooManyChoices(input.questionId, max);
      const unknown = input.choices.find((key) => !options.includes(key));
      if (unknown !== undefined) throw QuizErrors.unknownOption(input.questionId, unknown);
      out[input.questionId] = [...input.choices];
    }
    return out;
  }

  /** Closes an attempt whose time ran out (if it still is open and expired); returns it as it now is. */
  private closeExpired(attemptId: string): Promise<AttemptRow | null> {
    return this.dataSource.transaction(async (tx) => {
      const row = await this.attempts.lock(tx, attemptId);
      if (!row || !this.expired(row)) return row;
      return this.finalise(tx, row, row.answers, row.deadlineAt as Date, true, await this.bank.of(row.versionId, tx));
    });
  }

  /**
   * Scores and closes a locked attempt in the caller's transaction; for a final, counts it in the
   * course standing and, on a pass, writes `learning.final_passed` to the outbox (once per resident and
   * version, whatever the number of passes) and evaluates the course's completion rule under its lock.
   */
  private async finalise(
    tx: EntityManager,
    row: AttemptRow,
    answers: Record<string, string[]>,
    at: Date,
    autoSubmitted: boolean,
    bank: VersionBank,
  ): Promise<AttemptRow> {
    const score = this.score(row, answers, bank);
    await this.attempts.finalise(tx, row.id, { answers, submittedAt: at, autoSubmitted, ...score });
    if (row.kind === 'final') {
      await this.progress.recordFinalAttempt(tx, {
        residentId: row.residentId,
        versionId: row.versionId,
        path: row.path,
        scorePercent: score.scorePercent,
        passed: score.passed,
        at,
      });
      if (score.passed) {
        await this.outbox.emit(tx, this.finalPassed(row, score.scorePercent, at));
        await this.completion.evaluate(tx, [{ residentId: row.residentId, versionId: row.versionId }]);
      }
    }
    return this.closedRow(row, answers, at, autoSubmitted, score);
  }

  private score(row: AttemptRow, answers: Record<string, string[]>, bank: VersionBank): ReturnType<typeof scoreAttempt> {
    return scoreAttempt(row.questions, answers, (id) => bank.byId.get(id)?.correctKeys ?? [], row.passPercent);
  }

  private finalPassed(row: AttemptRow, scorePercent: number, at: Date): OutboxEvent<'learning.final_passed'> {
    return finalPassedEvent(row, scorePercent, at);
  }

  /** The attempt as it is once closed with this score. */
  private closedRow(
    row: AttemptRow,
    answers: Record<string, string[]>,
    at: Date,
    autoSubmitted: boolean,
    score: ReturnType<typeof scoreAttempt>,
  ): AttemptRow {
    return {
      ...row,
      answers,
      status: 'submitted',
      submittedAt: at,
      autoSubmitted,
      correctCount: score.correctCount,
      scorePercent: String(score.scorePercent),
      passed: score.passed,
      results: score.results,
    };
  }

  private async auditStaff(caller: Caller, row: AttemptRow, action: string, tx: EntityManager, details: Record<string, unknown> = {}): Promise<void> {
    if (caller.account.role === 'resident') return;
    await this.audit.record(
      caller,
      { action, targetType: 'learning_attempt', targetId: row.id, unitPath: row.path, details: { quizId: row.quizId, residentId: row.residentId, ...details } },
      tx,
    );
  }

  // ---- views ----

  /** The attempt as the learner sees it: no answer key until it is submitted. */
  private view(row: AttemptRow, bank: VersionBank): AttemptView {
    const view: AttemptView = {
      id: row.id,
      quizId: row.quizId,
      courseVersionId: row.versionId,
      kind: row.kind,
      number: row.number,
      status: row.status,
      startedAt: row.startedAt.toISOString(),
      deadlineAt: row.deadlineAt ? row.deadlineAt.toISOString() : null,
      assisted: row.assistedBy !== null,
      questions: row.questions.map((q) => {
        const question = bankQuestion(bank, q.id);
        return {
          id: q.id,
          type: question.type,
          prompt: question.prompt,
          competency: question.competencyCode,
          lessonId: question.lessonId,
          options: shownOptions(question, q.options),
        };
      }),
      answers: row.answers,
    };
    if (row.status === 'submitted') view.result = this.result(row, bank);
    return view;
  }

  private result(row: AttemptRow, bank: VersionBank): AttemptResultView {
    const correctById = new Map((row.results ?? []).map((r) => [r.id, r.correct]));
    const breakdown = new Map<string, { correct: number; total: number }>();
    const missedLessons = new Set<string>();
    const questions = row.questions.map((q) => {
      const question = bankQuestion(bank, q.id);
      const correct = correctById.get(q.id) ?? false;
      const b = breakdown.get(question.competencyCode) ?? { correct: 0, total: 0 };
      b.total++;
      if (correct) b.correct++;
      else missedLessons.add(question.lessonId);
      breakdown.set(question.competencyCode, b);
      return {
        id: q.id,
        prompt: question.prompt,
        options: shownOptions(question, q.options),
        chosen: row.answers[q.id] ?? [],
        correctKeys: [...question.correctKeys],
        correct,
        explanation: question.explanation,
      };
    });
    const order = (code: string) => bank.competencies.get(code)?.order ?? Number.MAX_SAFE_INTEGER;
    return {
      attemptId: row.id,
      scorePercent: Number(row.scorePercent),
      correctCount: row.correctCount ?? 0,
      questionCount: row.questions.length,
      passPercent: row.passPercent,
      passed: row.passed === true,
      autoSubmitted: row.autoSubmitted,
      submittedAt: (row.submittedAt as Date).toISOString(),
      breakdown: [...breakdown.entries()]
        .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : 1))
        .map(([competency, b]) => ({ competency, name: bank.competencies.get(competency)?.name ?? competency, ...b })),
      studyNext: [...missedLessons]
        .map((id) => bank.lessons.get(id))
        .filter((l): l is NonNullable<typeof l> => l !== undefined)
        .sort((a, b) => a.position - b.position)
        .map((l) => ({ lessonId: l.id, position: l.position, title: l.title })),
      questions,
    };
  }
}

function bankQuestion(bank: VersionBank, id: string): QuestionEntity {
  const question = bank.byId.get(id);
  if (!question) throw new Error(`question ${id} of an attempt is missing from version ${bank.versionId}`);
  return question;
}

function shownOptions(question: QuestionEntity, keys: readonly string[]): Array<{ key: string; text: string }> {
  const text = new Map(question.options.map((o) => [o.key, o.text]));
  return keys.map((key) => ({ key, text: text.get(key) ?? '' }));
}

/** The event of a passed final: at most one per resident and version, whatever the number of passes. */
export function finalPassedEvent(
  row: Pick<AttemptRow, 'id' | 'residentId' | 'courseId' | 'versionId' | 'assistedBy'>,
  scorePercent: number,
  at: Date,
): OutboxEvent<'learning.final_passed'> {
  return {
    topic: 'learning.final_passed',
    dedupeKey: `learning.final_passed:${row.residentId}:${row.versionId}`,
    payload: {
      residentId: row.residentId,
      courseId: row.courseId,
      courseVersionId: row.versionId,
      attemptId: row.id,
      scorePercent,
      passedAt: at.toISOString(),
      assistedBy: row.assistedBy,
    },
  };
}
