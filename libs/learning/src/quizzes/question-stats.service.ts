import { Injectable } from '@nestjs/common';
import { GeoCatalog } from '@hvs/geography';
import { type Caller } from '@hvs/platform';
import { CourseRepository } from '../courses/course.repository';
import { courseVisibleToStaff } from '../courses/course-visibility';
import { AttemptRepository } from './attempt.repository';
import { QuestionBank } from './question-bank';
import { QuizErrors } from './quiz-errors';
import type { QuestionStatsQuery, QuestionStatsView } from './quizzes.dto';

/**
 * Which questions of a course version people get wrong, over the submitted attempts of residents in the
 * caller's scope (or one commune of it): the "hardest questions" view of officers and instructors.
 * Figures per class come with classes (issue of classes): they need the enrolment of a resident in a
 * class at the time of the attempt, which this capability does not hold yet.
 */
@Injectable()
export class QuestionStatsService {
  constructor(
    private readonly courses: CourseRepository,
    private readonly attempts: AttemptRepository,
    private readonly bank: QuestionBank,
    private readonly catalog: GeoCatalog,
  ) {}

  async forVersion(versionId: string, query: QuestionStatsQuery, caller: Caller): Promise<QuestionStatsView> {
    const version = await this.courses.findVersion(versionId);
    const course = version ? await this.courses.findCourse(version.courseId) : null;
    if (!version || !course || !courseVisibleToStaff(course.offeredByProvince, caller.scope)) throw QuizErrors.versionNotFound(versionId);
    let quizIds = (await this.courses.quizzesOfVersion(versionId)).map((q) => q.id);
    if (query.quizId !== undefined) {
      if (!quizIds.includes(query.quizId)) throw QuizErrors.quizNotFound(query.quizId);
      quizIds = [query.quizId];
    }
    let paths: readonly string[] | null = caller.scope.kind === 'all' ? null : caller.scope.paths;
    if (query.communeCode !== undefined) {
      const commune = this.catalog.communeInScope(query.communeCode, caller.scope);
      paths = [commune.path];
    }
    const rows = await this.attempts.questionStats(quizIds, paths);
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
