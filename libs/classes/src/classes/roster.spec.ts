import { isTestFile, literalTexts, sourceFiles } from '@hvs/testing';
import { rosterStateSql, type RosterState } from './roster';

const STATES: readonly RosterState[] = ['on_roster', 'not_enrolled_yet', 'withdrawn', 'not_enrolled'];

describe('the roster state as SQL', () => {
  it('is one CASE over the session s for the given resident expression', () => {
    const sql = rosterStateSql('m.resident_id');
    for (const state of STATES) expect(sql).toContain(`'${state}'`);
    expect(sql).toContain('s.visited_resident_id = m.resident_id');
    expect(sql.match(/e\.resident_id = m\.resident_id/g)).toHaveLength(3);
    expect(rosterStateSql('r.id')).not.toContain('m.resident_id');
  });

  it('is written in roster.ts only: no other SQL of the source tree decides a roster state', () => {
    const decidingState = new RegExp(`THEN\\s+'(${STATES.join('|')})'`);
    const writers = sourceFiles('libs', 'apps')
      .filter((path) => !isTestFile(path))
      .filter((path) => literalTexts(path).some((t) => decidingState.test(t.text)));
    expect(writers).toEqual(['libs/classes/src/classes/roster.ts']);
  });
});
