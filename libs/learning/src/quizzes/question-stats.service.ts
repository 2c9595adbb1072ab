import { Injectable } from '@nestjs/common';
import { GeoCatalog } from '@hvs/geography';
import { type Caller } from '@hvs/platform';
import { CourseRepository } from '../courses/course.repository';
import { CourseVersionRepository } from '../courses/course-version.repository';
import { QuizRepository } from '../courses/quiz.repository';
import { courseVisibleToStaff } from '../courses/course-visibility';
import { AttemptRepository } from './attempt.repository';
import { QuestionBank } from './question-bank';
import { QuizErrors } from './quiz-errors';
import type { QuestionStatsQuery, QuestionStatsView } from './quizzes.dto';

/**
 * Which questions of a course version people get wrong, over the submitted attempts of residents in the
 * caller's scope (or one commune of it): the "hardest questions" view of officers and instructors.
 * Figures per class: classes passes the people of a class to forResidents (GET /classes/{id}/question-stats).
 */
@Injectable()
export class QuestionStatsService {
  constructor(
    private readonly courses: CourseRepository,
    private readonly versions: CourseVersionRepository,
    private readonly quizzes: QuizRepository,
    private readonly attempts: AttemptRepository,
    private readonly bank: QuestionBank,
    private readonly catalog: GeoCatalog,
  ) {}

  async forVersion(versionId: string, query: QuestionStatsQuery, caller: Caller): Promise<QuestionStatsView> {
    const version = await this.versions.findVersion(versionId);
    const course = version ? await this.courses.findCourse(version.courseId) : null;
    if (!version || !course || !courseVisibleToStaff(course.offeredByProvince, caller.scope)) throw QuizErrors.versionNotFound(versionId);
    const quizIds = await this.quizIds(versionId, query.quizId);
    let paths: readonly string[] | null = caller.scope.kind === 'all' ? null : caller.scope.paths;
    if (query.communeCode !== undefined) {
      const commune = this.catalog.communeInScope(query.communeCode, caller.scope);
      paths = [commune.path];
    }
    return this.figures(versionId, quizIds, paths, null);
  }

  /**
   * The same figures over the attempts of the given residents only (a class's people; classes checks
   * who may see its class and passes them): the quiz, if given, must be of the version.
   */
  async forResidents(versionId: string, quizId: string | undefined, residentIds: readonly string[]): Promise<QuestionStatsView> {
    return this.figures(versionId, await this.quizIds(versionId, quizId), null, residentIds);
  }

  /** The version's quizzes, or the one asked for (which must be of the version). */
  private async quizIds(versionId: string, quizId: string | undefined): Promise<string[]> {
    const all = (await this.quizzes.quizzesOfVersion(versionId)).map((q) => q.id);
    if (quizId === undefined) return all;
    if (!all.includes(quizId)) throw QuizErrors.quizNotFound(quizId);
    return [quizId];
  }

  private async figures(versionId: string, quizIds: string[], paths: readonly string[] | null, residentIds: readonly string[] | null): Promise<QuestionStatsView> {
    const rows = await this.attempts.questionStats(quizIds, paths, residentIds);
    if (rows.length === 0) return { items: [] };
    const bank = await this.bank.of(versionId); // attempts exist, so the version is not a draft
    const items = rows.map((r) => {
      const question = bank.byId.get(r.questionId);
      return {
        questionId: r.questionId,
        key: question?.key ?? '',
        prompt: question?.prompt ?? '',
        lessonId: question?.lessonId ?? '',
        answered: r.answered,
        wrong: r.wrong,
        wrongShare: r.answered === 0 ? 0 : Math.round((10_000 * r.wrong) / r.answered) / 10_000,
      };
    });
    items.sort((a, b) => b.wrongShare - a.wrongShare || b.answered - a.answered || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { items };
  }
}
