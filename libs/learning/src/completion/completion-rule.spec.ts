import { completionRuleProblem, DEFAULT_COMPLETION_RULE } from './completion-rule';

describe('completionRuleProblem', () => {
  it('accepts the default and every rule somebody can meet', () => {
    expect(completionRuleProblem(DEFAULT_COMPLETION_RULE)).toBeNull();
    expect(completionRuleProblem({ minAttendanceShare: null, requireFinalPassed: true, selfPaced: false })).toBeNull();
    expect(completionRuleProblem({ minAttendanceShare: 0.5, requireFinalPassed: false, selfPaced: false })).toBeNull();
    expect(completionRuleProblem({ minAttendanceShare: null, requireFinalPassed: false, selfPaced: true })).toBeNull();
    expect(completionRuleProblem({ minAttendanceShare: 0, requireFinalPassed: false, selfPaced: false })).toBeNull();
    expect(completionRuleProblem({ minAttendanceShare: 1, requireFinalPassed: true, selfPaced: false })).toBeNull();
  });

  it('refuses a rule nobody can meet', () => {
    expect(completionRuleProblem({ minAttendanceShare: null, requireFinalPassed: false, selfPaced: false })).toMatch(/nobody/);
  });

  it('refuses a share outside 0..1', () => {
    expect(completionRuleProblem({ minAttendanceShare: 1.2, requireFinalPassed: true, selfPaced: false })).toMatch(/0 to 1/);
    expect(completionRuleProblem({ minAttendanceShare: -0.1, requireFinalPassed: true, selfPaced: false })).toMatch(/0 to 1/);
    expect(completionRuleProblem({ minAttendanceShare: Number.NaN, requireFinalPassed: true, selfPaced: false })).toMatch(/0 to 1/);
  });
});
