import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AttendanceShareRegistry, NO_SOURCE } from './attendance-share';
import { CompletionRepository, type CompletionPair, type CompletionRecord } from './completion.repository';

/**
 * Course completion (completion-rule.ts): fires EXACTLY ONCE per resident and course version, whatever
 * order the facts arrive in, concurrent requests included.
 *
 * Every transaction that writes a fact which can make the rule true (an attendance mark that turns a
 * session into attended, a passed final, a completed lesson) calls `evaluate` after writing it, in the
 * same transaction. `evaluate` first takes the transaction-scoped advisory lock of each (resident,
 * version) in key order, THEN evaluates the rule in one statement, whose snapshot is taken after the
 * locks were granted: of two transactions bringing the last two facts, the second to get the lock sees
 * the first's committed fact and completes; the first, not seeing the second's, does not. The
 * completion row (primary key resident + version, ON CONFLICT DO NOTHING) and its outbox event
 * (dedupe key `learning.course_completed:<resident>:<version>`, written only when the row was inserted)
 * commit or roll back with the fact.
 *
 * Class attendance comes from the AttendanceShareSource registered in this process: without one the
 * process refuses to start (every module's init, where sources register, runs before this check).
 */
@Injectable()
export class CourseCompletion implements OnApplicationBootstrap {
  constructor(
    private readonly completions: CompletionRepository,
    private readonly shares: AttendanceShareRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.shares.current) throw new Error(NO_SOURCE);
  }

  /**
   * Locks then evaluates the pairs (distinct ones, in one statement each step), recording the
   * completions they now meet. `alreadyLocked`: the caller's transaction took every pair's lock
   * (completionLockKey) in an earlier statement, e.g. the attempt submission folds it into its UPDATE.
   */
  async evaluate(tx: EntityManager, pairs: readonly CompletionPair[], options: { alreadyLocked?: boolean } = {}): Promise<CompletionRecord[]> {
    const distinct = [...new Map(pairs.map((p) => [`${p.residentId}:${p.versionId}`, p])).values()];
    if (distinct.length === 0) return [];
    if (!options.alreadyLocked) await this.completions.lock(tx, distinct);
    return this.completions.evaluate(tx, distinct, (relation) => this.shares.sharesFrom(relation));
  }
}
