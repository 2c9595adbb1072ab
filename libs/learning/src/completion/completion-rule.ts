/**
 * The completion rule of a course version (learning_course_versions.completion_rule), set by authors
 * on drafts. A resident completes version V when EITHER
 *   (a) in some class teaching V (a current enrolment): their attended share (present or late over the
 *       class sessions on their roster; home visits not counted) is at least `minAttendanceShare` (when
 *       set) AND they passed V's final (when `requireFinalPassed`), at least one of the two being set; OR
 *   (b) `selfPaced`: every lesson of V completed AND the final passed.
 * Evaluated by CourseCompletion, in SQL (completion.repository.ts), after the facts' transaction took
 * the (resident, version) lock.
 */
export interface CompletionRule {
  /** 0..1 (e.g. 0.7: 70 % of the class's sessions on the resident's roster); null: attendance does not count. */
  minAttendanceShare: number | null;
  /** The final assessment must be passed (for completion through a class). */
  requireFinalPassed: boolean;
  /** Completion online: every lesson completed and the final passed, without a class. */
  selfPaced: boolean;
}

/** The column's default (migration ClassesAttendance): 70 % attendance and the final, or self-paced. */
export const DEFAULT_COMPLETION_RULE: CompletionRule = { minAttendanceShare: 0.7, requireFinalPassed: true, selfPaced: true };

/** What is wrong with a rule (null: fine): a rule nobody can ever meet, or a share outside 0..1. */
export function completionRuleProblem(rule: CompletionRule): string | null {
  const share = rule.minAttendanceShare;
  if (share !== null && (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 1)) {
    return 'minAttendanceShare must be a number from 0 to 1, or null';
  }
  if (share === null && !rule.requireFinalPassed && !rule.selfPaced) {
    return 'a rule needs minAttendanceShare, requireFinalPassed or selfPaced: nobody could complete this version';
  }
  return null;
}

/** How a completion came about. */
export type CompletionVia = 'class' | 'self_paced';
