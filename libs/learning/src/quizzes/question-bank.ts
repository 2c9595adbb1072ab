import { Injectable } from '@nestjs/common';
import { BoundedCache } from '@hvs/platform';
import type { EntityManager } from 'typeorm';
import type { QuestionEntity } from '../courses/question.entity';
import { FrameworkRepository } from '../courses/framework.repository';
import { LessonRepository } from '../courses/lesson.repository';
import { QuestionRepository } from '../courses/question.repository';

/** A lesson as results name it ("study next"). */
export interface BankLesson {
  id: string;
  position: number;
  title: string;
}

/** The question bank of one published (or retired) course version, with what results need to name things. */
export interface VersionBank {
  versionId: string;
  /** In key order: the order draws start from. */
  questions: readonly QuestionEntity[];
  byId: ReadonlyMap<string, QuestionEntity>;
  lessons: ReadonlyMap<string, BankLesson>;
  /** Competency code -> name, and its place in the framework (domain, position) for ordering. */
  competencies: ReadonlyMap<string, { name: string; order: number }>;
}

const MAX_VERSIONS = 256;
const TTL_MS = 60 * 60_000;

/**
 * The question banks of course versions that can have attempts, kept in memory. A version is drawn from
 * only once published, and a published (later retired) version never changes (only drafts are edited,
 * and a version never goes back to draft), so a bank read once serves every later start, answer check
 * and submission of that version without touching the database. Competency names (framework data) are
 * read with the bank and refreshed after an hour (the entry's lifetime). Bound: MAX_VERSIONS banks,
 * least recently used out first. Invalidation: none needed (a version's bank never changes); `clear` for
 * tests. Concurrent loads of one version are shared. Never call it for a draft.
 */
@Injectable()
export class QuestionBank {
  private readonly banks = new BoundedCache<string, VersionBank>({ maxEntries: MAX_VERSIONS, ttlMs: TTL_MS });

  constructor(
    private readonly framework: FrameworkRepository,
    private readonly lessons: LessonRepository,
    private readonly questions: QuestionRepository,
  ) {}

  /**
   * The bank of a version that is not a draft. Inside a transaction pass its manager: a bank not yet in
   * memory is then read on the transaction's connection, and the transaction never waits for a load
   * started elsewhere (that load may be waiting for a pool connection which transactions queued behind
   * this one's row lock all hold).
   */
  of(versionId: string, manager?: EntityManager): Promise<VersionBank> {
    return this.banks.getOrLoad(versionId, () => this.load(versionId, manager), { shareInFlight: !manager });
  }

  /** Forgets every bank (tests). */
  clear(): void {
    this.banks.clear();
  }

  private async load(versionId: string, manager?: EntityManager): Promise<VersionBank> {
    // one after the other: a transaction's connection runs one query at a time anyway
    const questions = await this.questions.questionsOf(versionId, undefined, manager);
    const lessons = await this.lessons.lessonsOfVersion(versionId, manager);
    const competencies = await this.framework.competencies(manager);
    return {
      versionId,
      questions,
      byId: new Map(questions.map((q) => [q.id, q])),
      lessons: new Map(lessons.map(({ lesson }) => [lesson.id, { id: lesson.id, position: lesson.position, title: lesson.title }])),
      competencies: new Map(competencies.map((c, order) => [c.code, { name: c.name, order }])),
    };
  }
}
